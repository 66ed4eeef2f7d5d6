"""Flattened-text stage: the article out of whole-page text (blocks, roles, title, caption, body).

PLACEHOLDER: every line is a paragraph; the flattened-text work replaces this module.
"""

from __future__ import annotations

import dataclasses

from dateline.article import Article, Block
from dateline.document import Document
from dateline.options import Options


def run(doc: Document, article: Article, options: Options) -> Article:
    blocks = tuple(Block(kind="paragraph", text=line.strip()) for line in doc.text.splitlines() if line.strip())
    return dataclasses.replace(article, body=blocks, is_article=bool(blocks), confidence=0.5 if blocks else 0.0)
