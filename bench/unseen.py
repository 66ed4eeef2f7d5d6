"""Held-out, multilingual quality check: pages dateline was never tuned on, from two peers' test suites on PyPI.

Two sets, fetched at bench time as source distributions (cached in bench/out/unseen/, never committed: the pages
are third-party content):

1. newspaper4k 0.9.6's tests/data: ~23 article pages (Arabic, Burmese, Chinese, Japanese, Latvian, Spanish, Thai,
   English from CNN, Wired, Time, Yonhap...) with newspaper's curated body text (tests/data/txt) and metadata
   (tests/data/metadata). The text is a reasonable but imperfect truth: newspaper's own output, hand-checked by its
   authors. dateline, trafilatura 2.3.1 (default extract) and readability-lxml are scored side by side with
   bench/devset.py's 4-gram shingle metric; title, authors and date (to the day) are compared with the metadata for
   dateline and trafilatura.
2. trafilatura 0.9.3's tests/cache: ~110 real pages (many German and French) without truth: per page, dateline's
   and trafilatura's text lengths and their 4-gram F1 against each other, sorted by disagreement, to be read by eye.

Tokens are `\\w+` matches, so a run of Chinese, Japanese, Thai or Burmese text with no spaces is ONE token: on those
pages the word metric only sees punctuation-separated clauses. A character 4-gram F1 is given beside it for those
scripts as a side metric (clearly labelled; not the benchmark's figure).

    PYTHONPATH=$PWD /work/venv/bin/python bench/unseen.py [--set newspaper|cache|both] [--dump] [--page NAME]

--dump writes each tool's text to bench/out/unseen/text/ for reading; bench/out/unseen/summary.json keeps the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: `bench` and `dateline` importable
from bench.devset import REPO, Page, page_f1, score  # noqa: E402

OUT = REPO / "bench" / "out" / "unseen"
SDISTS = ("newspaper4k==0.9.6", "trafilatura==0.9.3")
NEWSPAPER = OUT / "newspaper4k-0.9.6" / "tests" / "data"
CACHE = OUT / "trafilatura-0.9.3" / "tests" / "cache"
# Pages of the newspaper set that are not articles (a home page, a feed, a redirect stub): not scored.
NOT_ARTICLES = re.compile(r"_main_site|sample_rss|meta_refresh")
# Languages of the newspaper pages that ship no metadata file (named by the page).
LANGUAGE_BY_NAME = {"burmese": "my", "latvian": "lv", "chinese": "zh", "thai": "th", "japanese": "ja",
                    "arabic": "ar", "spanish": "es"}
# Scripts written without spaces between words: the word metric is blind inside their runs.
UNSPACED = re.compile(r"[\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
UNSPACED_SHARE = 0.3  # of the truth's word characters: the page is scored with the character side metric too
TOOLS = ("dateline", "trafilatura", "readability")


# --- Fetching -----------------------------------------------------------------------------------------------------

def fetch() -> None:
    """Download the two source distributions once (pip's ordinary client) and unpack them beside."""
    OUT.mkdir(parents=True, exist_ok=True)
    archives = {spec: OUT / (spec.replace("==", "-") + ".tar.gz") for spec in SDISTS}
    missing = [spec for spec, path in archives.items() if not path.exists()]
    if missing:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps", *missing,
                        "-d", str(OUT)], check=True, stdout=subprocess.DEVNULL)
    for path in archives.values():
        if not (OUT / path.name.removesuffix(".tar.gz")).exists():
            with tarfile.open(path) as archive:
                archive.extractall(OUT, filter="data")


# --- The tools ----------------------------------------------------------------------------------------------------

def run_dateline(html: bytes, url: str | None):
    import dateline

    return dateline.extract(html, url=url, kind="html", options=dateline.Options(quotes=False))


def run_trafilatura(html: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def run_readability(html: bytes, url: str | None) -> str:
    import lxml.html
    from readability import Document

    tree = lxml.html.fromstring(Document(html).summary())
    for element in tree.iter("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "br"):
        element.tail = "\n\n" + (element.tail or "")  # paragraphs separated, as the other tools give them
    return "\n\n".join(line.strip() for line in tree.text_content().split("\n\n") if line.strip())


def trafilatura_metadata(html: bytes, url: str | None) -> dict:
    import trafilatura

    meta = trafilatura.extract_metadata(html.decode("utf-8", "replace"), default_url=url)
    if meta is None:
        return {"title": None, "authors": [], "date": None}
    return {"title": meta.title, "authors": [name.strip() for name in (meta.author or "").split(";") if name.strip()],
            "date": meta.date}


# --- Metrics ------------------------------------------------------------------------------------------------------

def char_f1(predicted: str, expected: str, n: int = 4) -> float:
    """Side metric for unspaced scripts: F1 over multisets of character 4-grams of the word characters."""
    from collections import Counter

    def grams(text: str) -> Counter:
        chars = "".join(re.findall(r"\w", text or ""))
        return Counter(chars[i:i + n] for i in range(max(len(chars) - n + 1, 0)))
    pred, gold = grams(predicted), grams(expected)
    tp = sum((pred & gold).values())
    return 2 * tp / (sum(pred.values()) + sum(gold.values())) if tp else 0.0


def is_unspaced(text: str) -> bool:
    words = re.findall(r"\w", text)
    return bool(words) and len(UNSPACED.findall(text)) / len(words) >= UNSPACED_SHARE


def same_day(got: str | None, expected: str | None) -> bool:
    return bool(got and expected) and str(got)[:10] == str(expected)[:10]


def same_title(got: str | None, expected: str | None) -> bool:
    return " ".join((got or "").split()) == " ".join((expected or "").split())


def same_authors(got, expected) -> bool:
    def key(name: str) -> str:
        return " ".join(re.findall(r"\w+", name.casefold()))
    return {key(name) for name in got} == {key(name) for name in expected}


# --- Set 1: newspaper4k's pages with truth ------------------------------------------------------------------------

def newspaper_pages(only: str = "") -> list[tuple[str, bytes, str, dict]]:
    """(name, html, expected text, metadata) for each article page with a truth text; exact duplicates once."""
    pages, seen = [], set()
    for path in sorted((NEWSPAPER / "html").glob("*.html")):
        name = path.stem
        truth = NEWSPAPER / "txt" / f"{name}.txt"
        if NOT_ARTICLES.search(name) or not truth.exists() or not name.startswith(only):
            continue
        html = path.read_bytes()
        digest = hashlib.sha1(html).hexdigest()
        if digest in seen:  # video_article_01 is cleveland.com1's page again
            continue
        seen.add(digest)
        meta_path = NEWSPAPER / "metadata" / f"{name}.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        pages.append((name, html, truth.read_text(encoding="utf-8"), meta))
    return pages


def language_of(name: str, meta: dict, article) -> str:
    if meta.get("language"):
        return meta["language"]
    for word, code in LANGUAGE_BY_NAME.items():
        if name.startswith(word):
            return code
    return article.language or "?"


def score_newspaper(pages, dump: bool) -> dict:
    runners: dict[str, Callable[[bytes, str | None], str]] = {
        "trafilatura": run_trafilatura, "readability": run_readability}
    texts: dict[str, dict[str, str]] = {tool: {} for tool in TOOLS}
    rows, meta_rows = [], []
    for name, html, expected, meta in pages:
        url = meta.get("url")
        article = run_dateline(html, url)
        texts["dateline"][name] = article.text
        for tool, run in runners.items():
            texts[tool][name] = run(html, url)
        rows.append({"page": name, "lang": language_of(name, meta, article), "unspaced": is_unspaced(expected),
                     **{tool: page_f1(texts[tool][name], expected) for tool in TOOLS},
                     **{f"{tool}_chars": char_f1(texts[tool][name], expected) for tool in TOOLS}})
        if meta:
            meta_rows.append(metadata_row(name, html, url, article, meta))
        if dump:
            write_texts(name, expected, {tool: texts[tool][name] for tool in TOOLS})
    truth = [Page(name, meta.get("url", ""), expected, b"", "") for name, _, expected, meta in pages]
    means = {tool: score(texts[tool], truth) for tool in TOOLS}
    return {"rows": rows, "means": means, "meta": meta_rows}


def metadata_row(name: str, html: bytes, url: str | None, article, meta: dict) -> dict:
    peer = trafilatura_metadata(html, url)
    ours = {"title": article.title, "authors": list(article.authors), "date": article.published}
    row = {"page": name, "truth": {"title": meta.get("title"), "authors": meta.get("authors") or [],
                                   "date": meta.get("publish_date")}}
    truth = row["truth"]
    for tool, got in (("dateline", ours), ("trafilatura", peer)):
        row[tool] = got
        # None: the truth has no value for the field (newspaper found none): not scored, listed to read by eye.
        row[f"{tool}_ok"] = {
            "title": same_title(got["title"], truth["title"]) if truth["title"] else None,
            "authors": same_authors(got["authors"], truth["authors"]) if truth["authors"] else None,
            "date": same_day(got["date"], truth["date"]) if truth["date"] else None}
    return row


def write_texts(name: str, expected: str, texts: dict[str, str]) -> None:
    folder = OUT / "text"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.truth.txt").write_text(expected, encoding="utf-8")
    for tool, text in texts.items():
        (folder / f"{name}.{tool}.txt").write_text(text, encoding="utf-8")


def print_newspaper(result: dict) -> None:
    print("## newspaper4k 0.9.6 test pages: body text against newspaper's curated truth (4-gram shingle F1, "
          "\\w+ tokens)\n")
    print("| page | lang | dateline | trafilatura | readability | side: char-4-gram F1 d / t / r |")
    print("|---|---|---|---|---|---|")
    for row in result["rows"]:
        side = (" / ".join(f"{row[f'{tool}_chars']:.3f}" for tool in TOOLS) if row["unspaced"] else "")
        print(f"| {row['page']} | {row['lang']} | " + " | ".join(f"{row[tool]:.3f}" for tool in TOOLS) + f" | {side} |")
    means = result["means"]
    print("| **mean P/R/F1 (devset.score)** | | " + " | ".join(
        f"**{means[tool].f1:.3f}** ({means[tool].precision:.3f}/{means[tool].recall:.3f})" for tool in TOOLS) + " | |")
    unspaced = [row for row in result["rows"] if row["unspaced"]]
    if unspaced:
        side = " / ".join(f"{sum(row[f'{tool}_chars'] for row in unspaced) / len(unspaced):.3f}" for tool in TOOLS)
        print(f"\n{len(result['rows'])} pages. Side metric, {len(unspaced)} pages in unspaced scripts (CJK, Thai, "
              f"Burmese), where \\w+ makes a whole run between punctuation ONE token: mean character-4-gram F1 "
              f"dateline / trafilatura / readability = {side}")
    print_metadata(result["meta"])


def print_metadata(rows: list[dict]) -> None:
    print("\n## Metadata against newspaper's metadata JSON (title exact after whitespace; authors as a set of "
          "names; date to the day; a field the truth leaves empty is not scored: n)\n")
    print("| page | title d/t | authors d/t | date d/t | dateline authors, date | truth authors, date |")
    print("|---|---|---|---|---|---|")
    mark = {True: "+", False: "-", None: "n"}
    for row in rows:
        marks = [mark[row["dateline_ok"][field]] + "/" + mark[row["trafilatura_ok"][field]]
                 for field in ("title", "authors", "date")]
        ours, truth = row["dateline"], row["truth"]
        print(f"| {row['page']} | " + " | ".join(marks) + f" | {ours['authors']}, {ours['date']} | "
              f"{truth['authors']}, {truth['date']} |")
    for tool in ("dateline", "trafilatura"):
        counts = {field: (sum(row[f"{tool}_ok"][field] is True for row in rows),
                          sum(row[f"{tool}_ok"][field] is not None for row in rows))
                  for field in ("title", "authors", "date")}
        print(f"{tool}: " + ", ".join(f"{field} {right}/{scored}" for field, (right, scored) in counts.items()))


# --- Set 2: trafilatura's cache pages, no truth -------------------------------------------------------------------

def compare_cache(only: str = "") -> dict:
    rows, failures = [], []
    for path in sorted(CACHE.glob("*.html")):
        if not path.stem.startswith(only):
            continue
        html = path.read_bytes()
        try:
            article = run_dateline(html, None)
        except Exception:  # must not happen: counted and printed
            failures.append((path.stem, traceback.format_exc(limit=3)))
            continue
        theirs = run_trafilatura(html, None)
        rows.append({"page": path.stem, "dateline": len(article.text), "trafilatura": len(theirs),
                     "f1": page_f1(article.text, theirs), "is_article": article.is_article,
                     "lang": article.language or "?"})
    return {"rows": sorted(rows, key=lambda row: row["f1"]), "failures": failures}


def print_cache(result: dict) -> None:
    rows = result["rows"]
    print("\n## trafilatura 0.9.3 cache pages (no truth): dateline against trafilatura 2.3.1, worst agreement first\n")
    print("| page | lang | dateline chars | trafilatura chars | F1 between them | dateline is_article |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['page']} | {row['lang']} | {row['dateline']} | {row['trafilatura']} | {row['f1']:.3f} | "
              f"{row['is_article']} |")
    mean = sum(row["f1"] for row in rows) / len(rows) if rows else 0.0
    print(f"\n{len(rows)} pages; mean F1 between the two {mean:.3f}; dateline says not an article: "
          f"{sum(not row['is_article'] for row in rows)}; dateline empty body: "
          f"{sum(row['dateline'] == 0 for row in rows)}; trafilatura empty: "
          f"{sum(row['trafilatura'] == 0 for row in rows)}; exceptions: {len(result['failures'])}")
    for page, trace in result["failures"]:
        print(f"EXCEPTION {page}:\n{trace}")


# --- Main ---------------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("newspaper", "cache", "both"), default="both")
    parser.add_argument("--page", default="", help="only pages whose name starts with this")
    parser.add_argument("--dump", action="store_true", help="write each tool's text to bench/out/unseen/text/")
    args = parser.parse_args()
    fetch()
    summary: dict = {}
    if args.set in ("newspaper", "both"):
        result = score_newspaper(newspaper_pages(args.page), args.dump)
        print_newspaper(result)
        summary["newspaper"] = {"rows": result["rows"], "means": {tool: vars(s) for tool, s in result["means"].items()},
                                "meta": result["meta"]}
    if args.set in ("cache", "both"):
        result = compare_cache(args.page)
        print_cache(result)
        summary["cache"] = result
    if not args.page:
        (OUT / f"summary-{args.set}.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False, default=str),
                                                      encoding="utf-8")


if __name__ == "__main__":
    main()
