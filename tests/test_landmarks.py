"""Document.landmarks: the elements the stages look up by tag, found in one walk at load, give the stages exactly
what their own walks of the tree would."""

from __future__ import annotations

import dataclasses

import pytest

from dateline.inputs.load import LANDMARK_TAGS, load
from dateline.options import Options
from dateline.stages import content, meta_sources

from conftest import dev_html

# Dev pages with <meta>s, JSON-LD, h1s, <time>s and figures: two h1s and 15 figures; 8 <time>s; four JSON-LD scripts.
DEV_KEYS = ("08f793762792bd252c75fb57544cdf506ffcc04785136cb87503f02364b82b56",
            "264dc3ae31249cb1f50c50986e0952a4708c2e705d18a2d8bf0e525da6e2b485",
            "2c46804d9db4a85e8f8d31128ce0e11d02f25c7120c2faa5ec0664c604a47717")


def _doc(key: str):
    return load(dev_html(key), options=Options())


@pytest.mark.parametrize("key", DEV_KEYS)
def test_landmarks_are_the_tagged_elements_in_document_order(key: str) -> None:
    doc = _doc(key)
    assert doc.landmarks is not None and len(doc.landmarks) > 10
    assert list(doc.landmarks) == list(doc.tree.iter(*LANDMARK_TAGS))
    assert {el.tag for el in doc.landmarks} >= {"meta", "script", "title", "h1", "time", "figure"}


@pytest.mark.parametrize("key", DEV_KEYS)
def test_metadata_scan_reads_the_same_from_landmarks_as_from_the_tree(key: str) -> None:
    doc = _doc(key)
    from_landmarks = meta_sources.scan(doc.tree, doc.jsonld, doc.landmarks)
    walked = meta_sources.scan(doc.tree)
    assert from_landmarks.metas == walked.metas and from_landmarks.metas
    assert from_landmarks.jsonld == walked.jsonld and any("@context" in text for text in walked.jsonld)
    assert (from_landmarks.canonical, from_landmarks.head_title) == (walked.canonical, walked.head_title)
    assert from_landmarks.h1_texts == walked.h1_texts
    assert from_landmarks.times == walked.times and from_landmarks.times
    assert from_landmarks.figures == walked.figures and from_landmarks.figures


def test_headlines_are_the_body_h1s() -> None:
    html = (b"<!DOCTYPE html><html><head><title>T</title></head><body><header><h1>Site name</h1></header>"
            b"<article><h1>Harbour wall to be rebuilt</h1><p>The council voted.</p></article></body></html>")
    doc = load(html, options=Options())
    body = doc.tree.find("body")
    h1s = content.headlines(doc, body)
    assert [h1.text for h1 in h1s] == ["Site name", "Harbour wall to be rebuilt"]
    # A Document built without landmarks (by a caller of its own) walks the tree instead: the same h1s.
    bare = dataclasses.replace(doc, landmarks=None)
    assert content.headlines(bare, body) == h1s


def test_a_document_without_landmarks_extracts_the_same_metadata() -> None:
    from dateline.article import Article
    from dateline.stages import metadata

    doc = _doc(DEV_KEYS[0])
    options = Options()
    with_landmarks = metadata.run(doc, Article(), options)
    without = metadata.run(dataclasses.replace(doc, landmarks=None), Article(), options)
    assert with_landmarks == without and with_landmarks.title and with_landmarks.authors
