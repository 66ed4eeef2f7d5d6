"""What the caller gives → Document: decide the kind (URL, HTML, flattened text), decode, parse."""

from __future__ import annotations

import re
import threading
from typing import Iterable, Literal, Mapping

import lxml.etree

from dateline.document import Document
from dateline.errors import EmptyInputError, InputError, InputTooLargeError
from dateline.inputs.decode import decode_page, maybe_utf8
from dateline.options import Options

Kind = Literal["auto", "html", "text", "url"]

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
# Tags that only HTML has; flattened text may hold a stray "<" but not these in any number.
_HTML_TAGS = re.compile(r"<(?:!doctype|html|head|body|div|p|span|a|br|meta|script|article|section|table|li)\b",
                        re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_XML_DECLARATION_BYTES = re.compile(rb"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Lone surrogates cannot be encoded as UTF-8: a str holding one (from a bad upstream decode) would break every
# writer. NUL is not allowed in HTML or XML text and stops libxml2.
_UNENCODABLE = re.compile("[\ud800-\udfff]")

# A run of this many blanks inside a line of flattened text is one space: no flattener lays text out with it (the 181
# dev texts have no run of even two), and runs of thousands made a few of the text stages' regexes take seconds
# (a pattern that starts with "\s*" tries the whole run again from each of its characters).
_LONG_BLANKS = " " * 16
_BLANK_RUN = re.compile(r"(?<=\S)[ \t]{16,}")

# How much of the text tells HTML from flattened text (looks_like_html).
SNIFF_CHARS = 20_000
_HTML_START_BYTES = 1024  # how far into the bytes a doctype or <html> is looked for (after blank lines)
# libxml2 stops parsing at 256 levels of nesting and at 10 MB text nodes, silently dropping the rest of the
# page; such pages are re-parsed with its limits raised (2048 levels), then flattened back to this depth so that
# no stage meets a tree deeper than real pages are (the deepest of the 181 dev pages is 43 levels).
MAX_TREE_DEPTH = 200

# The elements the stages look up by tag (see Document.landmarks), collected in one walk of the tree.
LANDMARK_TAGS = ("script", "meta", "link", "title", "h1", "time", "figure")

_PARSER_OPTIONS = dict(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
# Parsers are reused, one set per thread: making one costs ~0.05 ms (5 % of a parse); lxml serialises parses that
# share a parser across threads; and we read the parser's error_log, which each parse resets, after the parse.
_PARSERS = threading.local()


def looks_like_url(data: object) -> bool:
    return isinstance(data, str) and len(data) < 8192 and bool(_URL.match(data.strip()))


def load(data: bytes | str, *, url: str | None = None, kind: Kind = "auto", content_type: str | None = None,
         headers: Mapping[str, str] | None = None, options: Options) -> Document:
    """Bytes or str → Document. URLs are fetched by the caller (dateline.extract) before this."""
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if isinstance(data, bytes) and kind != "text":
        raw = maybe_utf8(data, max_bytes=options.max_input_bytes)
        doc = _load_utf8(raw, url, kind, headers) if raw is not None else None
        if doc is not None:
            return doc
        data = raw if raw is not None else data  # unwrapped once
    text, encoding, utf8 = _text(data, content_type, options)
    if kind == "auto":
        kind = "html" if looks_like_html(text) else "text"
    if kind == "text":
        return Document(kind="text", url=url, text=_normalise_newlines(text), encoding=encoding,
                        headers=dict(headers or {}))
    return _html_document(parse_html(text, utf8), url, headers, encoding, decoded=text, utf8=utf8)


def _load_utf8(raw: bytes, url: str | None, kind: Kind, headers: Mapping[str, str] | None) -> Document | None:
    """Most pages: HTML in valid UTF-8, parsed from the bytes as they are, never decoded to a str (decoding costs
    as much as a tenth of the parse). libxml2 reports every byte that is not UTF-8 as it parses (checked against
    Python's decoder on 3,000 corrupted dev pages): such a page, or one with a NUL, or whose first characters
    are blank, or that is not HTML, is None, and takes the decoding path."""
    if b"\x00" in raw:
        return None
    if not _starts_as_html(raw):
        # The characters looks_like_html reads (4 bytes a character at most), without decoding the page.
        head = raw[:4 * SNIFF_CHARS].decode("utf-8", "ignore")[:SNIFF_CHARS]
        if head.isspace() or (kind == "auto" and not looks_like_html(head)):
            return None
    tree, valid = _parse_html(raw)
    if not valid:
        return None
    return _html_document(tree, url, headers, "utf-8", decoded=None, utf8=raw)


def _html_document(tree: lxml.etree._Element, url: str | None, headers: Mapping[str, str] | None,
                   encoding: str | None, *, decoded: str | None, utf8: bytes | None) -> Document:
    """The Document of a parsed page, with the landmarks the stages share, found in one walk."""
    landmarks = tuple(tree.iter(*LANDMARK_TAGS))
    return Document(kind="html", url=url, decoded=decoded, tree=tree, encoding=encoding, headers=dict(headers or {}),
                    jsonld=jsonld_scripts(landmarks), landmarks=landmarks, utf8=utf8)


def _starts_as_html(raw: bytes) -> bool:
    """A doctype or <html> first (most pages): HTML, as looks_like_html would find, read from the bytes without
    decoding the 80 kB it reads otherwise (0.02 ms a page)."""
    return raw[:_HTML_START_BYTES].lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))


def jsonld_scripts(elements: Iterable[lxml.etree._Element]) -> tuple[str, ...]:
    """The texts of the JSON-LD <script>s among `elements` (their type names ld+json, in any case), in order."""
    return tuple(script.text for script in elements if script.tag == "script"
                 and "ld+json" in (script.get("type") or "").lower() and script.text)


def _text(data: bytes | str, content_type: str | None, options: Options) -> tuple[str, str | None, bytes | None]:
    """The input as clean text (no NUL, no lone surrogate, no BOM), or a clear InputError; also the bytes it was
    decoded from when they are strictly valid UTF-8 and need no cleaning (see Document.utf8). `data` is bytes or
    str (load() turned a bytearray or memoryview into bytes)."""
    utf8 = None
    if isinstance(data, str):
        if len(data) > options.max_input_bytes:
            raise InputTooLargeError(f"input is {len(data):,} characters, over the limit of {options.max_input_bytes:,}")
        text, encoding = data.removeprefix("\ufeff"), None
        text = _UNENCODABLE.sub("\ufffd", text)
    elif isinstance(data, bytes):
        text, encoding, utf8 = decode_page(data, content_type=content_type, max_bytes=options.max_input_bytes)
    else:
        raise InputError(f"expected HTML or text as bytes or str, got {type(data).__name__}")
    # A scan, not a copy: most pages have none. In UTF-8 a NUL byte is only ever the NUL character, and a byte
    # search is ~20x faster than one of a str holding any character past U+00FF.
    if b"\x00" in utf8 if utf8 is not None else "\x00" in text:
        text, utf8 = text.replace("\x00", ""), None
    if not text or text.isspace():
        raise EmptyInputError("input is empty")
    return text, encoding, utf8


def looks_like_html(text: str) -> bool:
    head = text[:SNIFF_CHARS]
    # The doctype test first: it settles most pages without the regex's pass over 20,000 characters.
    return head.lstrip()[:15].lower().startswith(("<!doctype", "<html")) or len(_HTML_TAGS.findall(head)) >= 3


def parse_html(html: str, utf8: bytes | None = None) -> lxml.etree._Element:
    """Parse leniently: libxml2 repairs truncated and malformed markup. Never raises on markup.

    `utf8`, when given, is `html` as strictly valid UTF-8 bytes: libxml2 parses them as they are, without the
    conversion of the str it would make first (~5 % of a parse), the encoding fixed so that no <meta charset> in
    the page can override what decoding established.

    The tree is plain lxml.etree, not lxml.html: lxml.html runs a Python class lookup for every element proxy
    created (a sixth of extraction time, 150,000 calls over the dev set); the stages need only the etree API."""
    return _parse_html(utf8 if utf8 is not None else html)[0]


def _parse_html(source: str | bytes) -> tuple[lxml.etree._Element, bool]:
    """(tree, whether the source was valid: bytes that are all UTF-8, or a str)."""
    if isinstance(source, bytes):
        source = _XML_DECLARATION_BYTES.sub(b"", source, count=1)
    else:
        source = _XML_DECLARATION.sub("", source, count=1)
    tree, errors = _parse(source, huge=False)
    if lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT in errors:
        tree, errors = _parse(source, huge=True)
        _flatten_deep(tree, MAX_TREE_DEPTH)
    return tree, lxml.etree.ErrorTypes.ERR_INVALID_ENCODING not in errors


def _parser(huge: bool, utf8: bool) -> lxml.etree.HTMLParser:
    """This thread's parser for the kind of input and limits."""
    key = (huge, utf8)
    parsers = getattr(_PARSERS, "parsers", None)
    if parsers is None:
        parsers = _PARSERS.parsers = {}
    parser = parsers.get(key)
    if parser is None:
        parser = parsers[key] = lxml.etree.HTMLParser(huge_tree=huge, encoding="utf-8" if utf8 else None,
                                                      **_PARSER_OPTIONS)
    return parser


def _parse(html: str | bytes, *, huge: bool) -> tuple[lxml.etree._Element, set[int]]:
    """(tree, the types of the errors libxml2 reported: a resource limit it stopped at, bytes not in UTF-8...)."""
    parser = _parser(huge, isinstance(html, bytes))
    try:
        tree = lxml.etree.fromstring(html, parser=parser)
    except ValueError as error:  # an encoding declaration lxml refuses in a str, in some odd place
        raise InputError(f"cannot parse the HTML: {error}") from error
    if tree is None:
        # "Document is empty": markup with nothing in it (a lone doctype or comment) is a page with no content.
        tree = lxml.etree.fromstring("<html><body></body></html>", parser=lxml.etree.HTMLParser())
    return tree, {entry.type for entry in parser.error_log}


def _flatten_deep(tree: lxml.etree._Element, max_depth: int) -> None:
    """Unwrap every element nested deeper than max_depth, keeping its text in place (no recursion)."""
    too_deep = []
    stack = [(tree, 0)]
    while stack:
        element, depth = stack.pop()
        if depth > max_depth:
            too_deep.append(element)
        stack.extend((child, depth + 1) for child in element)
    for element in too_deep:
        if isinstance(element.tag, str):
            _drop_tag(element)
        else:
            element.getparent().remove(element)  # comments and processing instructions carry no text


def _drop_tag(element: lxml.etree._Element) -> None:
    """Replace an element by its content, text and tail kept in place (lxml.html's drop_tag, for a plain tree)."""
    parent, previous = element.getparent(), element.getprevious()
    if element.text:
        if previous is None:
            parent.text = (parent.text or "") + element.text
        else:
            previous.tail = (previous.tail or "") + element.text
    if element.tail:
        if len(element):
            element[-1].tail = (element[-1].tail or "") + element.tail
        elif previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    index = parent.index(element)
    parent[index:index + 1] = element[:]


def _normalise_newlines(text: str) -> str:
    """Newlines as "\n"; a run of blanks inside a line as one space (see _BLANK_RUN)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BLANK_RUN.sub(" ", text) if _LONG_BLANKS in text or "\t" in text else text
