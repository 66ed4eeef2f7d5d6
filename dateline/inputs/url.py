"""Fetching URLs with httpx.

PLACEHOLDER: a plain GET; the fetching work (timeouts, caps, retries, SSRF guard) replaces this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import httpx

from dateline.errors import FetchError
from dateline.options import DEFAULT_OPTIONS, Options


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # the final URL, after redirects
    content: bytes
    status: int
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    redirects: tuple[str, ...] = ()


def fetch(url: str, *, options: Options = DEFAULT_OPTIONS) -> Page:
    try:
        response = httpx.get(url, follow_redirects=True, timeout=options.timeout,
                             headers={"User-Agent": options.user_agent})
    except httpx.HTTPError as error:
        raise FetchError(f"cannot fetch {url}: {error}", url=url) from error
    return Page(url=str(response.url), content=response.content, status=response.status_code,
                content_type=response.headers.get("content-type"), headers=dict(response.headers))
