"""JSON-LD for the metadata stage: every <script type="application/ld+json"> parsed once, tolerantly, and the
article object found in it (top level, lists, @graph, mainEntity), with @id references resolved.

Pages get JSON-LD wrong in a few ways that a strict parser refuses: trailing commas, raw newlines and tabs inside
strings, HTML entities, a CDATA or comment wrapper, two objects back to back. Each is repaired before giving up on
one script; a script that still fails is skipped, never fatal.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, Iterator

# Schema.org types whose headline/author/dates describe the story on the page, most specific first.
ARTICLE_TYPES = frozenset("""
article newsarticle reportagenewsarticle analysisnewsarticle opinionnewsarticle reviewnewsarticle
backgroundnewsarticle asktheexpertnewsarticle askpublicnewsarticle satiricalarticle blogposting liveblogposting
socialmediaposting discussionforumposting techarticle scholarlyarticle report medicalscholarlyarticle
advertisercontentarticle
""".split())
# Content objects that are the page's subject when no article object is given (a review blog, a recipe site).
OTHER_CONTENT_TYPES = frozenset({"review", "recipe", "howto", "creativework"})
# Weaker: these describe the page, and carry the story's dates and name when no article object is given.
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "aboutpage", "profilepage", "qapage"})
MAX_SCRIPT_CHARS = 2_000_000  # a bigger "JSON-LD" script is an app state dump, not metadata

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x1f]")
_WRAPPER = re.compile(r"^\s*(?:<!\[CDATA\[|<!--|//\s*<!\[CDATA\[)|(?:\]\]>|-->|//\s*\]\]>)\s*$")


def parse_scripts(texts: list[str]) -> list[dict[str, Any]]:
    """The text of each JSON-LD script → all the objects in them, flattened (lists and @graph opened)."""
    objects: list[dict[str, Any]] = []
    for text in texts:
        if not text or len(text) > MAX_SCRIPT_CHARS:
            continue
        for data in _loads(text):
            objects.extend(_flatten(data, depth=0))
    return objects


def find_article(objects: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the article object, the web page object): the first of each kind, or None."""
    article = next((obj for obj in objects if _types(obj) & ARTICLE_TYPES), None)
    article = article or next((obj for obj in objects if _types(obj) & OTHER_CONTENT_TYPES), None)
    page = next((obj for obj in objects if _types(obj) & PAGE_TYPES), None)
    if article is None and page is not None:
        main = page.get("mainEntity")
        if isinstance(main, dict) and _types(main) & ARTICLE_TYPES:
            article = main
    return article, page


def index_ids(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """@id → object, so that {"@id": "#author-1"} in a Yoast @graph can be followed to the Person."""
    return {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str) and len(obj) > 1}


def resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in ids:
        return ids[value["@id"]]
    return value


def names(value: Any, ids: dict[str, dict[str, Any]], *, people_only: bool = False) -> list[str]:
    """A schema.org person/organisation value (str, object, list of either) → its names."""
    found: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        item = resolve(item, ids)
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            if people_only and _types(item) and not _types(item) & {"person"}:
                continue
            name = item.get("name")
            if isinstance(name, list):
                name = next((n for n in name if isinstance(n, str)), None)
            if isinstance(name, str):
                found.append(name)
    return found


def text(value: Any) -> str | None:
    """A schema.org text value (str, list of str, {"@value": ...}) → one string, or None."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, dict))), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("url")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if graph is not None:
            yield from _flatten(graph, depth + 1)
        if "@type" in data or "@id" in data:
            yield data


def _loads(text: str) -> list[Any]:
    """Strict first (the common case costs one json.loads); then the repairs, in order of how often they help."""
    text = text.strip()
    if text.startswith(("<!", "//")) or text.endswith(">"):  # the regex, tried on every script, costs as much as json
        text = _WRAPPER.sub("", text)
    repairs = (lambda: text, lambda: _repair(text), lambda: _repair(html.unescape(text)))  # each made only if needed
    for attempt in repairs:
        try:
            return _decode_all(attempt())
        except (ValueError, RecursionError):
            continue
    return []


def _repair(text: str) -> str:
    text = _CONTROL.sub(" ", text)
    return _TRAILING_COMMA.sub(r"\1", text)


def _decode_all(text: str) -> list[Any]:
    """One or more JSON values back to back ("{...}{...}" and "{...};" both happen)."""
    decoder = json.JSONDecoder()
    values, position, end = [], 0, len(text)
    while position < end:
        while position < end and text[position] in " \t\r\n;,":
            position += 1
        if position >= end:
            break
        value, position = decoder.raw_decode(text, position)
        values.append(value)
    if not values:
        raise ValueError("no JSON value")
    return values
