"""The article body a page declares in JSON-LD (`articleBody`): the fallback when the DOM holds much less of it."""

from __future__ import annotations

import json
from typing import Iterable

import lxml.html

_MAX_SCRIPT_CHARS = 2_000_000  # a JSON-LD block bigger than this is not metadata; don't parse it


def article_body(scripts: Iterable[str]) -> str | None:
    """The longest `articleBody` string in the page's JSON-LD blocks (Document.jsonld), as plain text with
    paragraph breaks."""
    best = ""
    for raw in scripts:
        if "articleBody" not in raw or len(raw) > _MAX_SCRIPT_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for body in _find_bodies(data):
            if len(body) > len(best):
                best = body
    return _as_text(best) if best else None


def _find_bodies(data: object) -> list[str]:
    """Every string value of an `articleBody` key, walking dicts and lists without recursion."""
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            body = item.get("articleBody")
            if isinstance(body, str):
                found.append(body)
            stack.extend(value for value in item.values() if isinstance(value, (dict, list)))
        elif isinstance(item, list):
            stack.extend(value for value in item if isinstance(value, (dict, list)))
    return found


def _as_text(body: str) -> str:
    """Some CMSs put HTML in articleBody: strip it to text, keeping paragraph breaks."""
    if "<" in body and ">" in body:
        try:
            fragment = lxml.html.fragment_fromstring(body, create_parent="div")
            for br in fragment.iter("br", "p", "div", "li", "h2", "h3"):
                br.tail = "\n" + (br.tail or "")
            body = fragment.text_content()
        except (ValueError, lxml.etree.ParserError):
            pass
    return body


def paragraphs(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n") if line.strip()]
