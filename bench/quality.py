"""Quick dev-set scorer for dateline's content stage alone: P/R/F1, ms/page, and the worst pages.

    PYTHONPATH=$PWD /work/venv/bin/python bench/quality.py [--worst 15] [--key PREFIX]
"""

from __future__ import annotations

import argparse
import time

from bench.devset import load_pages, page_counts, page_f1, score
from dateline import extract
from dateline.options import Options


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--key", default="", help="only pages whose key starts with this")
    parser.add_argument("--repeat", type=int, default=1, help="timing passes (the best is reported)")
    args = parser.parse_args()
    pages = [page for page in load_pages() if page.key.startswith(args.key)]
    options = Options(quotes=False)
    predictions: dict[str, str] = {}
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for page in pages:
            predictions[page.key] = extract(page.html, url=page.url, kind="html", options=options).text
        best = min(best, time.perf_counter() - start)
    result = score(predictions, pages)
    print(f"pages {result.pages}  P {result.precision:.4f}  R {result.recall:.4f}  F1 {result.f1:.4f}  "
          f"{best / len(pages) * 1000:.2f} ms/page (extract, quotes off)")
    ranked = sorted(pages, key=lambda page: page_f1(predictions[page.key], page.expected))
    for page in ranked[:args.worst]:
        tp, fp, fn = page_counts(predictions[page.key], page.expected)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        print(f"  {page_f1(predictions[page.key], page.expected):.3f}  P {p:.2f} R {r:.2f}  {page.key[:12]}  {page.url[:90]}")


if __name__ == "__main__":
    main()
