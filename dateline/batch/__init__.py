"""Batch extraction: many pages (folders, globs, WARC, JSON Lines) on every core, or on a Dask cluster.

    sources.py   inputs → sources → numbered tasks (errors met while reading become error tasks)
    worker.py    one worker process: task → row
    pool.py      worker processes with a time limit, a memory limit and replacement of dead workers
    rows.py      the output record
    output.py    shard writers (JSON Lines, gzip, zstd, Parquet) and the output folder
    manifest.py  finished shards, for --resume
    dedup.py     SimHash near-duplicate marking
    local.py     the local engine;  dateline/dask.py the Dask one
    cli.py       `dateline batch`
"""
