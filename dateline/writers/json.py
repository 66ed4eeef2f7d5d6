"""Article → JSON (the shape is documented in docs/schema.md).

Keys are sorted and non-ASCII kept as is, so the same article gives byte-identical output in any process; NaN or
infinity cannot appear (they are not JSON), and a value that is not JSON-ready is a bug, not something to coerce.
"""

from __future__ import annotations

import json

from dateline.article import Article


def to_json(article: Article, *, indent: int | None = 2, include_removed: bool = False) -> str:
    return json.dumps(article.to_dict(include_removed=include_removed), ensure_ascii=False, indent=indent,
                      sort_keys=True, allow_nan=False)
