"""dateline against its peers on the 181 dev pages, side by side in one run: quality, speed, memory.

    PYTHONPATH=$PWD /work/venv/bin/python bench/compare.py [--rounds 3]

Every tool runs in its own fresh subprocess (this script re-invoked with --tool NAME), so peak RSS is that tool's
alone; the pages are loaded into memory before the clock starts, and the tool imported and warmed up on a few pages
first. The machine is shared, so timings are noisy: time is the process's CPU time over the extraction loop (every
tool here is single-threaded, so on an idle machine it equals wall time, and on a busy one it leaves out the time
spent waiting for a core), the tools run in interleaved rounds (A B C D, B C D A, ...) and the median round is
kept. Read the ratios to trafilatura rather than the absolute figures.

Quality is bench/devset.py's 4-gram shingle metric on each tool's plain text. Prints a Markdown table and writes
bench/out/compare.json (bench/chart.py draws it).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: `bench` and `dateline` importable
from bench.devset import REPO, Page, load_pages, score  # noqa: E402

OUT = REPO / "bench" / "out"
# Untimed calls before the clock starts: lazy imports and first-call caches are not what we compare.
WARMUP_PAGES = 3
# A fast tool's pass over 181 pages takes a fraction of a second, too short to time on a busy machine: passes are
# repeated in the same process until this much time has gone by, and the median pass is kept.
MIN_TIMED_SECONDS = 1.5
REFERENCE = "trafilatura"


def _dateline(**kwargs) -> Callable[[], Callable[[Page], str]]:
    def make() -> Callable[[Page], str]:
        import dateline

        options = dateline.Options(**kwargs)
        return lambda page: dateline.extract(page.html, url=page.url, options=options).text
    return make


def _trafilatura(**kwargs) -> Callable[[], Callable[[Page], str]]:
    def make() -> Callable[[Page], str]:
        import trafilatura

        return lambda page: trafilatura.extract(page.html, url=page.url, **kwargs) or ""
    return make


def _readability() -> Callable[[Page], str]:
    import lxml.html
    from readability import Document

    blocks = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "br", "figcaption")

    def text(page: Page) -> str:
        tree = lxml.html.fromstring(Document(page.html).summary())
        for element in tree.iter(*blocks):  # paragraphs separated, as the other tools give them
            element.tail = "\n\n" + (element.tail or "")
        return "\n\n".join(line.strip() for line in tree.text_content().split("\n\n") if line.strip())
    return text


def _nothing() -> Callable[[Page], str]:
    return lambda page: ""


# name → (label in the table, factory). "baseline" measures the harness alone (pages loaded, nothing extracted).
TOOLS: dict[str, tuple[str, Callable[[], Callable[[Page], str]]]] = {
    # Three jobs, each with its like on the peer's side: the full record (body, metadata, who said what); body and
    # metadata (trafilatura with_metadata=True does that job); the body alone (trafilatura's default extract reads
    # no metadata: `with_metadata` is off unless asked, and readability gives the body). The reference row is
    # trafilatura's default, as the issue sets it.
    "dateline": ("dateline (full: with quotes)", _dateline()),
    "dateline-no-quotes": ("dateline (body + metadata)", _dateline(quotes=False)),
    "dateline-body": ("dateline (body only: metadata=False)", _dateline(quotes=False, metadata=False)),
    "trafilatura": ("trafilatura 2.3.1 (default: body only)", _trafilatura()),
    "trafilatura-metadata": ("trafilatura 2.3.1 (with_metadata=True)", _trafilatura(with_metadata=True)),
    "trafilatura-no-comments": ("trafilatura 2.3.1 (include_comments=False)", _trafilatura(include_comments=False)),
    "readability": ("readability-lxml", _readability),
    "baseline": ("(harness only)", _nothing),
}


def run_tool(name: str) -> dict:
    """In the subprocess: load, warm up, time passes over every page, then score (after the RSS reading)."""
    pages = load_pages()
    baseline_rss = _peak_rss_mb()
    extract = TOOLS[name][1]()
    for page in pages[:WARMUP_PAGES]:
        _safe(extract, page)
    predictions, errors, passes, wall = {}, 0, [], []
    while not passes or (sum(passes) < MIN_TIMED_SECONDS and name != "baseline"):
        start, start_wall = time.process_time(), time.perf_counter()
        for page in pages:
            text = _safe(extract, page)
            errors += text is None and not passes
            predictions[page.key] = text or ""
        passes.append(time.process_time() - start)
        wall.append(time.perf_counter() - start_wall)
    peak_rss = _peak_rss_mb()
    quality = score(predictions, pages)
    return {"tool": name, "pages": len(pages), "seconds": statistics.median(passes), "passes": passes,
            "wall_seconds": statistics.median(wall), "errors": errors, "peak_rss_mb": peak_rss,
            "rss_before_tool_mb": baseline_rss, "precision": quality.precision, "recall": quality.recall,
            "f1": quality.f1}


def _safe(extract: Callable[[Page], str], page: Page) -> str | None:
    try:
        return extract(page)
    except Exception:  # a crash on one page counts as an empty prediction, and is counted
        return None


def stage_times(rounds: int) -> str:
    """CPU ms a page spent in loading (decode + parse) and in each HTML stage, best of `rounds` passes."""
    import dataclasses

    from dateline.article import Article
    from dateline.extract import HTML_STAGES
    from dateline.inputs.load import load
    from dateline.options import DEFAULT_OPTIONS

    pages = load_pages()
    names = ["load"] + [stage.__module__.rsplit(".", 1)[-1] for stage in HTML_STAGES]
    best = dict.fromkeys(names, float("inf"))
    for _ in range(rounds):
        spent = dict.fromkeys(names, 0.0)
        for page in pages:
            start = time.process_time()
            doc = load(page.html, url=page.url, options=DEFAULT_OPTIONS)
            spent["load"] += time.process_time() - start
            article = Article(url=page.url, source_kind=doc.kind)
            for name, stage in zip(names[1:], HTML_STAGES):
                start = time.process_time()
                article = stage(doc, article, DEFAULT_OPTIONS)
                spent[name] += time.process_time() - start
            article = dataclasses.replace(article, removed=())
        best = {name: min(best[name], spent[name]) for name in names}
    lines = ["| step | CPU ms/page |", "|---|---|"]
    lines += [f"| {name} | {1000 * best[name] / len(pages):.2f} |" for name in names]
    lines.append(f"| total | {1000 * sum(best.values()) / len(pages):.2f} |")
    return "\n".join(lines)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run_all(tools: list[str], rounds: int) -> dict[str, list[dict]]:
    """Interleaved rounds, each tool in a fresh process; the order rotates so no tool always runs first."""
    runs: dict[str, list[dict]] = {tool: [] for tool in tools}
    for round_ in range(rounds):
        order = tools[round_ % len(tools):] + tools[:round_ % len(tools)]
        for tool in order:
            result = subprocess.run([sys.executable, __file__, "--tool", tool], capture_output=True, text=True,
                                    cwd=REPO, check=False)
            if result.returncode != 0:
                raise SystemExit(f"{tool} failed:\n{result.stderr[-3000:]}")
            runs[tool].append(json.loads(result.stdout.strip().splitlines()[-1]))
            print(f"  round {round_ + 1}/{rounds} {tool}: {runs[tool][-1]['seconds']:.2f} s CPU a pass "
                  f"({runs[tool][-1]['wall_seconds']:.2f} s wall)", file=sys.stderr)
    return runs


def summarise(runs: dict[str, list[dict]]) -> list[dict]:
    baseline = statistics.median(run["peak_rss_mb"] for run in runs.get("baseline", [])) if "baseline" in runs else None
    rows = []
    for tool, results in runs.items():
        if tool == "baseline":
            continue
        seconds = statistics.median(run["seconds"] for run in results)
        pages = results[0]["pages"]
        rss = statistics.median(run["peak_rss_mb"] for run in results)
        rows.append({"tool": tool, "label": TOOLS[tool][0], "f1": results[0]["f1"],
                     "precision": results[0]["precision"], "recall": results[0]["recall"], "pages": pages,
                     "errors": results[0]["errors"], "docs_per_s": pages / seconds, "ms_per_page": 1000 * seconds / pages,
                     "wall_docs_per_s": pages / statistics.median(run["wall_seconds"] for run in results),
                     "peak_rss_mb": rss, "rss_over_harness_mb": rss - baseline if baseline else None,
                     "round_seconds": [run["seconds"] for run in results]})
    reference = next((row for row in rows if row["tool"] == REFERENCE), None)
    for row in rows:
        row["speed_ratio"] = row["docs_per_s"] / reference["docs_per_s"] if reference else None
        row["rss_ratio"] = row["peak_rss_mb"] / reference["peak_rss_mb"] if reference else None
    return rows


def markdown(rows: list[dict], harness_mb: float | None) -> str:
    lines = ["| tool | F1 | precision | recall | docs/s | ms/page | peak RSS MB | RSS over harness MB | "
             "speed × trafilatura | RSS × trafilatura |", "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['label']} | {row['f1']:.3f} | {row['precision']:.3f} | {row['recall']:.3f} | "
                     f"{row['docs_per_s']:.1f} | {row['ms_per_page']:.1f} | {row['peak_rss_mb']:.0f} | "
                     f"{_number(row['rss_over_harness_mb'], 0)} | {_number(row['speed_ratio'], 2)} | "
                     f"{_number(row['rss_ratio'], 2)} |")
    if harness_mb:
        lines.append(f"\nPeak RSS is the whole process; the harness alone (Python + the 181 pages loaded) peaks at "
                     f"{harness_mb:.0f} MB. Errors (crashes, scored as empty): "
                     + ", ".join(f"{row['tool']} {row['errors']}" for row in rows) + ".")
    return "\n".join(lines)


def _number(value: float | None, decimals: int) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"  # no trafilatura or no baseline in this run


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for package in ("trafilatura", "readability-lxml", "lxml"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "missing"
    import dateline

    found["dateline"] = dateline.__version__
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tool", choices=sorted(TOOLS), help=argparse.SUPPRESS)  # the per-tool subprocess
    parser.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds (median kept)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of: " + ", ".join(TOOLS))
    parser.add_argument("--stages", action="store_true", help="only dateline: CPU time of loading and of each stage")
    args = parser.parse_args()
    if args.stages:
        print(stage_times(args.rounds))
        return
    if args.tool:
        print(json.dumps(run_tool(args.tool)))
        return
    tools = [tool for tool in args.tools.split(",") if tool]
    started = time.time()
    runs = run_all(tools, args.rounds)
    rows = summarise(runs)
    harness = statistics.median(r["peak_rss_mb"] for r in runs["baseline"]) if "baseline" in runs else None
    table = markdown(rows, harness)
    print(table, flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    report = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)), "rounds": args.rounds,
              "machine": {"cpus": _cpus(), "load_average": list(_load())}, "versions": _versions(),
              "harness_rss_mb": harness, "rows": rows, "table": table}
    (OUT / "compare.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {OUT / 'compare.json'} in {time.time() - started:.0f} s", file=sys.stderr)


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def _load() -> tuple[float, float, float]:
    import os

    return os.getloadavg()


if __name__ == "__main__":
    main()
