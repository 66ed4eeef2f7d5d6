"""Fetching URLs: `fetch(url) -> Page`, bounded in time, size and hops, and guarded against SSRF.

    fetch(url)
      1. open a client whose connections go only to checked addresses, within one total deadline (guard.py)
      2. hop by hop: check the URL (guard.check), GET it, retry 429/5xx with backoff and Retry-After,
         follow HTTP redirects by hand (cookies kept by the client), at most max_redirects hops
      3. refuse 4xx/5xx and non-HTML types before reading the body; stream the body, decompressing it ourselves
         so that max_response_bytes bounds the decoded size too (a gzip or brotli bomb costs nothing)
      4. a page that only forwards the reader (meta refresh, a script stub, an AMP copy) is followed to the
         article, sharing the same hop budget

Errors are dateline.errors classes carrying the URL: FetchTimeoutError, TooManyRedirectsError, HTTPStatusError,
UnsupportedContentError, ResponseTooLargeError (a FetchError that is also an InputTooLargeError),
BlockedAddressError, and FetchError for everything else the network does.
"""

from __future__ import annotations

import email.utils
import functools
import re
import ssl
import time
import zlib
from dataclasses import dataclass, field
from typing import Iterator, Mapping, Protocol

import brotli
import httpcore
import httpx
import lxml.etree
import lxml.html

from dateline.errors import (FetchError, FetchTimeoutError, HTTPStatusError, ResponseTooLargeError,
                             TooManyRedirectsError, UnsupportedContentError)
from dateline.inputs import guard
from dateline.options import DEFAULT_OPTIONS, Options

ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
ACCEPT_ENCODING = "gzip, deflate, br"  # what the bounded decoders below can undo
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})  # accepted as already flattened page text
# Servers that send no type, or the catch-all, are believed only when the body starts like markup.
SNIFFED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# 501 and 505 are the server's settled answer; the other 5xx and 429 are often gone a moment later.
RETRY_STATUSES = frozenset({429} | set(range(500, 600)) - {501, 505})
BACKOFF_SECONDS = 0.5  # first wait when the server gives no Retry-After; doubles each retry
MAX_RETRY_WAIT_SECONDS = 10.0  # a Retry-After of an hour is not worth waiting for inside one fetch

# Following pages that only forward the reader.
REFRESH_SCAN_BYTES = 65_536  # meta refresh and AMP markers sit in <head>
IMMEDIATE_REFRESH_SECONDS = 5  # a browser shows the target of a refresh this quick, whatever the page holds
STUB_TEXT_CHARS = 600  # under this much visible text a page with a refresh or script redirect is only a stub
STUB_SCAN_BYTES = 262_144  # stubs are small: their first 256 kB decide, and a bigger page costs no more
_META_REFRESH = re.compile(rb"""<meta\b[^>]*?http-equiv\s*=\s*["']?refresh\b[^>]*>""", re.IGNORECASE)
_CONTENT_ATTR = re.compile(rb"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_REFRESH_VALUE = re.compile(r"""^\s*(\d*)(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"']*)""", re.IGNORECASE)
_AMP_HTML = re.compile(rb"<html\b[^>]*?(?:\samp\b|\s\xe2\x9a\xa1)", re.IGNORECASE)  # <html amp> or <html ⚡>
_LINK_CANONICAL = re.compile(rb"""<link\b[^>]*?\brel\s*=\s*["']?canonical\b[^>]*>""", re.IGNORECASE)
_HREF_ATTR = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SCRIPT_REDIRECT = re.compile(
    rb"""(?:window\.|document\.|top\.)?location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*["']([^"']+)["']""")
_MARKUP_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<")


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # the final URL, after redirects and followed refreshes
    content: bytes  # the body, already decompressed (the Content-Encoding header is kept as the server sent it)
    status: int
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    redirects: tuple[str, ...] = ()  # every URL left on the way, in order: HTTP redirects, refreshes, AMP copies


def fetch(url: str, *, options: Options = DEFAULT_OPTIONS) -> Page:
    """GET a page and follow it to the article, within options.timeout seconds in total. See the module docstring."""
    session = _Session.open(options)
    try:
        page = _fetch_following_redirects(session, url, ())
        return _follow_forwarding(session, page)
    except httpx.TimeoutException as error:
        message = f"cannot fetch {url}: no complete answer within {options.timeout:g}s"
        raise FetchTimeoutError(message, url=url) from error
    except (httpx.HTTPError, httpx.StreamError) as error:
        raise FetchError(f"cannot fetch {url}: {error or type(error).__name__}", url=url) from error
    finally:
        session.client.close()


@dataclass(frozen=True, slots=True)
class _Session:
    """One fetch: the client (its cookie jar spans the redirect chain), the pinning backend and the limits."""

    client: httpx.Client
    backend: guard.PinnedBackend
    options: Options
    allowed: tuple[guard.Network, ...]

    @classmethod
    def open(cls, options: Options) -> _Session:
        backend = guard.PinnedBackend(deadline=time.monotonic() + options.timeout)
        client = httpx.Client(
            transport=_PinnedTransport(backend), follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(options.timeout, connect=options.connect_timeout),
            headers={"User-Agent": options.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING})
        return cls(client=client, backend=backend, options=options, allowed=guard.networks(options.allowed_networks))


class _PinnedTransport(httpx.HTTPTransport):
    def __init__(self, backend: guard.PinnedBackend) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False)
        # httpx offers no public hook for httpcore's network backend; its pool is the one private attribute we set.
        # tests/test_guard.py proves the connection goes to the pinned address, so a change here shows.
        self._pool = httpcore.ConnectionPool(ssl_context=_ssl_context(), network_backend=backend)


@functools.lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()  # loading the CA bundle costs milliseconds; contexts are safe to share


def _fetch_following_redirects(session: _Session, url: str, chain: tuple[str, ...]) -> Page:
    """GET `url`, following HTTP redirects; `chain` is the hops already taken (they count against the budget)."""
    while True:
        response = _get_with_retries(session, url)
        location = response.headers.get("location") if response.status_code in REDIRECT_STATUSES else None
        if not location:
            return _read_page(session, response, chain)
        response.close()
        chain, url = _next_hop(session, chain, url, str(response.url.join(location.strip())))


def _next_hop(session: _Session, chain: tuple[str, ...], url: str, target: str) -> tuple[tuple[str, ...], str]:
    chain = (*chain, url)
    if len(chain) > session.options.max_redirects:
        loop = " (a redirect loop)" if target in chain else ""
        raise TooManyRedirectsError(
            f"cannot fetch {chain[0]}: more than {session.options.max_redirects} redirects{loop}, last to {target}",
            url=chain[0])
    return chain, target


def _get_with_retries(session: _Session, url: str) -> httpx.Response:
    """One hop: check the URL, then GET it; 429 and passing 5xx are retried while the deadline allows."""
    hop = guard.check(url, allow_private=session.options.allow_private, allowed=session.allowed,
                      timeout=session.backend.remaining())
    session.backend.pin(hop)
    attempt = 0
    while True:
        response = session.client.send(session.client.build_request("GET", url), stream=True)
        if response.status_code not in RETRY_STATUSES or attempt >= session.options.retries:
            return response
        wait = _retry_wait(response, attempt)
        if wait >= session.backend.remaining():
            return response  # no time to wait: report the status the server gave
        response.close()
        time.sleep(wait)
        attempt += 1


def _retry_wait(response: httpx.Response, attempt: int) -> float:
    """Seconds before the next attempt: the server's Retry-After (seconds or a date) if any, else backoff; capped."""
    header = response.headers.get("retry-after", "").strip()
    wait = BACKOFF_SECONDS * 2 ** attempt
    if header.isdigit():
        wait = float(header)
    elif header:
        try:
            wait = email.utils.parsedate_to_datetime(header).timestamp() - time.time()
        except (TypeError, ValueError, OverflowError):
            pass  # an unreadable Retry-After: keep the backoff
    return min(max(wait, 0.0), MAX_RETRY_WAIT_SECONDS)


def _read_page(session: _Session, response: httpx.Response, chain: tuple[str, ...]) -> Page:
    """Refuse what we will not read (before reading it), then stream the body under the size cap."""
    url = str(response.url)
    content_type = response.headers.get("content-type")
    try:
        _refuse_status(response, chain)
        _refuse_content_type(url, content_type)
        content = _read_body(response, session.options.max_response_bytes)
    finally:
        response.close()
    if _media_type(content_type) in SNIFFED_TYPES and not _MARKUP_START.match(content[:1024]):
        raise UnsupportedContentError(f"cannot extract from {url}: it is not HTML (content type "
                                      f"{content_type or 'not given'}, and the body does not start like markup)",
                                      url=url, content_type=content_type)
    return Page(url=url, content=content, status=response.status_code, content_type=content_type,
                headers=dict(response.headers), redirects=chain)


def _refuse_status(response: httpx.Response, chain: tuple[str, ...]) -> None:
    if response.status_code < 400:
        return
    url, status = str(response.url), response.status_code
    origin = f" (redirected from {chain[0]})" if chain else ""
    answer = f"{status} {response.reason_phrase}".rstrip()
    raise HTTPStatusError(f"cannot fetch {url}{origin}: the server answered {answer}", url=url, status=status)


def _refuse_content_type(url: str, content_type: str | None) -> None:
    media_type = _media_type(content_type)
    if media_type in HTML_TYPES or media_type in TEXT_TYPES or media_type in SNIFFED_TYPES:
        return
    raise UnsupportedContentError(f"cannot extract from {url}: its content type is {media_type}, not HTML or text",
                                  url=url, content_type=content_type)


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _read_body(response: httpx.Response, limit: int) -> bytes:
    """The decoded body, read chunk by chunk; stops with ResponseTooLargeError as soon as it passes `limit`."""
    url = str(response.url)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(url, limit, f"it declares {int(declared):,} bytes")
    decoders = _decoders(url, response.headers.get("content-encoding", ""))
    body = bytearray()
    for chunk in _decoded_chunks(response.iter_raw(), decoders, limit):
        body += chunk
        if len(body) > limit:
            raise _too_large(url, limit, "it inflates past it" if decoders else "the body goes on past it")
    return bytes(body)


def _too_large(url: str, limit: int, why: str) -> ResponseTooLargeError:
    return ResponseTooLargeError(f"cannot fetch {url}: the response is over the limit of {limit:,} bytes ({why})",
                                 url=url)


class _Decoder(Protocol):
    def feed(self, data: bytes, limit: int) -> bytes: ...


def _decoded_chunks(raw: Iterator[bytes], decoders: list[_Decoder], limit: int) -> Iterator[bytes]:
    """Undo the content codings in turn; each decoder returns at most limit + 1 bytes per chunk, so memory stays
    bounded even when one compressed chunk would inflate to gigabytes."""
    for chunk in raw:
        for decoder in decoders:
            try:
                chunk = decoder.feed(chunk, limit)
            except (zlib.error, brotli.error) as error:
                raise httpx.DecodingError(f"the compressed body is corrupt: {error}") from error
        yield chunk


def _decoders(url: str, content_encoding: str) -> list[_Decoder]:
    # Codings are listed in the order they were applied; undo them last first.
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip().lower() not in ("", "identity")]
    decoders: list[_Decoder] = []
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip"):
            decoders.append(_ZlibDecoder(16 + zlib.MAX_WBITS))
        elif coding == "deflate":
            decoders.append(_DeflateDecoder())
        elif coding == "br":
            decoders.append(_BrotliDecoder())
        else:
            raise UnsupportedContentError(f"cannot fetch {url}: the body is compressed with {coding!r}, "
                                          f"which was not asked for", url=url, content_type=None)
    return decoders


class _ZlibDecoder:
    def __init__(self, wbits: int) -> None:
        self._inflater = zlib.decompressobj(wbits)

    def feed(self, data: bytes, limit: int) -> bytes:
        out = self._inflater.decompress(data, limit + 1)
        while self._inflater.unconsumed_tail and len(out) <= limit:
            out += self._inflater.decompress(self._inflater.unconsumed_tail, limit + 1 - len(out))
        return out


class _DeflateDecoder:
    """HTTP "deflate" should be zlib-wrapped, but many servers send raw deflate: try one, then the other."""

    def __init__(self) -> None:
        self._decoder: _ZlibDecoder | None = None

    def feed(self, data: bytes, limit: int) -> bytes:
        if self._decoder is None:
            try:
                self._decoder = _ZlibDecoder(zlib.MAX_WBITS)
                return self._decoder.feed(data, limit)
            except zlib.error:
                self._decoder = _ZlibDecoder(-zlib.MAX_WBITS)
        return self._decoder.feed(data, limit)


class _BrotliDecoder:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> bytes:
        out = self._decompressor.process(data, output_buffer_limit=limit + 1)
        while len(out) <= limit and not self._decompressor.can_accept_more_data():
            out += self._decompressor.process(b"", output_buffer_limit=limit + 1 - len(out))
        return out


# Pages that only forward the reader ---------------------------------------------------------------------------

def _follow_forwarding(session: _Session, page: Page) -> Page:
    """Follow meta refreshes, script stubs and AMP copies to the article, within the redirect budget."""
    while True:
        target, kind = _forward_target(page)
        visited = (*page.redirects, page.url)
        if not target or target in visited or len(visited) > session.options.max_redirects:
            return page  # nothing to follow, a loop, or no hops left: this page is the best we have
        try:
            page = _fetch_following_redirects(session, target, visited)
        except (FetchError, httpx.HTTPError, httpx.StreamError):
            if kind != "amp":
                raise
            return page  # the AMP copy holds the article too; the canonical page was only nicer to have


def _forward_target(page: Page) -> tuple[str | None, str]:
    """Where a page sends the reader on (absolute URL, fragment dropped), and how: "refresh", "script" or "amp"."""
    if _media_type(page.content_type) in TEXT_TYPES:
        return None, ""
    head = page.content[:REFRESH_SCAN_BYTES]
    refresh = _refresh(head, page.headers.get("refresh"))
    if refresh is not None:
        delay, target = refresh
        if target and (delay <= IMMEDIATE_REFRESH_SECONDS or _is_stub(page.content)):
            return _absolute(page.url, target), "refresh"
    script = _SCRIPT_REDIRECT.search(head)
    if script and _is_stub(page.content):
        return _absolute(page.url, _text(script.group(1))), "script"
    if _AMP_HTML.search(head[:4096]):
        canonical = _attribute(_LINK_CANONICAL.search(head), _HREF_ATTR)
        if canonical:
            return _absolute(page.url, canonical), "amp"
    return None, ""


def _refresh(head: bytes, header: str | None) -> tuple[int, str] | None:
    """(delay in seconds, target) from <meta http-equiv="refresh"> or the Refresh header; None when absent."""
    value = _attribute(_META_REFRESH.search(head), _CONTENT_ATTR) or header
    match = _REFRESH_VALUE.match(value) if value else None
    if not match:
        return None
    delay = int(match.group(1)) if match.group(1) else 0
    return delay, match.group(2).strip()


def _attribute(tag: re.Match[bytes] | None, attribute: re.Pattern[bytes]) -> str | None:
    found = attribute.search(tag.group(0)) if tag else None
    if not found:
        return None
    return _text(next(group for group in found.groups() if group is not None))


def _text(value: bytes) -> str:
    # URLs in markup are ASCII in practice; undecodable bytes are percent-escaped by httpx later.
    return value.decode("utf-8", "replace").replace("&amp;", "&").strip()


def _is_stub(content: bytes) -> bool:
    """True when the page shows almost no text: it exists only to send the reader on."""
    try:
        tree = lxml.html.document_fromstring(content[:STUB_SCAN_BYTES])
    except (lxml.etree.ParserError, ValueError):
        return True  # nothing readable: nothing to lose by following
    lxml.etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)
    return len(" ".join(tree.text_content().split())) < STUB_TEXT_CHARS


def _absolute(base: str, target: str) -> str | None:
    try:
        url = httpx.URL(base).join(target).copy_with(fragment=None)
    except (httpx.InvalidURL, ValueError):
        return None
    return str(url) if url.scheme in guard.SCHEMES else None
