"""The quotation stage's speed, in-process, this tree's code against the code at a git revision, side by side.

    PYTHONPATH=$PWD /work/venv/bin/python bench/quotes_speed.py [--base main] [--rounds 7] [--profile]

The texts are what the stage reads in a real run: the 181 dev pages' `Article.text` (extracted once, quotes
off), and the PolNeAR train and dev texts. The base revision's quote modules (quotes.py, quote_*.py) are copied
into bench/out/quotes_base/ as a package of their own, so both versions run in one process, in alternating
rounds; each round's CPU time (time.process_time) is taken, and the median round is reported: the machine is
shared and noisy, and the ratio of two medians taken in the same run is what to compare.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import json
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dateline  # noqa: E402
from bench.devset import POLNEAR, REPO, load_pages  # noqa: E402
from dateline.options import Options  # noqa: E402
from dateline.stages.quotes import find_quotes  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
MODULES = ("quotes", "quote_marks", "quote_speakers", "quote_cast", "quote_patterns")


def base_find_quotes(revision: str):
    """find_quotes as it was at `revision`: its modules written into bench/out/quotes_base/ and imported from
    there, their imports of each other pointed at the copy (the rest of dateline is shared)."""
    package = OUT / "quotes_base"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    for name in MODULES:
        source = subprocess.run(["git", "show", f"{revision}:dateline/stages/{name}.py"], cwd=REPO, check=True,
                                capture_output=True, text=True).stdout
        source = source.replace("from dateline.stages import quote_patterns", "from quotes_base import quote_patterns")
        source = source.replace("dateline.stages.quote", "quotes_base.quote")
        (package / f"{name}.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(OUT))
    return importlib.import_module("quotes_base.quotes").find_quotes


def dev_texts() -> list[str]:
    options = Options(quotes=False)
    return [dateline.extract(page.html, url=page.url or None, options=options).text for page in load_pages()]


def polnear_texts() -> list[str]:
    texts = []
    for split in ("train", "dev"):
        with open(POLNEAR / f"quotes-{split}.jsonl", encoding="utf-8") as handle:
            texts.extend(json.loads(line)["text"] for line in handle)
    return texts


def cpu_seconds(system, texts: list[str]) -> float:
    began = time.process_time()
    for text in texts:
        system(text)
    return time.process_time() - began


def compare(systems: dict, corpora: dict[str, list[str]], rounds: int) -> None:
    """Alternating rounds over each corpus; per system the median ms per text and texts per second."""
    for corpus, texts in corpora.items():
        times: dict[str, list[float]] = {name: [] for name in systems}
        for _ in range(rounds):
            for name, system in systems.items():
                times[name].append(cpu_seconds(system, texts))
        medians = {name: statistics.median(values) for name, values in times.items()}
        for name, median in medians.items():
            spread = f"{min(times[name]) * 1000 / len(texts):.3f}-{max(times[name]) * 1000 / len(texts):.3f}"
            print(f"{corpus:8} {name:6} {median * 1000 / len(texts):7.3f} ms/text (rounds {spread})"
                  f" {len(texts) / median:8.1f} texts/s")
        if len(medians) == 2:
            base, new = medians.values()
            print(f"{corpus:8} speed-up {base / new:.2f}x")


def profile(texts: list[str], top: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        find_quotes(text)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="the git revision to compare with ('' for none)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="profile this tree's code on the dev texts instead")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()
    corpora = {"dev181": dev_texts(), "polnear": polnear_texts()}
    if args.profile:
        profile(corpora["dev181"] + corpora["polnear"], args.top)
        return
    systems = {"base": base_find_quotes(args.base)} if args.base else {}
    systems["new"] = find_quotes
    compare(systems, corpora, args.rounds)


if __name__ == "__main__":
    main()
