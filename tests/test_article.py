"""The data model: frozen records, the scored `text`, and a to_dict() whose every key docs/schema.md documents."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from dateline.article import SCHEMA_VERSION, Article, Block, Image, Provenance, Quote, Removed, body_text

from conftest import REPO

SCHEMA_DOC = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
_SECTION = re.compile(r"^## (\w+)", re.MULTILINE)
_KEY_CELL = re.compile(r"^\| ((?:`\w+`(?:, )?)+) \|", re.MULTILINE)

STORY = "Kim Sok said: “We will return.” Police declined to comment."
ARTICLE = Article(
    title="Kim Sok returns", authors=("Mech Dara",), published="2019-11-19T10:00:00+07:00", language="en",
    image=Image(url="https://example.com/a.jpg", caption="Kim Sok.", credit="AFP"),
    body=(Block(kind="paragraph", text=STORY), Block(kind="figure", text="", image=Image(url="https://x/y.jpg")),
          Block(kind="heading", text="Background", level=2),
          Block(kind="table", text="a\tb", rows=(("a", "b"),), header=True),
          Block(kind="list", text="one\ntwo", items=("one", "two"), ordered=True)),
    is_article=True, confidence=0.9,
    quotes=(Quote(text="We will return.", start=15, end=30, speaker="Kim Sok", speaker_mention="Kim Sok",
                  cue="said", paragraph=0),),
    removed=(Removed(role="share", text="Share"),),
    provenance=(Provenance(field="title", source="opengraph", detail="og:title"),),
    source_kind="html",
)


def _documented_keys() -> dict[str, set[str]]:
    """Section name in docs/schema.md → the keys its table lists."""
    keys: dict[str, set[str]] = {}
    parts = _SECTION.split(SCHEMA_DOC)
    for name, section in zip(parts[1::2], parts[2::2]):
        keys[name] = {key.strip("`") for cell in _KEY_CELL.findall(section) for key in cell.split(", ")}
    return keys


def test_records_are_frozen_and_changed_only_by_replace():
    with pytest.raises(dataclasses.FrozenInstanceError):
        ARTICLE.title = "x"  # type: ignore[misc]
    changed = dataclasses.replace(ARTICLE, title="New")
    assert changed.title == "New" and ARTICLE.title == "Kim Sok returns"


def test_text_joins_blocks_with_a_blank_line_and_skips_empty_ones():
    assert ARTICLE.text == f"{STORY}\n\nBackground\n\na\tb\n\none\ntwo"
    assert body_text([Block(kind="paragraph", text="a"), Block(kind="paragraph", text="")]) == "a"
    assert Article().text == ""


def test_quote_offsets_point_into_text():
    quote = ARTICLE.quotes[0]
    assert ARTICLE.text[quote.start:quote.end] == quote.text


def test_equal_articles_hash_alike_and_removed_does_not_count():
    twin = dataclasses.replace(ARTICLE, removed=())
    assert twin == ARTICLE and hash(twin) == hash(ARTICLE)


def test_to_dict_is_json_ready_and_versioned():
    data = ARTICLE.to_dict()
    assert json.loads(json.dumps(data)) == json.loads(json.dumps(data, default=lambda _: pytest.fail("not JSON")))
    assert data["schema_version"] == SCHEMA_VERSION == 1
    assert data["text"] == ARTICLE.text
    assert "removed" not in data
    assert ARTICLE.to_dict(include_removed=True)["removed"] == [{"role": "share", "text": "Share", "origin": None}]


def test_blocks_carry_only_the_keys_of_their_kind():
    paragraph, figure, heading, table, listing = ARTICLE.to_dict()["body"]
    assert set(paragraph) == {"kind", "text", "origin"}
    assert set(figure) == {"kind", "text", "origin", "image"}
    assert heading["level"] == 2 and "items" not in heading
    assert table["rows"] == [["a", "b"]] and table["header"] is True
    assert listing["items"] == ["one", "two"] and listing["ordered"] is True


def test_every_to_dict_key_is_documented_in_schema_md():
    documented = _documented_keys()
    full = ARTICLE.to_dict(include_removed=True)
    assert set(full) == documented["Top"]
    block_keys = set().union(*(block.keys() for block in full["body"]))
    assert block_keys == documented["Block"]
    assert set(full["image"]) == documented["Image"]
    assert set(full["quotes"][0]) == documented["Quote"]
    assert set(full["provenance"][0]) == documented["Provenance"]
    assert set(full["removed"][0]) == documented["Removed"]


def test_schema_doc_lists_every_dataclass_field():
    documented = _documented_keys()
    for cls, section in ((Block, "Block"), (Image, "Image"), (Quote, "Quote"), (Provenance, "Provenance"),
                         (Removed, "Removed")):
        assert {field.name for field in dataclasses.fields(cls)} == documented[section], section
    assert {field.name for field in dataclasses.fields(Article)} | {"text", "schema_version"} == documented["Top"]
