"""Hostile input: extract() returns an Article or raises a DatelineError, never anything else, and what it returns
is well formed (writers work, quote offsets point into the text, dates parse).

Bounded and deterministic for CI (derandomize=True). To hunt harder locally:
    DATELINE_FUZZ_EXAMPLES=3000 PYTHONPATH=$PWD python -m pytest -q tests/test_fuzz.py
(add DATELINE_FUZZ_RANDOM=1 for fresh random examples on each run instead of the fixed sequence).
"""

from __future__ import annotations

import gzip
import json
import os
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline import Article, DatelineError, Options, extract, find_quotes
from dateline.inputs.load import looks_like_url
from dateline.writers.json import to_json
from dateline.writers.markdown import to_markdown

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
EXAMPLES = int(os.environ.get("DATELINE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("DATELINE_FUZZ_RANDOM"),
                database=None, suppress_health_check=list(HealthCheck))

# Small real pages (20-40 KB of HTML) keep each example to a few milliseconds.
HTML_PAGES = tuple(gzip.decompress((CASES / name).read_bytes()) for name in (
    "metadata/thespacereview-com-c00962aa.html.gz",
    "metadata/lhpat-tm-com-85439e26.html.gz",
    "metadata/sciencealert-com-14cc2a0c.html.gz",
    "content/comwrap-lists.html.gz",
))
TEXT_PAGE = (ROOT / "examples/phnompenhpost-kim-sok.txt").read_text(encoding="utf-8")
TEXT_PAGES = (TEXT_PAGE.encode(),) + tuple((CASES / "text" / name).read_bytes() for name in (
    "ko-news-synthetic.txt", "sportsnet-menu.txt", "wday-ru-mojibake.txt"))

# Characters that break naive code: NUL, lone CR, a lone surrogate, line/paragraph separators, bidi marks,
# combining marks, BOM, quote marks of several traditions.
NASTY = ("\x00", "\r", "\r\n", "\ud800", "\udfff", "\u2028", "\u2029", "\u200f", "\u202e", "\u200b", "\u0301",
         "\u0308\u0308\u0308", "\ufeff", "\"", "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb",
         "\u300c", "\u300d", "\u201e", "<", ">", "&", "&#0;", "&#xD800;", "&#99999999;", "<!--", "]]>", "\ufffd")
QUOTE_MARKS = ("\"", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u300c", "\u300d", "\u201e", "'")


def check(data: bytes | str, **kwargs: object) -> None:
    """The contract: an Article (well formed) or a DatelineError."""
    if looks_like_url(data):
        return  # would fetch: not this file's business
    try:
        article = extract(data, **kwargs)
    except DatelineError:
        return
    assert isinstance(article, Article)
    json.loads(to_json(article, include_removed=True))
    to_markdown(article)
    text = article.text
    for quote in article.quotes:
        assert 0 <= quote.start <= quote.end <= len(text), quote
        # A quote interrupted by its attribution ("..., he continued. '...") is its parts joined by a space: it starts
        # at `start`, and every word of it is inside the span.
        span = text[quote.start:quote.end]
        assert quote.text[:1] == span[:1], quote
        assert all(word in span for word in quote.text.split()), quote
    for value in (article.published, article.modified):
        if value is not None:
            datetime.fromisoformat(value.replace("Z", "+00:00"))


def as_str(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


# --- mutations of real pages -------------------------------------------------------------------------------------

@FUZZ
@given(page=st.sampled_from(HTML_PAGES + TEXT_PAGES), cut=st.floats(0, 1), as_text=st.booleans())
def test_truncated_page(page: bytes, cut: float, as_text: bool) -> None:
    data = page[:int(len(page) * cut)]
    check(as_str(data) if as_text else data)


# Every switch away from its default: the other code paths (comments kept, removed parts listed, no tables/images).
OTHER_OPTIONS = Options(include_comments=True, include_tables=False, include_images=False, include_removed=True)


@FUZZ
@given(page=st.sampled_from(HTML_PAGES), edits=st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 255), st.booleans()), min_size=1, max_size=40), other=st.booleans())
def test_byte_flips_and_insertions(page: bytes, edits: list[tuple[float, int, bool]], other: bool) -> None:
    data = bytearray(page)
    for where, byte, insert in edits:
        at = int(len(data) * where) % max(len(data), 1)
        if insert:
            data.insert(at, byte)
        elif data:
            data[at] = byte
    check(bytes(data), options=OTHER_OPTIONS if other else None)


@FUZZ
@given(page=st.sampled_from(HTML_PAGES + TEXT_PAGES), edits=st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from(NASTY)), min_size=1, max_size=60))
def test_nasty_characters_in_str(page: bytes, edits: list[tuple[float, str]]) -> None:
    text = as_str(page)
    for where, char in edits:
        at = int(len(text) * where)
        text = text[:at] + char + text[at:]
    check(text)


@FUZZ
@given(page=st.sampled_from(HTML_PAGES), picks=st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_deleted_tags(page: bytes, picks: list[float]) -> None:
    text = as_str(page)
    for where in picks:
        start = text.find("<", int(len(text) * where))
        end = text.find(">", start)
        if start >= 0 and end >= 0:
            text = text[:start] + text[end + 1:]
    check(text)


@FUZZ
@given(page=st.sampled_from(HTML_PAGES + TEXT_PAGES),
       spans=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.integers(1, 4)),
                      min_size=1, max_size=5))
def test_duplicated_spans(page: bytes, spans: list[tuple[float, float, float, int]]) -> None:
    text = as_str(page)
    for start, length, dest, times in spans:
        a = int(len(text) * start)
        piece = text[a:a + int(5000 * length)]
        at = int(len(text) * dest)
        text = text[:at] + piece * times + text[at:]
    check(text)


@FUZZ
@given(page=st.sampled_from(HTML_PAGES + TEXT_PAGES), mark=st.sampled_from(QUOTE_MARKS),
       rate=st.floats(0, 1), extra=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(QUOTE_MARKS)), max_size=30))
def test_quote_marks_replaced_and_unbalanced(page: bytes, mark: str, rate: float,
                                             extra: list[tuple[float, str]]) -> None:
    text = as_str(page)
    marks = [i for i, char in enumerate(text) if char in QUOTE_MARKS]
    chars = list(text)
    for n, i in enumerate(marks):
        if (n * 7919 % 1000) / 1000 < rate:  # a deterministic share of the marks
            chars[i] = mark
    text = "".join(chars)
    for where, char in extra:
        at = int(len(text) * where)
        text = text[:at] + char + text[at:]
    check(text)


def test_text_page_mutations_still_find_quotes() -> None:
    """The fuzz oracle is live: the unmutated seed yields quotes whose offsets check out."""
    article = extract(TEXT_PAGE)
    assert len(article.quotes) >= 5
    check(TEXT_PAGE)


# --- hostile metadata --------------------------------------------------------------------------------------------

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                         st.text(max_size=30), st.sampled_from(["0000-00-00", "99999-01-01", "2019-02-30",
                                                                "yesterday", "", "2019-13-45T99:99:99Z", "1e400"]))
JSON_KEYS = st.sampled_from(["@type", "@graph", "@id", "author", "name", "headline", "datePublished", "dateModified",
                             "image", "url", "publisher", "articleBody", "keywords", "articleSection", "inLanguage",
                             "mainEntityOfPage", "x"])


def json_containers(kids: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(kids, max_size=4) | st.dictionaries(JSON_KEYS, kids, max_size=6)


JSON_VALUES = st.recursive(JSON_SCALARS, json_containers, max_leaves=25)
ARTICLE_KEYS = st.fixed_dictionaries({}, optional={
    "@context": st.just("https://schema.org"), "@type": st.one_of(st.just("NewsArticle"), JSON_VALUES),
    "@graph": JSON_VALUES, "author": JSON_VALUES, "headline": JSON_VALUES, "datePublished": JSON_VALUES,
    "dateModified": JSON_VALUES, "image": JSON_VALUES, "publisher": JSON_VALUES, "articleBody": JSON_VALUES,
    "keywords": JSON_VALUES, "inLanguage": JSON_VALUES, "name": JSON_VALUES})


def page_with_head(head: str, body: str | None = None) -> str:
    body = body if body is not None else "<article><h1>A title</h1>" + "<p>Some words of a story, said Ann.</p>" * 5
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


@FUZZ
@given(doc=st.one_of(ARTICLE_KEYS, JSON_VALUES), raw=st.booleans(), page=st.sampled_from(HTML_PAGES))
def test_jsonld_junk(doc: object, raw: bool, page: bytes) -> None:
    script = json.dumps(doc) if not raw else json.dumps(doc)[: max(1, len(json.dumps(doc)) // 2)]
    tag = f'<script type="application/ld+json">{script}</script>'
    check(page_with_head(tag))
    check(as_str(page).replace("<head>", "<head>" + tag, 1))


@FUZZ
@given(depth=st.integers(1, 5000), kind=st.sampled_from(["[", "{\"a\":", "{\"@graph\":["]))
def test_jsonld_deep_nesting(depth: int, kind: str) -> None:
    closer = {"[": "]", "{\"a\":": "}", "{\"@graph\":[": "]}"}[kind]
    script = kind * depth + "1" + closer * depth
    check(page_with_head(f'<script type="application/ld+json">{script}</script>'))


@FUZZ
@given(name=st.sampled_from(["article:published_time", "article:modified_time", "date", "pubdate", "og:updated_time",
                             "dc.date", "og:title", "author", "article:author", "og:locale", "description"]),
       value=st.one_of(st.sampled_from(["0000-00-00", "99999-01-01", "2019-02-30", "yesterday", "", " ",
                                        "2019-02-30T25:61:61+99:99", "-1", "1e999", "99999999999999999999",
                                        "\x00", "\ud800", "T", "2019-11-18T10:00:00Z" * 50]), st.text(max_size=40)),
       attr=st.sampled_from(["property", "name", "itemprop", "http-equiv"]), empty_attrs=st.booleans())
def test_meta_absurd_values(name: str, value: str, attr: str, empty_attrs: bool) -> None:
    head = f'<meta {attr}="{name}" content="{value}"><meta name="" content=""><meta property content>'
    if empty_attrs:
        head += '<time datetime=""></time><link rel="canonical" href=""><html lang="">'
    body = f'<article><time datetime="{value}">{value}</time><h1>T</h1><p>Body text here, long enough.</p></article>'
    check(page_with_head(head, body))


@FUZZ
@given(charset=st.sampled_from(["utf-7", "x-unknown", "", "utf-16", "utf-32", "ebcdic-cp-us", "cp037", "base64",
                                "utf-8\x00", "\u00e9", "latin-1; charset=utf-8", "\"", "idna", "rot13", "hex",
                                "zlib", "punycode", "undefined", "mbcs", "unicode_escape", "raw-unicode-escape"]),
       where=st.sampled_from(["meta", "http-equiv", "content_type", "xml"]), page=st.sampled_from(HTML_PAGES))
def test_weird_declared_encodings(charset: str, where: str, page: bytes) -> None:
    declaration = {"meta": f'<meta charset="{charset}">',
                   "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
                   "xml": f'<?xml version="1.0" encoding="{charset}"?>', "content_type": ""}[where]
    data = (declaration + as_str(page)).encode("utf-8", errors="surrogatepass")
    content_type = f"text/html; charset={charset}" if where == "content_type" else None
    check(data, content_type=content_type)


# --- random short input ------------------------------------------------------------------------------------------

@FUZZ
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300),
                      st.lists(st.sampled_from(NASTY + ("<p>", "</p>", "<html>", "<body>", "<script>", " said ",
                                                        "\n", "a", "Ann Lee", "<!doctype html>", "<?xml ?>")),
                               max_size=60).map("".join)),
       kind=st.sampled_from(["auto", "html", "text"]))
def test_random_short_input(data: bytes | str, kind: str) -> None:
    check(data, kind=kind)


QUOTE_WORDS = QUOTE_MARKS + (" ", "\n", "\n\n", ",", ".", ":", "\u2014", " said ", " says Ann Lee", " he said.",
                             "Ann Lee", "Mr. Lee", " according to ", "She", " told reporters", "\u201cWe", "word",
                             "- Sanders.", "\u2028", "\u200f", "\u0301", "\r")


@FUZZ
@given(pieces=st.lists(st.sampled_from(QUOTE_WORDS), max_size=120))
def test_find_quotes_on_quote_soup(pieces: list[str]) -> None:
    """The public find_quotes on text made of quote marks, cues and names: offsets stay within the text."""
    text = "".join(pieces)
    for quote in find_quotes(text):
        assert 0 <= quote.start <= quote.end <= len(text), quote
        assert quote.text[:1] == text[quote.start:quote.start + 1], quote
