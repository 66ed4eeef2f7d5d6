"""Article → plain text: the headline, a blank line, then the body (blocks separated by blank lines).

The body part is exactly `Article.text`, the field the benchmarks score; lists come one item a line and tables
one row a line with tab-separated cells, as `Block.text` holds them.
"""

from __future__ import annotations

from dateline.article import Article


def to_text(article: Article) -> str:
    parts = [" ".join(article.title.split())] if article.title else []
    if article.text:
        parts.append(article.text)
    return "\n\n".join(parts) + "\n"
