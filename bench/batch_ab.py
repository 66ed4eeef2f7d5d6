"""The batch engine's own CPU a page, this tree against a git revision, the two run in turn (the machine is shared).

    PYTHONPATH=. python bench/batch_ab.py --base main --corpus /tmp/c5k            # both measures, 4 rounds
    PYTHONPATH=. python bench/batch_ab.py --base main --corpus /tmp/c5k --skip batch

The corpus is bench/batch.py's (`--pages 5000 --corpus /tmp/c5k` builds it). The base revision is exported with
`git archive` into bench/out/batch_ab_base/. Two measures, medians over the rounds:

1. In-process (steady): over the corpus's first 400 pages, extracted once, the worker's work around
   `dateline.extract` (the row, its article JSON, the RSS reading, the frame) and the main process's reading of one
   WARC file of 1,000 records with the framing of each task. CPU time (time.process_time), best of three passes.
2. The batch itself: `dateline batch WARC -j 2 --max-tasks-per-worker 0`, CPU a page of the main process and of
   the workers from the manifest, and docs/s (noisy on a loaded machine: ±0.07 ms a page between runs).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"

IN_PROCESS = r'''
import gc, sys, time
from collections import Counter
from dateline.batch.rows import article_row
from dateline.batch.sources import expand, numbered
from dateline.batch.worker import GC_THRESHOLDS, WorkerConfig, frame, load_extractor, rss_mb
try:
    from dateline.batch.worker import OwnMemory  # the worker's own reading, where the tree has it
    rss_mb = OwnMemory().mb
except ImportError:
    pass
from dateline.options import Options
warcs = sys.argv[1]
limit = Options().max_input_bytes
tasks = []
for task in numbered(expand([warcs]).sources, Counter(), max_bytes=limit):
    tasks.append(task)
    if len(tasks) == 400:
        break
config = WorkerConfig()
extractor = load_extractor(config.extractor)
articles = [extractor(t.data, url=t.url, kind=t.kind, content_type=t.content_type, headers=t.headers,
                      options=config.options) for t in tasks]
first = str(sorted(expand([warcs]).sources, key=lambda s: s.path)[0].path)
gc.freeze()
gc.set_threshold(*GC_THRESHOLDS)
def around():
    for task, article in zip(tasks, articles):
        row = article_row(task, article)
        row["rss_mb"] = rss_mb()
        frame(row)
    return len(tasks)
def reading():
    count = 0
    for task in numbered(expand([first]).sources, Counter(), max_bytes=limit):
        frame(task)
        count += 1
    return count
best = {}
for measure in (around, reading) * 3:
    start = time.process_time()
    count = measure()
    best[measure.__name__] = min(best.get(measure.__name__, 9.0), (time.process_time() - start) / count * 1000)
print(best["around"], best["reading"])
'''


def export(revision: str) -> Path:
    tree = OUT / "batch_ab_base"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def in_process(tree: Path, warcs: Path) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", IN_PROCESS, str(warcs)], cwd=tree, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(tree)), check=True)
    around, reading = map(float, done.stdout.split())
    return around, reading


def batch(tree: Path, warcs: Path, pages: int) -> tuple[float, float, float]:
    out = OUT / f"batch_ab_run_{tree.name}"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dateline", "batch", str(warcs), "-o", str(out), "-q", "-j", "2",
                    "--max-tasks-per-worker", "0"], cwd=tree, env=dict(os.environ, PYTHONPATH=str(tree)), check=True)
    seconds = time.perf_counter() - start
    cpu = json.loads((out / "manifest.json").read_text())["summary"]["cpu_seconds"]
    shutil.rmtree(out, ignore_errors=True)
    return cpu["main"] / pages * 1000, cpu["workers"] / pages * 1000, pages / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="main", help="the git revision to compare with")
    parser.add_argument("--corpus", type=Path, required=True, help="bench/batch.py's corpus folder (with warc/)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--skip", choices=("in-process", "batch"), action="append", default=[])
    args = parser.parse_args()
    warcs = args.corpus / "warc"
    pages = int(next(args.corpus.glob("complete-*")).name.split("-")[1])
    trees = {"base": export(args.base), "this tree": REPO}
    found: dict[str, dict[str, list]] = {name: {"in-process": [], "batch": []} for name in trees}
    for number in range(args.rounds):
        for name in (list(trees) if number % 2 == 0 else list(trees)[::-1]):
            if "in-process" not in args.skip:
                found[name]["in-process"].append(in_process(trees[name], warcs))
            if "batch" not in args.skip:
                found[name]["batch"].append(batch(trees[name], warcs, pages))
            print(name, {kind: values[-1] for kind, values in found[name].items() if values}, flush=True)
    report = {}
    for name, kinds in found.items():
        report[name] = {}
        if kinds["in-process"]:
            report[name]["worker_around_extract_ms"] = statistics.median(v[0] for v in kinds["in-process"])
            report[name]["main_reading_and_framing_ms"] = statistics.median(v[1] for v in kinds["in-process"])
        if kinds["batch"]:
            report[name]["batch_main_ms"] = statistics.median(v[0] for v in kinds["batch"])
            report[name]["batch_workers_ms"] = statistics.median(v[1] for v in kinds["batch"])
            report[name]["batch_docs_per_s"] = statistics.median(v[2] for v in kinds["batch"])
    print(json.dumps(report, indent=1))
    (OUT / "batch_ab.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
