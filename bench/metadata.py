"""Metadata benchmark: dateline against trafilatura on the hand-verified fixtures in tests/cases/metadata/.

Each fixture (<name>.json beside <name>.html.gz) holds a dev page's visible headline, byline and date, checked by
reading the page. Per field, a page counts as correct when:
  title      equal after whitespace normalisation;
  authors    the same set of names (compared by their words, case-insensitive);
  date       both give a time with a UTC offset: the same instant, to the minute; otherwise the same calendar day.
Both extractors run in the same process, one after the other per page; timings are side by side, given as ratios.

    PYTHONPATH=$PWD /work/venv/bin/python bench/metadata.py [--verbose]
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases" / "metadata"
FIELDS = ("title", "authors", "date")


def load_cases() -> list[tuple[str, dict, bytes]]:
    return [(path.stem, json.loads(path.read_text(encoding="utf-8")),
             gzip.decompress(path.with_suffix("").with_suffix(".html.gz").read_bytes()))
            for path in sorted(CASES.glob("*.json"))]


def same_title(got: str | None, expected: str) -> bool:
    return " ".join((got or "").split()) == " ".join(expected.split())


def same_authors(got: list[str] | tuple[str, ...], expected: list[str]) -> bool:
    """Names compared by their words, so "Sarah E Needleman" is "Sarah E. Needleman" (punctuation is not a miss)."""
    return {_name_key(name) for name in got} == {_name_key(name) for name in expected}


def _name_key(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold()))


def same_date(got: str | None, expected: str) -> bool:
    if not got:
        return False
    got_time, expected_time = _aware(got), _aware(expected)
    if got_time and expected_time:
        return abs((got_time - expected_time).total_seconds()) < 60
    return got[:10] == expected[:10]


def _aware(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if "T" in value and parsed.tzinfo is not None else None


def run_dateline(html: bytes, url: str) -> dict:
    from dateline.inputs.load import load
    from dateline.options import DEFAULT_OPTIONS
    from dateline.article import Article
    from dateline.stages import metadata

    doc = load(html, url=url, options=DEFAULT_OPTIONS)
    article = metadata.run(doc, Article(url=url), DEFAULT_OPTIONS)
    return {"title": article.title, "authors": list(article.authors), "date": article.published}


def run_trafilatura(html: bytes, url: str) -> dict:
    import trafilatura

    meta = trafilatura.extract_metadata(html.decode("utf-8", "replace"), default_url=url)
    if meta is None:
        return {"title": None, "authors": [], "date": None}
    authors = [name.strip() for name in (meta.author or "").split(";") if name.strip()]
    return {"title": meta.title, "authors": authors, "date": meta.date}


def score(result: dict, expected: dict) -> dict[str, bool]:
    return {"title": same_title(result["title"], expected["title"]),
            "authors": same_authors(result["authors"], expected["authors"]),
            "date": same_date(result["date"], expected["published"])}


def main(verbose: bool = False) -> None:
    cases = load_cases()
    peers = {"dateline": run_dateline, "trafilatura": run_trafilatura}
    correct = {name: dict.fromkeys(FIELDS, 0) for name in peers}
    seconds = dict.fromkeys(peers, 0.0)
    for name, expected, html in cases:
        for peer, run in peers.items():
            start = time.perf_counter()
            result = run(html, expected["url"])
            seconds[peer] += time.perf_counter() - start
            marks = score(result, expected)
            for field in FIELDS:
                correct[peer][field] += marks[field]
            if verbose and not all(marks.values()):
                wrong = {field: result[field] for field in FIELDS if not marks[field]}
                print(f"  {peer:<11} {name}: {wrong}")
    print(f"\nMetadata on {len(cases)} hand-verified dev pages (correct pages per field)\n")
    print(f"{'':<12}" + "".join(f"{field:>9}" for field in FIELDS) + f"{'ms/page':>10}")
    for peer in peers:
        row = "".join(f"{correct[peer][field]:>9}" for field in FIELDS)
        print(f"{peer:<12}{row}{1000 * seconds[peer] / len(cases):>10.2f}")
    ratio = seconds["trafilatura"] / seconds["dateline"] if seconds["dateline"] else float("inf")
    print(f"\ndateline's metadata stage (incl. parsing) is {ratio:.1f}x trafilatura's extract_metadata speed")


if __name__ == "__main__":
    main(verbose="--verbose" in sys.argv)
