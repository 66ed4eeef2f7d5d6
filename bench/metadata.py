"""Metadata benchmark: dateline against trafilatura on the hand-verified fixtures in tests/cases/metadata/.

Each fixture (<name>.json beside <name>.html.gz) holds a dev page's visible headline, byline and date, checked by
reading the page. Per field, a page counts as correct when:
  title      equal after whitespace normalisation;
  authors    the same set of names (compared by their words, case-insensitive);
  date       both give a time with a UTC offset: the same instant, to the minute; otherwise the same calendar day.
Both run in the same process on the same pages; the timing (CPU time, each on its own parsed copy of the pages,
best of three rounds) is side by side and given as a ratio, since the machine is shared and noisy.

    PYTHONPATH=$PWD /work/venv/bin/python bench/metadata.py [--verbose]
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases" / "metadata"
sys.path.insert(0, str(REPO / "tests"))  # the fixtures' matching rules, shared with their tests
from metadata_matching import same_authors, same_date, same_title  # noqa: E402
FIELDS = ("title", "authors", "date")


def load_cases() -> list[tuple[str, dict, bytes]]:
    return [(path.stem, json.loads(path.read_text(encoding="utf-8")),
             gzip.decompress(path.with_suffix("").with_suffix(".html.gz").read_bytes()))
            for path in sorted(CASES.glob("*.json"))]


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


def time_stage(cases: list[tuple[str, dict, bytes]], repeat: int = 3) -> dict[str, float]:
    """CPU ms per page of the metadata work alone, on trees parsed beforehand (each peer its own copy): dateline's
    metadata stage against trafilatura's extract_metadata given a parsed tree. Best of `repeat` rounds."""
    import lxml.html
    import trafilatura

    from dateline.article import Article
    from dateline.inputs.load import load
    from dateline.options import DEFAULT_OPTIONS
    from dateline.stages import metadata

    docs = [load(html, url=expected["url"], options=DEFAULT_OPTIONS) for _, expected, html in cases]
    trees = [lxml.html.fromstring(html) for _, _, html in cases]
    runs = {
        "dateline": lambda: [metadata.run(doc, Article(url=doc.url), DEFAULT_OPTIONS) for doc in docs],
        "trafilatura": lambda: [trafilatura.extract_metadata(tree, default_url=expected["url"])
                                for tree, (_, expected, _) in zip(trees, cases)],
    }
    best = {}
    for peer, run in runs.items():
        rounds = []
        for _ in range(repeat):
            start = time.process_time()
            run()
            rounds.append(time.process_time() - start)
        best[peer] = 1000 * min(rounds) / len(cases)
    return best


def main(verbose: bool = False) -> None:
    cases = load_cases()
    peers = {"dateline": run_dateline, "trafilatura": run_trafilatura}
    correct = {name: dict.fromkeys(FIELDS, 0) for name in peers}
    for name, expected, html in cases:
        for peer, run in peers.items():
            result = run(html, expected["url"])
            marks = score(result, expected)
            for field in FIELDS:
                correct[peer][field] += marks[field]
            if verbose and not all(marks.values()):
                wrong = {field: result[field] for field in FIELDS if not marks[field]}
                print(f"  {peer:<11} {name}: {wrong}")
    stage = time_stage(cases)
    print(f"\nMetadata on {len(cases)} hand-verified dev pages: pages correct per field; CPU ms/page of the metadata "
          f"work on a parsed tree (best of 3)\n")
    print(f"{'':<12}" + "".join(f"{field:>9}" for field in FIELDS) + f"{'ms/page':>10}")
    for peer in peers:
        row = "".join(f"{correct[peer][field]:>9}" for field in FIELDS)
        print(f"{peer:<12}{row}{stage[peer]:>10.2f}")
    print(f"\ndateline's metadata stage is {stage['trafilatura'] / stage['dateline']:.1f}x as fast as trafilatura's "
          f"extract_metadata on the same parsed pages")


if __name__ == "__main__":
    main(verbose="--verbose" in sys.argv)
