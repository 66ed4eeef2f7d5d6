"""Bytes to str. Declared charsets lie often, so every declaration is checked against the bytes.

Order (the HTML standard's, with checks added): gzip is unwrapped; a byte-order mark wins outright; then the HTTP
Content-Type charset, then <meta charset> / http-equiv in the first bytes, then an XML declaration's encoding
(XHTML). A declaration is accepted only if the
bytes bear it out:

- bytes that are UTF-8 (multi-byte sequences present and almost all valid) are read as UTF-8 whatever the page
  declares: a page declaring iso-8859-1 while serving UTF-8 is the commonest lie on the web;
- a declared charset must decode the bytes with at most a stray error (a bad byte in an ad snippet is common);
- a declared Latin code page must look like Latin text: long runs of non-ASCII bytes mean the page is really
  Chinese, Japanese, Cyrillic... and the declaration is ignored.

charset-normalizer decides when nothing declared fits; among its nearly-as-good guesses the code page of the page's
declared language wins (the bytes alone cannot tell Czech in windows-1250 from French in windows-1252), else a
Windows code page, windows-1252 when in doubt (the browsers' fallback and the commonest legacy encoding). Decoding never fails on a stray bad byte: it
becomes U+FFFD. Only input that is not text at all raises (`BinaryInputError`).
"""

from __future__ import annotations

import codecs
import re
import zlib
from typing import NamedTuple

import charset_normalizer

from dateline.errors import BinaryInputError, EmptyInputError, InputTooLargeError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)

# Where <meta charset> must appear, by the HTML standard (1024 bytes); real pages put it later, after inline
# scripts and styles, so look much further. Only pages that are not valid UTF-8 get this far, so it costs nothing.
_META_SCAN_BYTES = 65536
# Matches <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)
# XHTML pages may declare their encoding only in the XML declaration.
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_:.+-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)

# WHATWG Encoding Standard: labels browsers read as a wider encoding, and so do the pages that declare them
# (a page "in iso-8859-1" uses 0x80-0x9F for curly quotes and dashes: windows-1252). Keys are Python codec names.
_WIDER = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "iso8859-11": "cp874",
          "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949",
          "big5": "big5hkscs", "latin_1": "cp1252"}
# Labels Python's codec registry does not know.
_LABELS = {"x-sjis": "cp932", "windows-31j": "cp932", "ms_kanji": "cp932", "windows-874": "cp874",
           "x-mac-roman": "mac-roman", "x-gbk": "gb18030", "x-euc-jp": "euc_jp"}

# Code pages whose text is mostly ASCII letters with an accented one here and there (Western and Central Europe).
_LATIN_CODECS = frozenset({"cp1252", "cp1250", "cp1254", "cp1257", "iso8859-2", "iso8859-15", "mac-roman"})
# Mean length of the non-ASCII byte runs above which a "Latin" page is really something else: in Latin-script
# languages an accented letter sits between ASCII letters (runs of 1, sometimes 2: "Straße", "naïve"); Chinese,
# Japanese, Cyrillic, Greek text is all non-ASCII (runs of whole words or sentences).
_MAX_LATIN_RUN = 3.0
# The other way round: code pages of scripts whose words are all non-ASCII. A page declaring one of them whose
# non-ASCII bytes come one at a time (accents between ASCII letters) is Latin text under a wrong declaration.
_NON_LATIN_CODECS = frozenset({"cp1251", "koi8-r", "koi8-u", "cp866", "mac-cyrillic", "iso8859-5", "cp1253",
                               "iso8859-7", "cp1255", "iso8859-8", "cp1256", "iso8859-6"})
_MIN_NON_LATIN_RUN = 2.0
_MIN_RUNS_TO_JUDGE = 20  # a few curly quotes in an English page say nothing either way
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
# Well-formed UTF-8 multi-byte sequences (2-4 bytes), to tell UTF-8 with a stray bad byte from a legacy encoding.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Share of non-ASCII bytes outside well-formed UTF-8 sequences tolerated in a UTF-8 page (stray bytes from a
# pasted snippet, a truncated last character); a legacy-encoded page has almost none inside such sequences.
_MAX_UTF8_STRAY = 0.02
# Decoding errors tolerated under a declared charset, per decoded character (and at least a couple).
_MAX_DECODE_ERRORS = 0.001
# How much of the page the checks and charset-normalizer look at: enough text to judge, bounded for 50 MB pages.
_SAMPLE_BYTES = 200_000
# Control bytes (other than tab, newlines, form feed) in the head above which the input is binary, not text.
_MAX_CONTROL_SHARE = 0.05
# Share of printable ASCII in the head under which undecodable bytes are binary junk rather than a page.
_MIN_ASCII_SHARE = 0.7
# Every page and text file has some ASCII (markup, spaces, newlines, digits) in its first kilobytes, even one in
# Chinese or Russian in a legacy encoding; bytes with none at all are junk that a charset guesser would still
# "decode" (it reads random high bytes as Korean).
_MIN_ASCII_IN_TEXT = 0.01
_ASCII_TEXT_BYTES = bytes(range(32, 127)) + b"\t\n\r"
_CONTROL_BYTES = bytes(range(9)) + bytes(range(14, 32))  # all but tab, newlines, vertical tab, form feed, CR

# Guesses whose chaos (charset-normalizer's share of odd characters) is within this of the best count as equally
# good. On short Latin texts its chaos favours rare ISO and Mac code pages by a few hundredths (Turkish in
# windows-1254 came out as ISO-8859-10, German in windows-1252 as windows-1250), while the web writes in Windows
# code pages. Calibrated on the test pages in tests/test_decode.py (ties seen: 0.0 vs 0.036).
_CHAOS_TIE = 0.05
_WINDOWS_CODE_PAGE = re.compile(r"^cp125\d$")
# The legacy code page a page in this language most likely uses when it does not say: the WHATWG Encoding
# Standard's fallback encoding by locale, which browsers use the same way (keyed here by the page's own lang).
# Single-byte guesses cannot tell Czech in windows-1250 from French in windows-1252 by the bytes alone.
_LEGACY_CODEC_BY_LANGUAGE = {
    **dict.fromkeys(("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "nn", "no", "fi", "is", "ca", "eu",
                     "gl", "ga", "af", "sq", "id", "ms", "sw"), "cp1252"),
    **dict.fromkeys(("cs", "hr", "hu", "pl", "ro", "sk", "sl", "bs"), "cp1250"),
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg"), "cp1251"),
    "el": "cp1253", "tr": "cp1254", "az": "cp1254", "he": "cp1255", "iw": "cp1255",
    **dict.fromkeys(("ar", "fa", "ur"), "cp1256"),
    **dict.fromkeys(("lt", "lv", "et"), "cp1257"),
    "vi": "cp1258", "th": "cp874",
}
_HTML_LANG = re.compile(rb"""<html[^>]*?\blang\s*=\s*["']?([a-zA-Z]{2,3})\b""", re.IGNORECASE)

# Magic numbers of formats that are certainly not a web page.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"RIFF",
                 b"\x00\x00\x01\x00", b"BZh", b"\xfd7zXZ", b"(\xb5/\xfd", b"OggS", b"ID3", b"\x1a\x45\xdf\xa3")
_GZIP_MAGIC = b"\x1f\x8b"


class Decoded(NamedTuple):
    text: str
    encoding: str
    # The (unwrapped) input itself when it is strictly valid UTF-8 with no BOM, else None: then libxml2 can parse
    # the bytes as they are, and ASCII markers can be searched in them, both faster than in the str.
    utf8: bytes | None = None


def decode(data: bytes, *, content_type: str | None = None, max_bytes: int | None = None) -> tuple[str, str]:
    """Return (text, encoding) for page bytes, or raise a clear InputError."""
    return decode_page(data, content_type=content_type, max_bytes=max_bytes)[:2]


def decode_page(data: bytes, *, content_type: str | None = None, max_bytes: int | None = None) -> Decoded:
    """decode(), also saying whether the bytes were strictly valid UTF-8 (`Decoded.utf8`)."""
    data = _unwrapped(data, max_bytes)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(encoding, errors="replace"), encoding)
    _refuse_binary(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", data)  # valid UTF-8 is right whatever the page declares
    except UnicodeDecodeError:
        pass
    utf8 = _mostly_utf8(data)
    for declared in (_header_charset(content_type), _meta_charset(data), _xml_encoding(data)):
        encoding = _checked(data, declared, utf8)
        if encoding:
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    if utf8:
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8")
    return Decoded(*_guess(data))


def maybe_utf8(data: bytes, *, max_bytes: int | None = None) -> bytes | None:
    """The page's bytes (gzip unwrapped, checked for size, emptiness and binary junk) when they may be UTF-8 to
    parse as they are, without decoding them to a str first: they have no byte-order mark (a BOM decides the
    encoding: decode()). Valid UTF-8 is read as UTF-8 whatever the page declares, as decode() does; the caller
    confirms the bytes are valid as it parses them (libxml2 reports every invalid byte, see inputs.load) and
    gives them to decode() when they are not."""
    data = _unwrapped(data, max_bytes)
    if data.startswith(_BOM_PREFIXES):
        return None
    _refuse_binary(data)
    return data


def _unwrapped(data: bytes, max_bytes: int | None) -> bytes:
    data = _gunzip(data, max_bytes)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(f"input is {len(data):,} bytes, over the limit of {max_bytes:,}")
    if not data or data.isspace():  # isspace stops at the first visible byte; strip() would copy the page
        raise EmptyInputError("input is empty")
    return data


def _gunzip(data: bytes, max_bytes: int | None) -> bytes:
    """Inflate gzip (several members too), never past the size limit: a 1 MB gzip bomb must not take 1 GB.

    A truncated gzip stream gives what it holds: the start of the page is still worth extracting.
    """
    if not data.startswith(_GZIP_MAGIC):
        return data
    limit = max_bytes or 1 << 31
    parts: list[bytes] = []
    size = 0
    while data.startswith(_GZIP_MAGIC) and size <= limit:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            part = inflater.decompress(data, limit + 1 - size)
        except zlib.error as error:
            if parts:
                break  # junk after a complete member: keep what came before
            raise BinaryInputError(f"gzip data is corrupt: {error}") from error
        parts.append(part)
        size += len(part)
        data = inflater.unused_data
    if size > limit:
        raise InputTooLargeError(f"gzip input inflates past the limit of {limit:,} bytes")
    return b"".join(parts)


def _refuse_binary(data: bytes) -> None:
    head = data[:4096]
    if head.startswith(_BINARY_MAGIC):
        raise BinaryInputError("input is a binary file (its first bytes are a known non-HTML format)")
    # Text in any 8-bit or multi-byte web encoding has almost no control bytes; UTF-16 without BOM is rare on the web.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > len(head) * _MAX_CONTROL_SHARE:
        raise BinaryInputError(f"input looks binary ({controls} control bytes in the first {len(head)})")
    ascii_text = len(head) - len(head.translate(None, _ASCII_TEXT_BYTES))
    if len(head) >= 256 and ascii_text < len(head) * _MIN_ASCII_IN_TEXT:
        raise BinaryInputError(f"input looks binary (no text characters in the first {len(head)} bytes)")


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii", "ignore") if match else None


def _xml_encoding(data: bytes) -> str | None:
    match = _XML_ENCODING.match(data[:1024])
    return match.group(1).decode("ascii") if match else None


def codec_name(label: str) -> str | None:
    """A charset label as the Python codec browsers would use for it, or None when unknown."""
    label = label.strip().lower()
    try:
        name = codecs.lookup(_LABELS.get(label, label)).name
    except LookupError:
        return None
    return _WIDER.get(name, name)


def _checked(data: bytes, label: str | None, utf8: bool) -> str | None:
    """The codec for a declared label if the bytes bear it out, else None."""
    name = codec_name(label) if label else None
    if name is None:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None  # a declaration readable as ASCII cannot be in UTF-16: it is wrong
    if utf8:
        return "utf-8"  # valid UTF-8 with multi-byte text: right whatever was declared
    if name == "utf-8":
        return None
    sample = _sample(data)
    if not _decodes(sample, name):
        return None
    if name in _LATIN_CODECS or name in _NON_LATIN_CODECS:
        runs, mean = _non_ascii_runs(sample)
        if name in _LATIN_CODECS and mean > _MAX_LATIN_RUN:
            return None  # even a few long runs: Latin text never has them
        if name in _NON_LATIN_CODECS and runs >= _MIN_RUNS_TO_JUDGE and mean < _MIN_NON_LATIN_RUN:
            return None
    return name


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a stray bad byte or a truncated last character (the caller has tried strict UTF-8)."""
    sample = data[:_SAMPLE_BYTES * 10]
    non_ascii = len(sample) - len(sample.translate(None, bytes(range(128, 256))))
    in_sequences = sum(len(seq) for seq in _UTF8_SEQUENCE.findall(sample))
    return in_sequences > 0 and non_ascii - in_sequences <= non_ascii * _MAX_UTF8_STRAY


def _decodes(sample: bytes, name: str) -> bool:
    text = sample.decode(name, errors="replace")
    errors = text.count("\ufffd") - sample.count(b"\xef\xbf\xbd")
    return errors <= max(2, len(text) * _MAX_DECODE_ERRORS)


def _non_ascii_runs(sample: bytes) -> tuple[int, float]:
    """How many runs of non-ASCII bytes, and their mean length (0 when there are none)."""
    runs = _NON_ASCII_RUN.findall(sample)
    return len(runs), sum(map(len, runs)) / len(runs) if runs else 0.0


def _sample(data: bytes) -> bytes:
    """The first _SAMPLE_BYTES, cut before a "<" or newline: a multi-byte character cut in two makes
    charset-normalizer reject the right encoding (in Shift-JIS, GB18030, Big5, EUC and UTF-8 neither byte is ever
    part of a multi-byte character)."""
    if len(data) <= _SAMPLE_BYTES:
        return data
    cut = max(data.rfind(b"<", 0, _SAMPLE_BYTES), data.rfind(b"\n", 0, _SAMPLE_BYTES))
    return data[:cut] if cut > _SAMPLE_BYTES // 2 else data[:_SAMPLE_BYTES]


def _guess(data: bytes) -> tuple[str, str]:
    encoding = _best_guess(_sample(data))
    if encoding is None:
        head = data[:4096]
        printable = len(head) - len(head.translate(None, _ASCII_TEXT_BYTES))
        if printable < len(head) * _MIN_ASCII_SHARE:
            raise BinaryInputError("input is not text in any known encoding")
        encoding = "cp1252"  # mostly ASCII markup with a few odd bytes: what browsers fall back to
    return data.decode(encoding, errors="replace"), encoding


def _best_guess(sample: bytes) -> str | None:
    """charset-normalizer's pick, but among nearly-as-good guesses (see _CHAOS_TIE): the legacy code page of the
    page's declared language if it is one of them, else the Windows code page whose text reads most like a
    language (coherence), windows-1252 when several read alike."""
    matches = list(charset_normalizer.from_bytes(sample, preemptive_behaviour=False))  # declarations: judged above
    if not matches:
        return None
    least_chaos = min(match.chaos for match in matches)
    tied = [match for match in matches if match.chaos <= least_chaos + _CHAOS_TIE]
    names = {name for match in tied for name in match.could_be_from_charset}
    by_language = _LEGACY_CODEC_BY_LANGUAGE.get(_page_language(sample) or "")
    if by_language in names:
        return by_language
    windows = [(match.coherence, name == "cp1252", name) for match in tied
               for name in match.could_be_from_charset if _WINDOWS_CODE_PAGE.match(name)]
    if windows:
        return max(windows)[2]
    return codec_name(tied[0].encoding) or tied[0].encoding


def _page_language(sample: bytes) -> str | None:
    match = _HTML_LANG.search(sample[:_META_SCAN_BYTES])
    return match.group(1).decode("ascii").lower() if match else None
