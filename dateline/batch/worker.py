"""A worker process: reads tasks from its stdin, extracts, writes rows to its stdout. Run by the pool as
`python -m dateline.batch.worker`; `process()` is also what a Dask task calls when it runs pages in-thread.

Frames on both pipes are two 8-byte little-endian lengths, a pickle of the first length, then as many raw bytes
(a page's bytes, sent beside the pickled task rather than inside it). The first frame in is the WorkerConfig,
the first frame out is READY (sent once the imports are done, so start-up time never counts against a page's
time limit). A stray print in extraction code cannot corrupt the stream: file descriptor 1 is pointed at stderr
and the protocol uses a private copy of the original stdout.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import os
import pickle
import resource
import signal
import struct
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any, Callable

from dateline.batch.rows import CRASH, MEMORY, Row, article_row, error_row
from dateline.batch.sources import Task, read_page
from dateline.errors import DatelineError, InputError
from dateline.options import Options

HEADER = struct.Struct("<QQ")  # the size of the pickle, then of the raw bytes after it
READY = "ready"
STATM_BYTES = 256  # /proc/self/statm: seven numbers on one line
PR_SET_PDEATHSIG = 1  # linux/prctl.h: deliver a signal to this process when its parent dies
DEFAULT_EXTRACTOR = "dateline.extract:extract"
# The cyclic garbage collector in a worker: a page holds thousands of objects at once, all freed by reference
# counting when it is done, yet at the default threshold (700) the collector ran about once a page, its older
# generations rescanning the imported modules' objects: 0.115 ms a page on the dev pages. With the import-time
# objects frozen (never scanned) and a first generation of 10,000 it costs 0.003 ms (3 collections in 724 pages);
# cycles are still collected, and worker memory stays flat (bench/batch.py's first/last 1,000 pages).
GC_THRESHOLDS = (10_000, 10, 10)


@dataclass(frozen=True)
class WorkerConfig:
    options: Options = field(default_factory=Options)
    extractor: str = DEFAULT_EXTRACTOR  # "module:function" with dateline.extract's signature
    dedup: bool = False  # compute the body's SimHash
    memory_mb: int | None = None  # address-space ceiling: a backstop behind the pool's RSS watchdog
    # The row's `text` (the body, already inside `article`): only Parquet writes it, as a column. Without it a row
    # crosses the pipe a quarter lighter (0.007 ms a page less to pickle and unpickle on the dev pages).
    text_column: bool = True


def load_extractor(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def process(task: Task, extractor: Callable[..., Any], config: WorkerConfig) -> Row:
    """Extract one task into a row; every failure this process survives becomes an error row."""
    if task.error is not None:
        return error_row(task, *task.error)
    start = time.perf_counter()
    try:
        data = task.data if task.data is not None else _read(task.source, config.options.max_input_bytes)
        article = extractor(data, url=task.url, kind=task.kind, content_type=task.content_type,
                            headers=task.headers, options=config.options)
        row = article_row(task, article, include_removed=config.options.include_removed)
    except DatelineError as error:
        row = error_row(task, error.kind, str(error) or type(error).__name__)
    except MemoryError:
        row = error_row(task, MEMORY, "out of memory in the worker (address-space limit reached)")
    except RecursionError:
        row = error_row(task, CRASH, "RecursionError: the page is nested too deeply")
    except Exception as error:  # a bug on one page must not stop the batch: recorded with its type
        row = error_row(task, CRASH, f"{type(error).__name__}: {error}")
    if config.dedup and row["ok"]:
        from dateline.batch.dedup import simhash

        fingerprint = simhash(row["text"])
        row["simhash"] = None if fingerprint is None else f"{fingerprint:016x}"
    if not config.text_column:
        row["text"] = None
    row["elapsed_ms"] = round((time.perf_counter() - start) * 1000, 3)
    return row


def _read(path: str, max_bytes: int) -> bytes:
    try:
        return read_page(path, max_bytes)
    except OSError as error:  # vanished, unreadable: an input problem, not a crash of the extractor
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error


def read_frame(stream: IO[bytes]) -> Any:
    """The next value, None at the end of the stream (a frame cut short counts as the end: the pool went away while
    writing it); a task's raw bytes become its `data`."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    size, raw_size = HEADER.unpack(header)
    payload, raw = stream.read(size), stream.read(raw_size) if raw_size else b""
    if len(payload) < size or len(raw) < raw_size:
        return None
    value = pickle.loads(payload)
    if raw_size:
        value.data = raw
    return value


def frame(value: Any) -> list[bytes]:
    """A value as frame parts, written one after the other. A task's page bytes (about 140 KB on the dev pages)
    are not pickled: they go out as they are, which saves the main process two copies of them (0.036 -> 0.006 ms
    a page) and the worker one."""
    if isinstance(value, Task) and isinstance(value.data, bytes):
        raw, value.data = value.data, None  # pickled without its page (not copied: replace() cost 0.01 ms a page)
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            value.data = raw
    else:
        raw, payload = b"", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return [HEADER.pack(len(payload), len(raw)) + payload, raw] if raw else [HEADER.pack(len(payload), 0) + payload]


def write_frame(stream: IO[bytes], value: Any) -> None:
    for part in frame(value):
        stream.write(part)
    stream.flush()


def rss_mb(pid: int | str = "self") -> float | None:
    """Resident memory from /proc (Linux); None elsewhere."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return _resident_mb(statm.read())
    except (OSError, ValueError, IndexError):
        return None


def _resident_mb(statm: bytes) -> float:
    """The resident size in /proc/PID/statm (its second number, in pages), in MB."""
    return int(statm.split()[1]) * _page_mb()


@lru_cache(maxsize=1)
def _page_mb() -> float:
    return os.sysconf("SC_PAGE_SIZE") / 2**20


class OwnMemory:
    """This process's resident memory after each page, from a /proc/self/statm kept open: os.pread costs a seventh
    of rss_mb()'s open, read and close (4.9 -> 0.7 us). None where /proc is missing."""

    def __init__(self) -> None:
        try:
            self.fd: int | None = os.open("/proc/self/statm", os.O_RDONLY)
        except OSError:
            self.fd = None

    def mb(self) -> float | None:
        if self.fd is None:
            return None
        try:
            return _resident_mb(os.pread(self.fd, STATM_BYTES, 0))
        except (OSError, ValueError, IndexError):
            return None


def _guard(memory_mb: int | None) -> None:
    """Die with the parent (even on SIGKILL), leave Ctrl-C to the parent, cap the address space."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if memory_mb:
        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> None:
    source, sink = os.fdopen(os.dup(0), "rb"), os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    config: WorkerConfig = read_frame(source)
    _guard(config.memory_mb)
    extractor = load_extractor(config.extractor)
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    memory = OwnMemory()
    write_frame(sink, READY)
    while (task := read_frame(source)) is not None:
        row = process(task, extractor, config)
        row["rss_mb"] = memory.mb()
        write_frame(sink, row)
        if row["error_kind"] == MEMORY:
            break  # the heap may be left in a bad state: the pool starts a fresh worker


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # the pool closed our pipe (the batch ended or was stopped): nothing left to do
        os._exit(0)
