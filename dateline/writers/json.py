"""Article → JSON. Keys are sorted and non-ASCII kept, so the same article gives byte-identical output."""

from __future__ import annotations

import json

from dateline.article import Article


def to_json(article: Article, *, indent: int | None = 2, include_removed: bool = False) -> str:
    return json.dumps(article.to_dict(include_removed=include_removed), ensure_ascii=False, indent=indent,
                      sort_keys=True)
