"""Bad input never crashes, hangs or eats memory: it gives an Article (maybe with an empty body) or a clear
DatelineError. Big inputs are generated here; the 50 MB page runs in its own process so its peak RSS is its own."""

from __future__ import annotations

import gzip
import json
import random
import struct
import subprocess
import sys
import zlib

import pytest

import dateline
from dateline.errors import BinaryInputError, DatelineError, EmptyInputError, InputError, InputTooLargeError
from dateline.inputs.load import MAX_TREE_DEPTH, load
from dateline.options import Options
from dateline.writers import to_json, to_markdown, to_text

from conftest import REPO, SCRAPINGHUB, dev_html

# A dev-set page (AP story hosted by the Berkshire Eagle) used as the "real page" the bad inputs are cut from.
DEV_KEY = "82b6d780c792df78dcfb00484d50c86fbc7f324a9eb5835b7615f028edb9a574"
STORY = ("The city council voted on Tuesday to rebuild the old harbour wall before the winter storms arrive, "
         "after engineers warned that another flood could reach the market square. ")
PAGE = ("<!DOCTYPE html><html><head><title>Harbour wall to be rebuilt</title></head><body><article>"
        "<h1>Harbour wall to be rebuilt</h1>" + "".join(f"<p>{STORY * 2}Paragraph {n}.</p>" for n in range(8))
        + "</article></body></html>")


def _all_writers(article: dateline.Article) -> None:
    """Whatever came out must go through every writer and encode as UTF-8."""
    for output in (to_json(article), to_markdown(article), to_text(article)):
        output.encode("utf-8")


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixels = zlib.compress(b"".join(b"\x00" + bytes(range(48)) for _ in range(16)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >>"
       b" endobj\nxref\n0 3\n0000000000 65535 f \ntrailer << /Size 3 /Root 1 0 R >>\n%%EOF\n")


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n", "", "  \n ", "\ufeff", "\x00 \x00"])
def test_empty_input_is_an_empty_input_error(data):
    with pytest.raises(EmptyInputError, match="empty"):
        dateline.extract(data)


@pytest.mark.parametrize("name,data", [
    ("random bytes", random.Random(7).randbytes(20_000)),
    ("random high bytes", bytes(random.Random(8).randrange(128, 256) for _ in range(20_000))),
    ("png", _png()),
    ("pdf", PDF),
    ("nul bytes", b"\x00" * 100),
    ("gzip of a png", gzip.compress(_png())),
])
def test_binary_junk_is_a_binary_input_error(name, data):
    with pytest.raises(BinaryInputError) as caught:
        dateline.extract(data)
    assert caught.value.kind == "binary" and str(caught.value)


@pytest.mark.parametrize("data", [None, 42, ["<p>a</p>"], {"html": "<p>a</p>"}])
def test_wrong_type_is_an_input_error(data):
    with pytest.raises(InputError, match="expected HTML or text"):
        dateline.extract(data)


def test_nul_bytes_are_dropped_not_fatal():
    article = dateline.extract(PAGE.replace("rebuild", "re\x00build").encode("utf-8"))
    assert "\x00" not in to_json(article)
    doc = load(PAGE.replace("rebuild", "re\x00build").encode("utf-8"), options=Options())
    assert "voted on Tuesday to rebuild the old harbour wall" in "".join(doc.tree.itertext())


def test_lone_surrogates_in_a_str_become_replacement_characters():
    page = PAGE.replace("harbour wall before", "harbour \ud83d wall before")
    article = dateline.extract(page)
    _all_writers(article)
    doc = load(page, options=Options())
    assert "harbour \ufffd wall before" in "".join(doc.tree.itertext())


def test_truncated_html_keeps_what_arrived():
    html = dev_html(DEV_KEY) if SCRAPINGHUB.exists() else PAGE.encode()
    cut = html[: len(html) // 2]
    article = dateline.extract(cut, url="https://hosted.ap.org/story")
    _all_writers(article)
    tree = load(cut, options=Options()).tree
    assert tree.find("body") is not None and len("".join(tree.itertext())) > 1000


def test_truncated_gzip_page_is_read_as_far_as_it_goes():
    packed = gzip.compress(PAGE.encode("utf-8"))
    cut = packed[: len(packed) * 2 // 3]
    article = dateline.extract(cut)
    _all_writers(article)
    assert "Harbour wall to be rebuilt" in "".join(load(cut, options=Options()).tree.itertext())


def test_markup_with_nothing_in_it_gives_an_empty_article():
    for data in (b"<!DOCTYPE html>", b"<html></html>", b"<html><head><title>Only a title</title></head></html>"):
        article = dateline.extract(data)
        assert article.body == () and article.text == "" and not article.is_article


@pytest.mark.timeout(60)
def test_100000_nested_divs():
    depth = 100_000
    html = "<html><body><p>Before the nesting.</p>" + "<div>" * depth + "deep" + "</div>" * depth + "</body></html>"
    article = dateline.extract(html.encode())
    _all_writers(article)
    assert "Before the nesting." in article.text or article.body == ()


@pytest.mark.timeout(60)
def test_a_long_blank_run_in_flattened_text_is_one_space():
    """A caption line holding 200,000 spaces once took minutes (regexes that start with "\\s*" retry the whole run
    from each of its characters); the run is one space, and the story is read as without it."""
    seed = (REPO / "examples" / "phnompenhpost-kim-sok.txt").read_text(encoding="utf-8")
    lines = seed.split("\n")
    def with_caption(blank: str, tabs: str) -> str:
        return "\n".join(lines[:8] + ["Photo" + blank + ": Reuters" + tabs + "file"] + lines[8:])

    padded = with_caption(" " * 200_000, "\t" * 50)
    doc = load(padded, kind="text", options=Options())
    assert "Photo : Reuters file" in doc.text and " " * 16 not in doc.text and "\t" not in doc.text
    assert dateline.extract(padded, kind="text").to_dict() == dateline.extract(with_caption(" ", " "), kind="text").to_dict()


def test_nesting_past_libxml2_limit_keeps_the_rest_of_the_page():
    """libxml2 stops at 256 levels and drops everything after; we re-parse and flatten instead."""
    depth = 600
    html = ("<html><body><p>Before.</p>" + "<div>" * depth + "<p>Deep inside.</p>" + "</div>" * depth
            + "<p>After the nesting.</p></body></html>")
    tree = load(html, options=Options()).tree
    assert ["".join(p.itertext()) for p in tree.iter("p")][-1] == "After the nesting."
    assert "Deep inside." in "".join(tree.itertext())
    deepest = max(len(list(element.iterancestors())) for element in tree.iter())
    assert deepest <= MAX_TREE_DEPTH


def test_a_20_mb_text_node_is_kept():
    """libxml2 drops text nodes over 10 MB unless asked; the page after it must survive too."""
    html = "<html><body><p>" + "word " * 4_000_000 + "</p><p>After the big one.</p></body></html>"
    texts = ["".join(p.itertext()) for p in load(html, options=Options()).tree.iter("p")]
    assert len(texts[0]) == 20_000_000 and texts[1] == "After the big one."


@pytest.mark.parametrize("as_str", [False, True])
def test_over_the_size_limit_is_refused_before_parsing(as_str):
    data = "<p>" + "x" * 2_000_000 + "</p>"
    with pytest.raises(InputTooLargeError, match="over the limit"):
        dateline.extract(data if as_str else data.encode(), options=Options(max_input_bytes=1_000_000))


BIG_PAGE_SCRIPT = r"""
import json, resource, sys
import dateline
from dateline.writers import to_json
paragraph = ("<p>Paragraph {n}: the council met again on Tuesday and heard from residents of the harbour district "
             "about flooding, rents and the new bus timetable, and voted on each motion in turn.</p>\n")
parts, size = ["<!DOCTYPE html><html><head><title>A very long page</title></head><body><article><h1>Long</h1>"], 0
n = 0
while size < 50 * 1024 * 1024:
    part = paragraph.format(n=n)
    parts.append(part); size += len(part); n += 1
parts.append("</article></body></html>")
html = "".join(parts).encode("utf-8")
del parts
try:
    article = dateline.extract(html, url="https://example.com/long")
    outcome = {"article": True, "paragraphs": len(article.body), "json": len(to_json(article))}
except dateline.DatelineError as error:
    outcome = {"article": False, "error": type(error).__name__}
outcome["input_bytes"] = len(html)
outcome["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(outcome))
"""


@pytest.mark.timeout(180)
def test_a_50_mb_page_in_bounded_memory():
    result = subprocess.run([sys.executable, "-c", BIG_PAGE_SCRIPT], capture_output=True, text=True, timeout=170,
                            cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout)
    assert outcome["input_bytes"] >= 50 * 1024 * 1024
    assert outcome["article"], outcome  # under the 51 MB limit: an Article, whatever its body
    assert outcome["peak_rss_mb"] < 1500, outcome


def test_errors_carry_a_stable_kind():
    with pytest.raises(DatelineError) as caught:
        dateline.extract(b"")
    assert caught.value.kind == "empty"


def test_an_unknown_kind_is_refused():
    with pytest.raises(dateline.InputError, match="kind must be one of"):
        dateline.extract("<p>Hello</p>", kind="pdf")


@pytest.mark.parametrize("head", ['<meta charset="windows-1251">', '<meta http-equiv="Content-Type" '
                                  'content="text/html; charset=iso-8859-1">'])
def test_valid_utf8_is_parsed_as_bytes_whatever_the_page_declares(head):
    """Strict UTF-8 is parsed from the bytes themselves (faster): no <meta charset> may re-decode them."""
    page = PAGE.replace("<head>", "<head>" + head).replace("harbour wall", "quai de Saint-Étienne – «naïve» ü")
    doc = load(page.encode("utf-8"), options=Options())
    assert doc.utf8 is not None and doc.mentions("Paragraph 3") and not doc.mentions("articleBody")
    assert "quai de Saint-Étienne – «naïve» ü" in doc.tree.findtext(".//p")
    assert "«naïve»" in dateline.extract(page.encode("utf-8")).text


def test_xml_declared_utf8_and_lossy_utf8_pages_parse_alike():
    """An XHTML page's XML declaration is dropped from the bytes too; UTF-8 with a stray bad byte is decoded with a
    replacement character and parsed as a str (libxml2 would switch to Latin-1 mid-page on the bytes)."""
    page = PAGE.replace("harbour wall", "Straße").replace(" the ", " thé ")
    declared = load(('<?xml version="1.0" encoding="iso-8859-1"?>' + page).encode("utf-8"), options=Options())
    assert declared.utf8 is not None and declared.tree.tag == "html"
    assert "Straße" in declared.tree.findtext(".//p")
    lossy = load(page.encode("utf-8").replace(b"Paragraph 3", b"Paragraph \xff3"), options=Options())
    assert lossy.utf8 is None and lossy.encoding == "utf-8"
    texts = [p.text for p in lossy.tree.iter("p")]
    assert "Straße" in texts[0] and "Paragraph \ufffd3." in texts[3]


def test_a_legacy_byte_far_into_the_page_sends_it_to_the_decoder():
    """UTF-8 pages are parsed from their bytes undecoded; libxml2's report of a byte that is not UTF-8, here a
    windows-1252 curly quote 100 KB in, sends the page to decode() (which reads the declared charset)."""
    filler = "".join(f"<p>{STORY} {n}</p>" for n in range(600))
    page = PAGE.replace("<head>", '<head><meta charset="windows-1252">').replace(
        "<article>", f"<article>{filler}<p>The mayor said \u201cno\u201d to the plan.</p>")
    data = page.encode("cp1252")
    assert data.index(b"\x93") > 100_000
    doc = load(data, options=Options())
    assert doc.utf8 is None and doc.encoding == "cp1252"
    assert "The mayor said \u201cno\u201d to the plan." in "".join(doc.tree.itertext())
    valid = load(page.encode("utf-8"), options=Options())
    assert valid.utf8 is not None and valid.decoded is None and "said \u201cno\u201d" in valid.html
