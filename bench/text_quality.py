"""Flattened-text extraction on the dev set: everything kept, a C4-style line filter, and dateline, in one run.

    PYTHONPATH=$PWD /work/venv/bin/python bench/text_quality.py [--worst N]

Scores with the benchmark's shingle metric (bench/devset.py) against the hand-extracted article bodies.
"""

from __future__ import annotations

import argparse
import re
import time

from bench.devset import load_pages, page_f1, score
from dateline import extract
from dateline.options import Options

# The C4 paper's line rules (Raffel et al. 2020, section 2.2): keep lines that end in terminal punctuation, drop lines
# under 3 words, drop lines that mention javascript, drop lines with cookie/policy phrases (the paper drops whole
# pages with "lorem ipsum" or curly braces; those are page filters, not line filters, and are left out here).
_C4_TERMINAL = re.compile(r"[.!?\"”’']\s*$")
_C4_BANNED = re.compile(r"javascript|cookie|terms of use|privacy policy|use cookies", re.IGNORECASE)


def c4_lines(text: str) -> str:
    kept = []
    for line in text.splitlines():
        line = line.strip().lstrip("• ").strip()
        if len(line.split()) < 3 or not _C4_TERMINAL.search(line) or _C4_BANNED.search(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def dateline_text(text: str) -> str:
    return extract(text, kind="text", options=Options(quotes=False)).text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worst", type=int, default=0, help="list the N pages dateline scores worst on")
    args = parser.parse_args()
    pages = load_pages()
    runs = {"everything kept": lambda text: text, "C4 line filter": c4_lines, "dateline": dateline_text}
    print(f"{'system':18} {'P':>6} {'R':>6} {'F1':>6} {'docs/s':>8}   "
          f"({len(pages)} flattened pages; docs per CPU second)")
    for name, system in runs.items():
        # CPU time, not wall time: the machine is shared, and CPU seconds are what a page costs us.
        started = time.process_time()
        predictions = {page.key: system(page.text) for page in pages}
        elapsed = max(time.process_time() - started, 1e-9)
        result = score(predictions, pages)
        print(f"{name:18} {result.precision:6.3f} {result.recall:6.3f} {result.f1:6.3f} {len(pages) / elapsed:8.0f}")
    if args.worst:
        worst = sorted(pages, key=lambda page: page_f1(predictions[page.key], page.expected))[:args.worst]
        for page in worst:
            print(f"  {page_f1(predictions[page.key], page.expected):.3f} {page.key[:12]} {page.url[:90]}")


if __name__ == "__main__":
    main()
