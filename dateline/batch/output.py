"""Shard writers and readers: JSON Lines (plain, gzip or zstd) and Parquet with a fixed schema.

Every shard is written whole to a temporary name and then renamed, so a shard file that exists is complete;
the manifest (manifest.py) is what says which shards count. Output folders may be local paths or fsspec URLs.

JSON Lines: one object per record with the fields of rows.FIELDS except the key scalars (title, published,
language, is_article, text), which are already in `article`, here a nested object (Article.to_dict()).
Parquet: every field of rows.FIELDS as a column (PARQUET_SCHEMA), `article` as a JSON string column.
"""

from __future__ import annotations

import fcntl
import gzip
import io
import os
from typing import Any, Iterable

import orjson

from dateline.batch.rows import FIELDS, Row
from dateline.batch.sources import is_url

FORMATS = ("jsonl", "jsonl.gz", "jsonl.zst", "parquet")
# Fields of a JSON Lines record: the key scalars are left out because `article` nests the whole Article.
JSONL_FIELDS = tuple(f for f in FIELDS if f not in ("title", "published", "language", "is_article", "text"))
ENVELOPE_FIELDS = tuple(f for f in JSONL_FIELDS if f != "article")  # `article` is spliced in after them
GZIP_LEVEL = 3  # level 6 costs the main process 2.7x the CPU for 10% smaller shards (dev pages, 2026-11)
ZSTD_LEVEL = 3
LOCK_NAME = ".lock"  # held by the run writing the folder (Folder.lock)


def parquet_schema():
    import pyarrow as pa

    string, integer = pa.string(), pa.int64()
    types = {"id": string, "source": string, "record": integer, "offset": integer, "url": string, "ok": pa.bool_(),
             "error_kind": string, "error_message": string, "title": string, "published": string,
             "language": string, "is_article": pa.bool_(), "text": string, "article": string, "simhash": string,
             "duplicate_of": string, "elapsed_ms": pa.float64(), "rss_mb": pa.float64()}
    return pa.schema([pa.field(name, types[name], nullable=name not in ("id", "source", "record", "ok"))
                      for name in FIELDS], metadata={"dateline.schema": "batch-1"})


def shard_name(number: int, fmt: str) -> str:
    return f"part-{number:05d}.{fmt}"


def encode(rows: list[Row], fmt: str) -> bytes:
    if fmt == "parquet":
        return _parquet_bytes(rows)
    return _compress(b"".join(jsonl_line(row) + b"\n" for row in rows), fmt)


def _compress(data: bytes, fmt: str) -> bytes:
    if fmt == "jsonl.gz":
        return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)  # mtime=0: same rows, same bytes
    if fmt == "jsonl.zst":
        import zstandard

        return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(data)
    return data


def jsonl_line(row: Row) -> bytes:
    """The record as one JSON line. `article` arrives from the worker already serialised (UTF-8 bytes); it is
    spliced in as raw JSON, not parsed and dumped again: the main process is the batch's one serial part."""
    head = orjson.dumps({key: row[key] for key in ENVELOPE_FIELDS})
    return head[:-1] + b',"article":' + (row["article"] or b"null") + b"}"


def _parquet_bytes(rows: list[Row]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    table = pa.Table.from_pydict({name: [row[name] for row in rows] for name in FIELDS}, schema=schema)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def encode_records(records: list[dict[str, Any]], fmt: str) -> bytes:
    """Records as decode() returns them, written back: the same bytes as the rows they were read from."""
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        sink = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(records, schema=parquet_schema()), sink, compression="zstd")
        return sink.getvalue()
    lines = (orjson.dumps(record) + b"\n"
             for record in records)  # parsed JSON keeps key order: the envelope's, the article's sorted keys
    return _compress(b"".join(lines), fmt)


def decode(data: bytes, fmt: str) -> list[dict[str, Any]]:
    """A shard's records as dicts (for resume, tests and comparisons); `article` stays as the format has it."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(io.BytesIO(data)).to_pylist()
    if fmt == "jsonl.gz":
        data = gzip.decompress(data)
    elif fmt == "jsonl.zst":
        import zstandard

        data = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read()
    # Split on "\n" only: str.splitlines() also splits on U+2028, U+0085 and others, which compact UTF-8 JSON
    # keeps raw inside strings (a real page's text broke a shard this way). A raw "\n" byte is never inside one.
    return [orjson.loads(line) for line in data.split(b"\n") if line.strip()]


class FolderInUseError(Exception):
    """Another process holds the output folder's lock."""


class Folder:
    """The output folder, local or fsspec: whole-file atomic writes, reads, listing, removal."""

    def __init__(self, root: str) -> None:
        self.root = root.rstrip("/")
        if is_url(root):
            import fsspec

            self.fs, self.path = fsspec.core.url_to_fs(root)
        else:
            self.fs, self.path = None, root
        self._lock: Any = None
        self.makedirs()

    def lock(self) -> None:
        """Hold the folder for this run: a second run writing the same folder would delete the first one's shards
        as unfinished and overwrite its manifest. An advisory flock, released by the kernel when the process dies,
        so a run killed with SIGKILL can still be resumed. Local folders only: fsspec stores have no such lock."""
        if self.fs is not None or self._lock is not None:
            return
        stream = open(self.join(LOCK_NAME), "a+", encoding="utf-8")
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stream.seek(0)
            holder = stream.read().strip() or "unknown"
            stream.close()
            raise FolderInUseError(f"{self.root} is being written by another dateline batch run (pid {holder})")
        stream.seek(0)
        stream.truncate()
        stream.write(str(os.getpid()))
        stream.flush()
        self._lock = stream

    def unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file releases the flock
            self._lock = None

    def makedirs(self) -> None:
        if self.fs is None:
            os.makedirs(self.path, exist_ok=True)
        else:
            self.fs.makedirs(self.path, exist_ok=True)

    def join(self, name: str) -> str:
        return f"{self.path}/{name}"

    def write(self, name: str, data: bytes) -> None:
        """Write then rename: a reader (or a resumed run) sees the whole file or none of it."""
        final, temporary = self.join(name), self.join(f".{name}.tmp")
        if self.fs is None:
            with open(temporary, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, final)
        else:
            with self.fs.open(temporary, "wb") as stream:
                stream.write(data)
            self.fs.mv(temporary, final)

    def read(self, name: str) -> bytes:
        if self.fs is None:
            with open(self.join(name), "rb") as stream:
                return stream.read()
        return self.fs.cat_file(self.join(name))

    def exists(self, name: str) -> bool:
        return os.path.exists(self.join(name)) if self.fs is None else self.fs.exists(self.join(name))

    def names(self) -> list[str]:
        if self.fs is None:
            return sorted(os.listdir(self.path))
        return sorted(p.rsplit("/", 1)[-1] for p in self.fs.ls(self.path, detail=False))

    def remove(self, names: Iterable[str]) -> None:
        for name in names:
            if self.fs is None:
                os.remove(self.join(name))
            else:
                self.fs.rm(self.join(name))


def read_records(root: str) -> list[dict[str, Any]]:
    """Every record of a finished (or partial) batch output, in shard order: for tests, benchmarks and users."""
    from dateline.batch.manifest import Manifest

    folder = Folder(root)
    manifest = Manifest.load(folder)
    if manifest is None:
        raise FileNotFoundError(f"{root}: no batch manifest")
    return [record for shard in sorted(manifest.shards, key=lambda s: s["name"])
            for record in decode(folder.read(shard["name"]), manifest.format)]
