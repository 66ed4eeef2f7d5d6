"""Metadata stage: title, authors, dates, site, language, canonical URL, section, tags, lead image.

PLACEHOLDER: only the <title>; the metadata work replaces this module.
"""

from __future__ import annotations

import dataclasses

from dateline.article import Article
from dateline.document import Document
from dateline.options import Options


def run(doc: Document, article: Article, options: Options) -> Article:
    titles = doc.tree.xpath("//title/text()") if doc.tree is not None else []
    title = " ".join(titles[0].split()) if titles else None
    return dataclasses.replace(article, title=title or None)
