"""`dateline batch INPUT… -o OUT`: arguments → Plan → engine → report."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from dateline.batch.local import BatchError, Plan, Summary, run_local
from dateline.batch.output import FORMATS
from dateline.batch.pool import Limits
from dateline.batch.sources import SourceError
from dateline.batch.worker import DEFAULT_EXTRACTOR, WorkerConfig
from dateline.options import Options

EXAMPLES = """\
inputs: folders (searched recursively), globs, .html/.htm/.html.gz/.txt pages, WARC files (.warc, .warc.gz),
JSON Lines files (.jsonl[.gz|.zst]) with an "html" or "text" field and optional "url" and "id"; fsspec URLs
(s3://…, https://…) with the Dask engine or when fsspec is installed.

examples:
  dateline batch pages/ -o out/                         # JSON Lines shards, all cores
  dateline batch 'crawl/*.warc.gz' -o out/ --format parquet -j 8
  dateline batch crawl/ -o out/ --resume                # after a crash or Ctrl-C: continue
  dateline batch crawl/ -o out/ --engine dask --scheduler tcp://10.0.0.5:8786
"""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    plan = _plan(args)
    signal.signal(signal.SIGTERM, _interrupt)  # a polite kill stops like Ctrl-C: finished shards are kept
    try:
        if args.engine == "dask":
            from dateline.dask import run_dask

            summary = run_dask(plan, scheduler=args.scheduler, files_per_partition=args.files_per_partition)
        else:
            summary = run_local(plan)
    except (SourceError, BatchError) as error:
        print(f"dateline batch: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\ndateline batch: interrupted; finished shards are kept in {args.output}: "
              "run the same command with --resume to continue", file=sys.stderr)
        return 130
    if not args.quiet:
        print(report(summary, args.output), file=sys.stderr)
    return 0


def cores() -> int:
    """The cores this process may use (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dateline batch", description="Extract many pages into sharded records.",
                                     epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="folders, globs, pages, WARC or JSONL files")
    parser.add_argument("-o", "--output", required=True, help="output folder (local path or fsspec URL)")
    parser.add_argument("-f", "--format", choices=FORMATS, default="jsonl.zst",
                        help="shard format (default: jsonl.zst: a better ratio than gzip for a fifth of its CPU)")
    parser.add_argument("-j", "--jobs", type=int, default=cores(),
                        help="worker processes (default: all cores)")
    parser.add_argument("--shard-size", type=int, default=1000, help="records per shard (default: 1000)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds per page before its worker is killed (default: 60)")
    parser.add_argument("--memory-limit", type=int, default=2048, metavar="MB",
                        help="resident memory per worker before its page is killed (default: 2048)")
    parser.add_argument("--max-tasks-per-worker", type=int, default=5000,
                        help="pages before a worker is replaced by a fresh one, 0 for never (default: 5000)")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run into the same folder")
    parser.add_argument("--overwrite", action="store_true", help="redo the batch in a folder that holds one")
    parser.add_argument("--dedup", action="store_true", help="mark near-duplicate bodies (duplicate_of)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local processes (default) or a Dask cluster")
    parser.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786 (default: a local cluster)")
    parser.add_argument("--files-per-partition", type=int, default=256,
                        help="Dask engine: page files per task (each WARC or JSONL file is its own task)")
    parser.add_argument("--extractor", default=DEFAULT_EXTRACTOR,
                        help="module:function with dateline.extract's signature (default: %(default)s)")
    parser.add_argument("--no-quotes", action="store_true", help="skip the who-said-what stage (faster)")
    parser.add_argument("--no-metadata", action="store_true",
                        help="skip the metadata stage of HTML pages: the body alone (faster)")
    parser.add_argument("--include-comments", action="store_true", help="keep comment threads in the body")
    parser.add_argument("--include-removed", action="store_true",
                        help="keep the boilerplate left out, with its role, in each article's 'removed'")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no report")
    return parser


def _plan(args: argparse.Namespace) -> Plan:
    return Plan(inputs=tuple(args.inputs), out=args.output, format=args.format, shard_size=args.shard_size,
                processes=args.jobs, limits=Limits(timeout=args.timeout, memory_mb=args.memory_limit,
                                                   max_tasks=args.max_tasks_per_worker),
                config=WorkerConfig(options=_options(args), extractor=args.extractor, dedup=args.dedup),
                resume=args.resume,
                overwrite=args.overwrite, progress=False if args.quiet else None)


def _options(args: argparse.Namespace) -> Options:
    """The extraction options, by the same names as `dateline extract` and the HTTP API."""
    return Options(quotes=not args.no_quotes, metadata=not args.no_metadata, include_comments=args.include_comments,
                   include_removed=args.include_removed)


def report(summary: Summary, output: str) -> str:
    """Inputs = records + error records, with the errors by kind and what was skipped and why."""
    errors = sum(summary.errors.values())
    rate = (summary.inputs - summary.resumed_at) / summary.seconds if summary.seconds else 0.0
    shards = f"{summary.shards} shard{'s' * (summary.shards != 1)}"
    lines = [f"dateline batch: {summary.inputs:,} inputs = {summary.ok:,} records + {errors:,} error records"
             f" → {shards} in {output} ({summary.seconds:.1f} s, {rate:,.1f} docs/s)"]
    if summary.errors:
        lines.append("  errors: " + ", ".join(f"{kind} {n:,}" for kind, n in sorted(summary.errors.items())))
    if summary.skipped:
        lines.append("  not inputs: " + ", ".join(f"{n:,} {why}" for why, n in sorted(summary.skipped.items())))
    if summary.resumed_at:
        lines.append(f"  resumed: {summary.resumed_at:,} records were done by the interrupted run")
    if summary.replaced_workers:
        lines.append(f"  workers killed or dead and replaced: {summary.replaced_workers}")
    return "\n".join(lines)
