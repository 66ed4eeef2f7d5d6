"""The batch on a Dask cluster: the same sources, tasks and rows as the local engine, one Dask task per partition.

    import dateline.dask
    bag = dateline.dask.extract_bag(["s3://bucket/crawl/*.warc.gz"])     # a dask.bag of output rows (dicts)
    frame = bag.to_dataframe(meta=dateline.dask.META)                    # or a dask.dataframe
    frame[frame.ok].to_parquet("s3://bucket/articles/")
    rows, skipped = dask.compute(*dateline.dask.extract_bag_and_skipped(paths))  # and what was not a page

A partition is one WARC or JSONL file, or up to `files_per_partition` page files, in input order; inside a task
the pages run in a supervised worker process (batch/pool.py) by default, so a page that hangs, eats memory or
crashes costs one error record, not the Dask worker. Paths may be local or any fsspec URL the workers can read.
`dateline batch --engine dask` writes one shard per partition (part-NNNNN, in input order) and a manifest,
so concatenating the shards by name gives the same records, in the same order, as the local engine.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import time
from collections import Counter
from typing import Any, Iterable

from dateline.batch.local import Plan, Summary, finish, open_output
from dateline.batch.dedup import NearDuplicates
from dateline.batch.manifest import Manifest
from dateline.batch.output import Folder, decode, encode, encode_records, shard_name
from dateline.batch.pool import Limits, WorkerPool
from dateline.batch.progress import Progress
from dateline.batch.rows import FIELDS, Row
from dateline.batch.sources import Expansion, Source, expand, is_url, numbered
from dateline.batch.worker import WorkerConfig, load_extractor, process

FILES_PER_PARTITION = 256  # page files per task: enough work to amortise starting a worker process (~0.2 s)
META = {name: "object" for name in FIELDS} | {"record": "int64", "ok": "bool", "elapsed_ms": "float64"}


def partitions(sources: list[Source], files_per_partition: int = FILES_PER_PARTITION) -> list[list[Source]]:
    """Consecutive page files grouped; each WARC or JSONL file alone. Order is kept, so output order is input order."""
    groups: list[list[Source]] = []
    for source in sources:
        if source.format == "page" and groups and groups[-1][0].format == "page" \
                and len(groups[-1]) < files_per_partition:
            groups[-1].append(source)
        else:
            groups.append([source])
    return groups


def extract_partition(sources: list[Source], *, config: WorkerConfig = WorkerConfig(), limits: Limits = Limits(),
                      isolate: bool = True) -> tuple[list[Row], Counter]:
    """Rows of one partition in input order, and the count of records skipped while reading it."""
    skipped: Counter = Counter()
    tasks = numbered(sources, skipped, max_bytes=config.options.max_input_bytes)
    if isolate:
        with WorkerPool(1, config=config, limits=limits) as pool:
            rows = sorted(pool.run(tasks), key=lambda row: row["seq"])
    else:
        extractor = load_extractor(config.extractor)
        rows = [process(task, extractor, config) for task in tasks]
    for row in rows:
        del row["seq"]
    return rows, skipped


def extract_bag(paths_or_urls: str | Iterable[str], *, config: WorkerConfig = WorkerConfig(),
                limits: Limits = Limits(), isolate: bool = True, files_per_partition: int = FILES_PER_PARTITION):
    """A dask.bag of output rows (see dateline.batch.rows), one partition per partitions() group. The inputs that
    are not pages (WARC records of images, redirects, files of no known kind) are counted by
    extract_bag_and_skipped; near-duplicate marks are left to the caller (the fingerprints are in the rows with
    `config=WorkerConfig(dedup=True)`, see mark_duplicates)."""
    return extract_bag_and_skipped(paths_or_urls, config=config, limits=limits, isolate=isolate,
                                   files_per_partition=files_per_partition)[0]


def extract_bag_and_skipped(paths_or_urls: str | Iterable[str], *, config: WorkerConfig = WorkerConfig(),
                            limits: Limits = Limits(), isolate: bool = True,
                            files_per_partition: int = FILES_PER_PARTITION):
    """(rows, skipped): extract_bag's rows, and a dask Item computing to a Counter of the inputs that were not
    pages, by reason, as `dateline batch` reports them, so that inputs = rows + skipped. Compute the two
    together (`dask.compute(rows, skipped)`): the partitions are then read and extracted once."""
    import dask.bag

    inputs = [paths_or_urls] if isinstance(paths_or_urls, str) else list(paths_or_urls)
    expansion = expand(inputs)
    groups = partitions(expansion.sources, files_per_partition)
    parts = dask.bag.from_sequence(groups, npartitions=max(1, len(groups))).map_partitions(
        _bag_partition, config=config, limits=limits, isolate=isolate)
    rows = parts.filter(_is_row)
    # Every partition holds one count; the files the expansion passed over are added once, at the end.
    skipped = parts.filter(_is_count).fold(_added).apply(functools.partial(_added, Counter(expansion.skipped)))
    return rows, skipped


def _bag_partition(groups: list[list[Source]], *, config: WorkerConfig, limits: Limits,
                   isolate: bool) -> list[Row | Counter]:
    """The partition's rows, then one Counter of what its files held that was not a page."""
    rows: list[Row | Counter] = []
    skipped: Counter = Counter()
    for group in groups:
        group_rows, group_skipped = extract_partition(group, config=config, limits=limits, isolate=isolate)
        rows += group_rows
        skipped += group_skipped
    for row in rows:  # as a reader of the shards sees it: JSON text
        row["article"] = row["article"].decode("utf-8") if row["article"] is not None else None
    return rows + [skipped]


def _is_row(item: Row | Counter) -> bool:
    return not isinstance(item, Counter)


def _is_count(item: Row | Counter) -> bool:
    return isinstance(item, Counter)


def _added(total: Counter, more: Counter) -> Counter:
    return total + more


def write_partition(sources: list[Source], name: str, out: str, fmt: str, config: WorkerConfig,
                    limits: Limits) -> dict[str, Any]:
    """Runs on a Dask worker: extract one partition, write its shard atomically, return its manifest entry."""
    rows, skipped = extract_partition(sources, config=config, limits=limits)
    Folder(out).write(name, encode(rows, fmt))
    errors = Counter(row["error_kind"] for row in rows if not row["ok"])
    return {"name": name, "records": len(rows), "ok": len(rows) - sum(errors.values()),
            "errors": dict(sorted(errors.items())), "skipped": dict(skipped)}


def run_dask(plan: Plan, *, scheduler: str | None = None, files_per_partition: int = FILES_PER_PARTITION) -> Summary:
    """`dateline batch --engine dask`: shards written by the cluster's workers, the manifest by this process."""
    started = time.monotonic()
    # Workers may run elsewhere, in another folder: a relative output path means the client's folder.
    plan = dataclasses.replace(plan, out=plan.out if is_url(plan.out) else os.path.abspath(plan.out))
    expansion = expand(plan.inputs, exclude=plan.out)
    # The partitioning decides which records go in which shard: resuming with another one is refused.
    folder, manifest = open_output(plan, expansion, "dask", {"files_per_partition": files_per_partition})
    try:
        return _run_dask(plan, expansion, folder, manifest, scheduler, files_per_partition, started)
    finally:
        folder.unlock()


def _run_dask(plan: Plan, expansion: Expansion, folder: Folder, manifest: Manifest, scheduler: str | None,
              files_per_partition: int, started: float) -> Summary:
    from dask.distributed import Client, LocalCluster, as_completed

    resumed_at, done = manifest.records(), manifest.done()
    todo = [(i, group) for i, group in enumerate(partitions(expansion.sources, files_per_partition))
            if shard_name(i, plan.format) not in done]
    cluster = None if scheduler else LocalCluster(processes=False, n_workers=1, threads_per_worker=plan.processes)
    progress = Progress(total_bytes=sum(s.size for _, group in todo for s in group), enabled=plan.progress)
    sizes = {shard_name(i, plan.format): sum(s.size for s in group) for i, group in todo}
    progress.read(0)  # the ETA counts bytes of finished partitions from here
    with Client(scheduler or cluster) as client:
        futures = [client.submit(write_partition, group, shard_name(i, plan.format), plan.out, plan.format,
                                 plan.config, plan.limits, pure=False) for i, group in todo]
        try:
            for future in as_completed(futures):
                shard = future.result()
                manifest.shards.append(shard)
                manifest.save(folder)
                progress.read(progress.bytes + sizes[shard["name"]])
                progress.add(shard["records"], shard["records"] - shard["ok"])
        finally:
            progress.close()
    if cluster is not None:
        cluster.close()
    if plan.config.dedup and not manifest.complete:
        mark_duplicates(folder, manifest)
    skipped = sum((Counter(shard.get("skipped", {})) for shard in manifest.shards), Counter(expansion.skipped))
    summary = Summary(skipped=skipped, resumed_at=resumed_at)
    return finish(folder, manifest, summary, started)


def mark_duplicates(folder: Folder, manifest: Manifest) -> None:
    """--dedup on Dask: the workers computed each body's SimHash; marking needs the batch in input order, so it is
    a pass over the finished shards here, rewriting those that get a mark. It gives the local engine's marks, and
    redoing it after an interruption writes the same bytes again."""
    index = NearDuplicates()
    for shard in sorted(manifest.shards, key=lambda s: s["name"]):
        records = decode(folder.read(shard["name"]), manifest.format)
        marks = [index.mark(int(r["simhash"], 16), r["id"]) if r.get("simhash") else None for r in records]
        if any(marks):
            for record, mark in zip(records, marks):
                record["duplicate_of"] = mark
            folder.write(shard["name"], encode_records(records, manifest.format))
