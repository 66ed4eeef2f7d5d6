"""Quotation stage: direct quotations with their speakers, offsets into Article.text.

PLACEHOLDER: finds nothing; the quotation work replaces this module.
"""

from __future__ import annotations

import dataclasses

from dateline.article import Article, Quote
from dateline.document import Document
from dateline.options import Options


def find_quotes(text: str) -> list[Quote]:
    """Direct quotations in any plain text (paragraphs separated by blank lines), offsets into that text."""
    return []


def run(doc: Document, article: Article, options: Options) -> Article:
    if not options.quotes or not article.body:
        return article
    return dataclasses.replace(article, quotes=tuple(find_quotes(article.text)))
