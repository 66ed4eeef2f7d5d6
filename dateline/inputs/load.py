"""What the caller gives → Document: decide the kind (URL, HTML, flattened text), decode, parse."""

from __future__ import annotations

import re
from typing import Literal, Mapping

import lxml.etree
import lxml.html

from dateline.document import Document
from dateline.errors import EmptyInputError, InputError, InputTooLargeError
from dateline.inputs.decode import decode
from dateline.options import Options

Kind = Literal["auto", "html", "text", "url"]

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
# Tags that only HTML has; flattened text may hold a stray "<" but not these in any number.
_HTML_TAGS = re.compile(r"<(?:!doctype|html|head|body|div|p|span|a|br|meta|script|article|section|table|li)\b",
                        re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# One parser object per thread would also work; lxml parsers are safe to share across threads for parsing.
_PARSER_OPTIONS = dict(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)


def looks_like_url(data: object) -> bool:
    return isinstance(data, str) and len(data) < 8192 and bool(_URL.match(data.strip()))


def load(data: bytes | str, *, url: str | None = None, kind: Kind = "auto", content_type: str | None = None,
         headers: Mapping[str, str] | None = None, options: Options) -> Document:
    """Bytes or str → Document. URLs are fetched by the caller (dateline.extract) before this."""
    if not isinstance(data, (bytes, bytearray, memoryview, str)):
        raise InputError(f"expected HTML or text as bytes or str, got {type(data).__name__}")
    if isinstance(data, str):
        if len(data) > options.max_input_bytes:
            raise InputTooLargeError(f"input is {len(data):,} characters, over the limit of {options.max_input_bytes:,}")
        text, encoding = data, None
    else:
        text, encoding = decode(bytes(data), content_type=content_type, max_bytes=options.max_input_bytes)
    text = text.replace("\x00", "")
    if not text.strip():
        raise EmptyInputError("input is empty")
    if kind == "auto":
        kind = "html" if looks_like_html(text) else "text"
    if kind == "text":
        return Document(kind="text", url=url, text=_normalise_newlines(text), encoding=encoding,
                        headers=dict(headers or {}))
    raw = data if isinstance(data, bytes) and encoding == "utf-8" else None
    return Document(kind="html", url=url, html=text, tree=parse_html(text, raw), encoding=encoding,
                    headers=dict(headers or {}))


def looks_like_html(text: str) -> bool:
    head = text[:20_000]
    return len(_HTML_TAGS.findall(head)) >= 3 or head.lstrip()[:15].lower().startswith(("<!doctype", "<html"))


def parse_html(html: str, raw: bytes | None = None) -> lxml.etree._Element:
    """Parse leniently; libxml2 repairs truncated and malformed markup and caps nesting depth itself.

    lxml.etree's HTML parser, not lxml.html's: the latter runs a Python class lookup for every element proxy
    (a sixth of extraction time); the stages use only the plain etree API. `raw`: the UTF-8 bytes `html` was
    decoded from; libxml2 reads them ~12% faster than a str (which it converts from UTF-16 or UCS-4 first)."""
    if raw is not None and _is_plain_utf8(raw):
        source, parser = raw, lxml.etree.HTMLParser(encoding="utf-8", **_PARSER_OPTIONS)
    else:
        source, parser = _XML_DECLARATION.sub("", html, count=1), lxml.etree.HTMLParser(**_PARSER_OPTIONS)
    try:
        tree = lxml.etree.fromstring(source, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise InputError(f"cannot parse the HTML: {error}") from error
    if tree is None:
        raise InputError("cannot parse the HTML: Document is empty")
    return tree


def _is_plain_utf8(raw: bytes) -> bool:
    """The bytes are exactly what decode() read as UTF-8: no BOM or gzip wrapper, no NULs (load() drops them from
    the text), no XML declaration (dropped from the text), and no multi-byte sequence cut at the very end."""
    return (not raw.startswith((b"\xef\xbb\xbf", b"\x1f\x8b")) and raw[-1:] < b"\x80" and b"\x00" not in raw
            and not raw[:256].lstrip().lower().startswith(b"<?xml"))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
