"""The output record: one per input page, for a success and for a failure alike.

    id, source, record, offset, url       which input (id: WARC-Record-ID, JSONL "id", or the file path)
    ok, error_kind, error_message         failures are records too: DatelineError.kind, "timeout", "memory", "crash"
    title, published, language,           key scalars of the Article, for filtering without parsing `article`
      is_article, text
    article                               Article.to_dict() as compact JSON (sorted keys), None on failure; UTF-8
                                          bytes between the processes (written as they are), str when read
    simhash, duplicate_of                 with --dedup: the body's 64-bit SimHash (hex) and the id of the first
                                          earlier record it nearly duplicates
    elapsed_ms, rss_mb                    timing: extraction time, and the worker's resident memory after it

`TIMING_FIELDS` differ from run to run; every other field is a function of the input alone.
"""

from __future__ import annotations

from typing import Any

import orjson

from dateline.article import BLOCK_EMPTY_FIELDS, SCHEMA_VERSION, Article, Block
from dateline.batch.sources import Task

FIELDS = ("id", "source", "record", "offset", "url", "ok", "error_kind", "error_message", "title", "published",
          "language", "is_article", "text", "article", "simhash", "duplicate_of", "elapsed_ms", "rss_mb")
TIMING_FIELDS = ("elapsed_ms", "rss_mb")
# Error kinds the batch engine adds to DatelineError.kind: the worker was killed or died on this page.
TIMEOUT, MEMORY, CRASH = "timeout", "memory", "crash"

Row = dict[str, Any]


def _base(task: Task) -> Row:
    return {"id": task.id, "source": task.source, "record": task.record, "offset": task.offset, "url": task.url,
            "ok": False, "error_kind": None, "error_message": None, "title": None, "published": None,
            "language": None, "is_article": None, "text": None, "article": None, "simhash": None,
            "duplicate_of": None, "elapsed_ms": 0.0, "rss_mb": None, "seq": task.seq}


def article_row(task: Task, article: Article, *, include_removed: bool = False) -> Row:
    row = _base(task)
    text = article.text
    row.update(ok=True, title=article.title, published=article.published, language=article.language,
               is_article=article.is_article, text=text,
               article=article_json(article, include_removed=include_removed, text=text))
    return row


# Article.to_dict()'s shape, written by orjson straight from the dataclasses: the article's fields (`removed` only
# when asked for), its `text` and `schema_version`; a Block without the fields of other kinds (the same table,
# article.BLOCK_EMPTY_FIELDS, that to_dict() drops them by). The same bytes as orjson.dumps(article.to_dict())
# with sorted keys (tested on every dev page, HTML and text, with and without `removed`), in about half the time:
# 0.066 -> 0.036 ms a page on the dev pages, as no Python call is made per leaf value.
ARTICLE_FIELDS = tuple(name for name in Article.__dataclass_fields__ if name != "removed")
ARTICLE_JSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS


def article_json(article: Article, *, include_removed: bool = False, text: str | None = None) -> bytes:
    """Compact UTF-8 JSON with sorted keys of Article.to_dict(): the bytes json.dumps(..., ensure_ascii=False,
    sort_keys=True, separators=(",", ":")) gives, in a sixth of the time. `text`: article.text, if known."""
    data = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    if include_removed:
        data["removed"] = article.removed
    data["text"] = article.text if text is None else text
    data["schema_version"] = SCHEMA_VERSION
    return orjson.dumps(data, default=_dataclass_dict, option=ARTICLE_JSON_OPTIONS)


def _dataclass_dict(value: Any) -> dict[str, Any]:
    """A nested dataclass (Block, Quote, Image, Provenance, Removed) as to_dict() has it; orjson does the rest."""
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is None:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    data = {name: getattr(value, name) for name in fields}
    if type(value) is Block:
        for key, empty in BLOCK_EMPTY_FIELDS:
            if data[key] in (empty, (), []):
                del data[key]
    return data


def error_row(task: Task, kind: str, message: str, elapsed_ms: float = 0.0) -> Row:
    row = _base(task)
    row.update(error_kind=kind, error_message=message[:2000], elapsed_ms=round(elapsed_ms, 3))
    return row


def content(row: Row) -> Row:
    """The row without its timing: what must be equal between two runs over the same inputs."""
    return {key: row.get(key) for key in FIELDS if key not in TIMING_FIELDS}
