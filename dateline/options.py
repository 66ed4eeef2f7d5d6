"""One frozen, keyword-only Options object; the CLI flags and the HTTP API fields use the same names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    # Content
    include_comments: bool = False  # comment threads are not the article; peers that keep them lose most there
    include_tables: bool = True
    include_images: bool = True  # figures with captions as blocks of the body
    include_removed: bool = False  # keep the list of left-out blocks with their roles on Article.removed
    quotes: bool = True  # run the quotation stage
    # Run the HTML metadata stage (title, authors, dates, image, JSON-LD and <meta> sources: about a fifth of a page's
    # time). Off, an HTML page's Article carries the body alone, as text-only extractors give it; the body still
    # leaves out the page's headline, found by its <h1>. Flattened text reads its header lines to find the body
    # either way, and keeps what it found.
    metadata: bool = True
    # Input limits: bigger inputs raise InputTooLargeError instead of eating memory
    max_input_bytes: int = 50 * 1024 * 1024 + 1024 * 1024
    # Fetching (dateline.fetch, extract(url))
    timeout: float = 20.0  # total seconds for one fetch
    connect_timeout: float = 5.0
    max_response_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 2
    user_agent: str = "Mozilla/5.0 (compatible; dateline/0.1; +https://pypi.org/project/dateline/)"
    allow_private: bool = True  # the library may fetch anything; the HTTP service turns the SSRF guard on
    # With allow_private=False, networks that stay reachable anyway ("10.1.2.0/24", "127.0.0.1"): an operator's own
    # internal service, or the tests' loopback server. Every other hop is still checked.
    allowed_networks: tuple[str, ...] = ()


DEFAULT_OPTIONS = Options()
