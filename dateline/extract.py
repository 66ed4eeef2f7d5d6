"""The orchestrator: input → Document → stages → Article."""

from __future__ import annotations

import dataclasses
from typing import Mapping

from dateline.article import Article
from dateline.errors import InputError
from dateline.inputs.load import Kind, load, looks_like_url
from dateline.options import DEFAULT_OPTIONS, Options
from dateline.stages import content, metadata, quotes, text_content

KINDS = ("auto", "html", "text", "url")

# Stage order matters: content reads the title found by metadata to drop a repeated headline; quotes read the body.
HTML_STAGES = (metadata.run, content.run, quotes.run)
TEXT_STAGES = (text_content.run, quotes.run)


def extract(data: bytes | str, *, url: str | None = None, kind: Kind = "auto", content_type: str | None = None,
            headers: Mapping[str, str] | None = None, options: Options | None = None) -> Article:
    """Extract the article from HTML (bytes or str), flattened page text, or a URL.

    1. A URL (kind="url", or a str that is only a URL) is fetched first.
    2. The input is decoded and parsed into a Document (HTML, or flattened text when it has no markup).
    3. The stages fill the Article: metadata, content, quotes (or, for text: text content, quotes).
    """
    options = options or DEFAULT_OPTIONS
    if kind not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if kind == "url" or (kind == "auto" and looks_like_url(data)):
        from dateline.inputs.url import fetch

        page = fetch(str(data).strip(), options=options)
        # The caller's url= wins (it may be the canonical one they know); otherwise the final URL after redirects.
        data, url, content_type, headers = page.content, url or page.url, page.content_type, page.headers
        kind = "text" if _is_plain_text(content_type) else "auto"
    doc = load(data, url=url, kind=kind, content_type=content_type, headers=headers, options=options)
    article = Article(url=url, source_kind=doc.kind)
    for stage in HTML_STAGES if doc.kind == "html" else TEXT_STAGES:
        article = stage(doc, article, options)
    if not options.include_removed and article.removed:
        article = dataclasses.replace(article, removed=())
    return article


def _is_plain_text(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() == "text/plain"
