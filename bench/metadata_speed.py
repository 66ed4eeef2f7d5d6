"""Speed of the metadata stage alone over the 181 dev pages, with lxml's parse of the same pages as a yardstick.

The pages are loaded and parsed beforehand (as `dateline.inputs.load` does); only `metadata.run` is timed: CPU
time, best of `--rounds`. The machine is shared and noisy, so the ratio to the parse time (measured in the same
run) is the figure to compare between runs. `--profile` prints a cProfile of one round; `--snapshot FILE` writes
every page's metadata fields as JSON, to diff the output before and after a change.

    PYTHONPATH=$PWD /work/venv/bin/python bench/metadata_speed.py [--rounds 5] [--profile] [--snapshot FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import pstats
import time

from bench.devset import load_pages
from dateline.article import Article
from dateline.inputs.load import load, parse_html
from dateline.options import DEFAULT_OPTIONS
from dateline.stages import metadata


def best_cpu(works: list, rounds: int) -> list[float]:
    """Best CPU seconds of each work; the rounds interleaved, so that a burst of load on the machine hits all."""
    best = [float("inf")] * len(works)
    for _ in range(rounds):
        for index, work in enumerate(works):
            start = time.process_time()
            work()
            best[index] = min(best[index], time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--snapshot")
    args = parser.parse_args()
    pages = load_pages()
    docs = [load(page.html, url=page.url, options=DEFAULT_OPTIONS) for page in pages]
    run = lambda: [metadata.run(doc, Article(url=doc.url), DEFAULT_OPTIONS) for doc in docs]  # noqa: E731
    parse = lambda: [parse_html(doc.html) for doc in docs]  # noqa: E731
    count = len(docs)
    meta_ms, parse_ms = (1000 * seconds / count for seconds in best_cpu([run, parse], args.rounds))
    print(f"{count} pages: metadata {meta_ms:.3f} ms/page, lxml parse {parse_ms:.3f} ms/page, "
          f"metadata/parse = {meta_ms / parse_ms:.3f} (CPU, best of {args.rounds})")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    if args.snapshot:
        out = {page.key: {k: v for k, v in dataclasses.asdict(article).items() if k not in ("blocks",)}
               for page, article in zip(pages, run())}
        with open(args.snapshot, "w", encoding="utf-8") as handle:
            json.dump(out, handle, ensure_ascii=False, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
