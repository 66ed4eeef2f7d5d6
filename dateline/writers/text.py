"""Article → plain text: the headline, a blank line, then the body."""

from __future__ import annotations

from dateline.article import Article


def to_text(article: Article) -> str:
    parts = [article.title] if article.title else []
    if article.text:
        parts.append(article.text)
    return "\n\n".join(parts) + "\n"
