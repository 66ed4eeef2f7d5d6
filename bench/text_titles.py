"""Headlines found in the flattened dev pages against the pages' own og:title (or <title>).

    PYTHONPATH=$PWD /work/venv/bin/python bench/text_titles.py [--misses]

A title counts as found when one of the two contains the other (words only, case folded): pages put the site's name
in their og:title, and some headlines differ from it, so this is a floor on accuracy, not a measure of it. Pages
whose og:title is nowhere in the text are counted apart.
"""

from __future__ import annotations

import argparse
import html
import re

from bench.devset import load_pages
from dateline import extract
from dateline.options import Options

_OG_TITLE = re.compile(r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=[\"']([^\"']+)", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_NON_WORDS = re.compile(r"\W+")


def words(text: str) -> str:
    return _NON_WORDS.sub(" ", text).lower().strip()


def reference(page_html: bytes) -> str:
    source = page_html.decode("utf-8", "replace")
    match = _OG_TITLE.search(source) or _TITLE.search(source)
    return words(html.unescape(match.group(1))) if match else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list the pages where the titles disagree")
    args = parser.parse_args()
    found = missed = absent = 0
    for page in load_pages():
        expected = reference(page.html)
        title = words(extract(page.text, kind="text", options=Options(quotes=False)).title or "")
        if expected and title and (title in expected or expected in title):
            found += 1
        elif not expected or expected not in words(page.text) and not any(
                len(words(line)) > 15 and words(line) in expected for line in page.text.splitlines()):
            absent += 1
        else:
            missed += 1
            if args.misses:
                print(f"  {page.key[:8]} got {title[:50]!r} | page says {expected[:60]!r}")
    print(f"titles agreeing with og:title: {found}, disagreeing: {missed}, og:title not in the text: {absent}")


if __name__ == "__main__":
    main()
