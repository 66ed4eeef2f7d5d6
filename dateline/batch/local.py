"""The local engine: sources → numbered tasks → worker pool → rows in input order → shards → manifest.

Records are numbered in input order (`seq`); shard k holds seq k·S … k·S+S−1, sorted, and shards are written in
order, so the output is the same for any -j and any interruption, and the manifest only needs the count of
finished shards. Rows finishing early wait in memory until their shard is whole; past BACKLOG_SHARDS shards of
them, no new input is read until the slow page is done or killed.
"""

from __future__ import annotations

import os
import resource
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from dateline.batch.dedup import NearDuplicates
from dateline.batch.manifest import Manifest, fingerprint
from dateline.batch.output import Folder, FolderInUseError, decode, encode, shard_name
from dateline.batch.pool import Limits, WorkerPool
from dateline.batch.progress import Progress
from dateline.batch.rows import Row
from dateline.batch.sources import Expansion, expand, numbered
from dateline.batch.worker import WorkerConfig

LOG_NAME = "workers.log"  # the workers' stderr: tracebacks of crashes, stray prints
# Finished rows kept in memory behind a shard that waits for a slow page, in shards: memory stays bounded, and
# the other workers keep going for as long as this lasts (at 1,000 records a shard, about 20 MB a shard).
BACKLOG_SHARDS = 4


class BatchError(Exception):
    """The batch cannot start as asked (an output folder in use, a resume with other inputs): a usage error."""


@dataclass(frozen=True)
class Plan:
    inputs: tuple[str, ...]
    out: str
    format: str = "jsonl.zst"
    shard_size: int = 1000
    processes: int = field(default_factory=lambda: os.cpu_count() or 1)
    limits: Limits = Limits()
    config: WorkerConfig = WorkerConfig()
    resume: bool = False
    overwrite: bool = False
    progress: bool | None = None  # None: on a terminal only

    def settings(self, engine: str) -> dict:
        # The options are part of what a resumed run must match: records made with and without quotes must not mix.
        options = self.config.options
        return {"format": self.format, "shard_size": self.shard_size, "dedup": self.config.dedup,
                "extractor": self.config.extractor, "engine": engine, "quotes": options.quotes,
                "include_comments": options.include_comments, "include_removed": options.include_removed} \
            | ({} if options.metadata else {"metadata": False})  # listed when off: earlier runs' manifests still match


@dataclass
class Summary:
    inputs: int = 0
    ok: int = 0
    errors: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    shards: int = 0
    seconds: float = 0.0
    resumed_at: int = 0  # records already done by an earlier run
    replaced_workers: int = 0
    cpu_seconds: dict = field(default_factory=dict)  # this run's CPU: the main process, and the workers it reaped

    def as_dict(self) -> dict:
        return {"inputs": self.inputs, "ok": self.ok, "errors": dict(sorted(self.errors.items())),
                "skipped": dict(sorted(self.skipped.items())), "shards": self.shards,
                "seconds": round(self.seconds, 3), "resumed_at": self.resumed_at,
                "replaced_workers": self.replaced_workers, "cpu_seconds": self.cpu_seconds}


def open_output(plan: Plan, expansion: Expansion, engine: str,
                extra: dict | None = None) -> tuple[Folder, Manifest]:
    """The output folder and its manifest: a fresh one, or the interrupted run's when resuming."""
    folder = Folder(plan.out)
    try:
        folder.lock()
    except FolderInUseError as error:
        raise BatchError(str(error)) from None
    try:
        return folder, _manifest(plan, expansion, engine, extra, folder)
    except BaseException:
        folder.unlock()
        raise


def _manifest(plan: Plan, expansion: Expansion, engine: str, extra: dict | None, folder: Folder) -> Manifest:
    print_ = fingerprint(expansion.sources, plan.settings(engine) | (extra or {}))
    manifest = Manifest.load(folder)
    if manifest is not None and not plan.resume and not plan.overwrite:
        raise BatchError(f"{plan.out} already holds a batch: add --resume to continue it or --overwrite to redo it")
    if manifest is not None and plan.resume and manifest.fingerprint != print_:
        raise BatchError(f"{plan.out}: the inputs or settings differ from the run being resumed")
    if manifest is None or plan.overwrite:
        manifest = Manifest(fingerprint=print_, format=plan.format, engine=engine)
    done = manifest.done()
    folder.remove(n for n in folder.names() if n.startswith((".part-", "part-")) and n not in done)
    manifest.save(folder)
    return manifest


class ShardSink:
    """Collects rows, writes each shard when all its rows are in, in order, then lists it in the manifest.

    A shard is encoded, written and listed by a thread of its own (zstd and zlib compress without the GIL), one
    shard at a time: written in the main loop, it stopped the loop for about 55 ms a shard (1,000 records,
    jsonl.zst), long enough for both workers to finish the pages they held and wait."""

    def __init__(self, folder: Folder, manifest: Manifest, *, shard_size: int, dedup: bool) -> None:
        self.folder, self.manifest, self.size = folder, manifest, shard_size
        self.next = len(manifest.shards)  # local shards are a prefix: 0 … next-1 are done
        self.pending: dict[int, Row] = {}
        self.arrived: Counter = Counter()  # shard number → rows of it pending
        self.index = NearDuplicates() if dedup else None
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="dateline-shards")
        self._writing: Future | None = None  # the shard being written
        if self.index is not None:
            self._reindex()

    def add(self, row: Row) -> None:
        seq = row.pop("seq")
        self.pending[seq] = row
        self.arrived[seq // self.size] += 1
        while self.arrived[self.next] == self.size:
            del self.arrived[self.next]
            first = self.next * self.size
            self._write([self.pending.pop(s) for s in range(first, first + self.size)])

    def full(self) -> bool:
        """Too many rows wait for an earlier shard (held back by a slow page): stop reading input for a while."""
        return len(self.pending) >= BACKLOG_SHARDS * self.size

    def finish(self) -> None:
        """The last, short shard. Rows are contiguous here: every task yields exactly one row."""
        if self.pending:
            self._write([self.pending.pop(s) for s in sorted(self.pending)])
        self._settle()

    def close(self) -> None:
        """Let a shard being written finish, also when the run stops early."""
        self._writer.shutdown(wait=True)

    def _write(self, rows: list[Row]) -> None:
        if self.index is not None:
            for row in rows:
                if row["simhash"]:
                    row["duplicate_of"] = self.index.mark(int(row["simhash"], 16), row["id"])
        name = shard_name(self.next, self.manifest.format)
        errors = Counter(row["error_kind"] for row in rows if not row["ok"])
        entry = {"name": name, "records": len(rows), "ok": len(rows) - sum(errors.values()),
                 "errors": dict(sorted(errors.items()))}
        self._settle()  # one shard at a time: rows in memory stay bounded
        self._writing = self._writer.submit(self._store, name, rows, entry)
        self.next += 1

    def _store(self, name: str, rows: list[Row], entry: dict) -> None:
        """In the writer thread, the one user of the manifest until finish(): the shard, then its listing."""
        self.folder.write(name, encode(rows, self.manifest.format))
        self.manifest.shards.append(entry)
        self.manifest.save(self.folder)

    def _settle(self) -> None:
        """Wait for the shard being written; a failed write raises here."""
        if self._writing is not None:
            writing, self._writing = self._writing, None
            writing.result()

    def _reindex(self) -> None:
        """After a resume: the fingerprints of the records already written, in order, so marks stay the same."""
        for shard in self.manifest.shards:
            for record in decode(self.folder.read(shard["name"]), self.manifest.format):
                if record.get("simhash"):
                    self.index.mark(int(record["simhash"], 16), record["id"])


def run_local(plan: Plan) -> Summary:
    started = time.monotonic()
    expansion = expand(plan.inputs, exclude=plan.out)
    folder, manifest = open_output(plan, expansion, "local")
    try:
        return _run(plan, expansion, folder, manifest, started)
    finally:
        folder.unlock()


def _run(plan: Plan, expansion: Expansion, folder: Folder, manifest: Manifest, started: float) -> Summary:
    summary = Summary(skipped=expansion.skipped, resumed_at=manifest.records())
    if not manifest.complete:
        sink = ShardSink(folder, manifest, shard_size=plan.shard_size, dedup=plan.config.dedup)
        progress = Progress(total_bytes=sum(s.size for s in expansion.sources), enabled=plan.progress)
        tasks = numbered(expansion.sources, summary.skipped, max_bytes=plan.config.options.max_input_bytes,
                         start=manifest.records())
        try:
            config = replace(plan.config, text_column=plan.format == "parquet")  # JSON Lines: `article` has it
            with WorkerPool(plan.processes, config=config, limits=plan.limits,
                            log=folder.join(LOG_NAME) if folder.fs is None else None) as pool:
                for row in pool.run(_tracked(tasks, progress), hold=sink.full):
                    progress.update(error=not row["ok"])
                    sink.add(row)
                summary.replaced_workers = pool.replaced
            sink.finish()
        finally:
            progress.close()
            sink.close()
    return finish(folder, manifest, summary, started)


def finish(folder: Folder, manifest: Manifest, summary: Summary, started: float) -> Summary:
    """Totals from the manifest (so they include an earlier, interrupted run), saved as the run's report."""
    summary.seconds = time.monotonic() - started
    summary.cpu_seconds = {"main": round(_cpu(resource.RUSAGE_SELF), 3),
                           "workers": round(_cpu(resource.RUSAGE_CHILDREN), 3)}
    summary.shards = len(manifest.shards)
    summary.inputs = manifest.records()
    summary.ok = sum(shard["ok"] for shard in manifest.shards)
    summary.errors = Counter()
    for shard in manifest.shards:
        summary.errors.update(shard["errors"])
    if not manifest.complete:  # a finished batch keeps the report of the run that finished it
        manifest.complete, manifest.summary = True, summary.as_dict()
        manifest.save(folder)
    return summary


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _tracked(tasks, progress: Progress):
    for task in tasks:
        progress.read(task.progress)
        yield task
