"""Content stage: the article body out of the HTML tree.

PLACEHOLDER: every <p> of the page; the content work replaces this module.
"""

from __future__ import annotations

import dataclasses

from dateline.article import Article, Block
from dateline.document import Document
from dateline.options import Options


def run(doc: Document, article: Article, options: Options) -> Article:
    blocks = []
    for p in doc.tree.iter("p"):
        text = " ".join(p.text_content().split())
        if text:
            blocks.append(Block(kind="paragraph", text=text))
    return dataclasses.replace(article, body=tuple(blocks), is_article=bool(blocks), confidence=0.5 if blocks else 0.0)
