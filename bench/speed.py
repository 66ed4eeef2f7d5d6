"""Side-by-side speed: trafilatura.extract vs dateline.extract on the 181 dev pages, in one process.

    PYTHONPATH=$PWD /work/venv/bin/python bench/speed.py [--rounds 5]

The pages are pre-loaded as bytes; rounds alternate between the tools so machine load hits both alike. Each tool's
figure is its best round of CPU time (time.process_time), per page; the ratio is trafilatura's over dateline's.
Repeated rounds over the same pages find every memoised class name and regex already cached, which flatters both
tools; so the first pass over pages not yet seen (all but the ten warm-up pages) is reported too (for trafilatura
and dateline with default options: the quotes-off pass that follows would find dateline's caches filled).
"""

from __future__ import annotations

import argparse
import time
from typing import Callable

import trafilatura

import dateline
from bench.devset import Page, load_pages
from dateline.options import Options

_QUOTES_OFF = Options(quotes=False)


def _trafilatura(page: Page) -> object:
    return trafilatura.extract(page.html, url=page.url)


def _dateline(page: Page) -> object:
    return dateline.extract(page.html, url=page.url)


def _dateline_quotes_off(page: Page) -> object:
    return dateline.extract(page.html, url=page.url, options=_QUOTES_OFF)


TOOLS: dict[str, Callable[[Page], object]] = {
    "trafilatura": _trafilatura,
    "dateline": _dateline,
    "dateline (quotes off)": _dateline_quotes_off,
}

_COLD = ("trafilatura", "dateline")  # the tools whose first pass meets empty caches


def _round(tool: Callable[[Page], object], pages: list[Page]) -> float:
    start = time.process_time()
    for page in pages:
        tool(page)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per tool (the best is reported)")
    args = parser.parse_args()
    pages = load_pages()
    warm_up, unseen = pages[:10], pages[10:]
    for tool in TOOLS.values():  # warm-up: imports, first-call costs
        _round(tool, warm_up)
    first = {name: _round(tool, unseen) / len(unseen) * 1000 for name, tool in TOOLS.items()}
    best = {name: float("inf") for name in TOOLS}
    for _ in range(args.rounds):
        for name, tool in TOOLS.items():
            best[name] = min(best[name], _round(tool, pages))
    per_page = {name: seconds / len(pages) * 1000 for name, seconds in best.items()}
    for name, ms in per_page.items():
        cold = (f"first pass {first[name]:6.2f} ms/page {first['trafilatura'] / first[name]:5.2f}x"
                if name in _COLD else "")
        print(f"{name:24s} best round {ms:6.2f} ms/page {per_page['trafilatura'] / ms:5.2f}x trafilatura's speed   {cold}")


if __name__ == "__main__":
    main()
