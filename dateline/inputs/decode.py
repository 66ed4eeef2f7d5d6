"""Bytes to str. Declared charsets lie often, so every declaration is checked against the bytes.

Order: byte-order mark; gzip is unwrapped; the HTTP Content-Type charset; <meta charset> / http-equiv in the
first bytes; each is accepted only if the bytes decode under it, and a declared single-byte charset loses to
UTF-8 when the bytes are valid UTF-8 with non-ASCII in them (the commonest lie). charset-normalizer decides
when nothing declared fits.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib

import charset_normalizer

from dateline.errors import BinaryInputError, EmptyInputError, InputTooLargeError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Where <meta charset> must appear, by the HTML standard (1024 bytes); real pages put it later, so look further.
_META_SCAN_BYTES = 8192
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)

# WHATWG: browsers read these labels as windows-1252, and so do the pages that declare them.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "iso8859-1": "cp1252", "gb2312": "gb18030", "gbk": "gb18030",
            "x-sjis": "shift_jis", "shift-jis": "shift_jis", "ks_c_5601-1987": "cp949", "euc-kr": "cp949"}

# Magic numbers of formats that are certainly not a web page.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"RIFF", b"\x00\x00\x01\x00")
_GZIP_MAGIC = b"\x1f\x8b"
# C0 control bytes other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte < 9 or byte > 13)


def decode(data: bytes, *, content_type: str | None = None, max_bytes: int | None = None) -> tuple[str, str]:
    """Return (text, encoding) for page bytes, or raise a clear InputError."""
    data = _gunzip(data, max_bytes)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(f"input is {len(data):,} bytes, over the limit of {max_bytes:,}")
    if not data.strip():
        raise EmptyInputError("input is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    _refuse_binary(data)
    for declared in (_header_charset(content_type), _meta_charset(data)):
        encoding = _checked(data, declared)
        if encoding:
            return data.decode(encoding, errors="replace"), encoding
    if _is_utf8(data):
        return data.decode("utf-8"), "utf-8"
    return _guess(data)


def _gunzip(data: bytes, max_bytes: int | None) -> bytes:
    if not data.startswith(_GZIP_MAGIC):
        return data
    limit = max_bytes or 1 << 31
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise BinaryInputError(f"gzip data is corrupt: {error}") from error
    if len(out) > limit:
        raise InputTooLargeError(f"gzip input inflates past the limit of {limit:,} bytes")
    return out


def _refuse_binary(data: bytes) -> None:
    head = data[:4096]
    if head.startswith(_BINARY_MAGIC):
        raise BinaryInputError("input is a binary file (its first bytes are a known non-HTML format)")
    # Text in any 8-bit or multi-byte web encoding has almost no control bytes; UTF-16 without BOM is rare on the web.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C
    if controls > len(head) * 0.05:
        raise BinaryInputError(f"input looks binary ({controls} control bytes in the first {len(head)})")


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii", "ignore") if match else None


def _checked(data: bytes, label: str | None) -> str | None:
    """The codec for a declared label if the bytes bear it out, else None."""
    if not label:
        return None
    name = _ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return None  # a meta tag readable as ASCII cannot be in UTF-16: the declaration is wrong
    if name == "utf-8":
        return name if _is_utf8(data) else None
    if _is_utf8(data) and not data.isascii():
        return "utf-8"  # declared single-byte, but valid UTF-8 with multi-byte sequences: the declaration lies
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return None
    return name


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte sequence cut by truncation at the very end is still UTF-8.
        return error.start >= len(data) - 3 and error.reason == "unexpected end of data"
    return True


def _guess(data: bytes) -> tuple[str, str]:
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else "cp1252"
    encoding = _ALIASES.get(encoding, encoding)
    return data.decode(encoding, errors="replace"), encoding
