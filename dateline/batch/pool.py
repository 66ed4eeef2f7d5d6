"""A pool of worker processes that survives its pages: a page that hangs is killed at its time limit, one that
eats memory is killed at the memory limit, one that crashes the interpreter is recorded, and in each case the
worker is replaced and the batch goes on.

multiprocessing.Pool cannot do this (a hung task blocks its worker forever, a killed worker loses its task
silently), so the pool runs its own processes: each worker has one task in flight, so the pool always knows
which page a dead worker was on. The main loop waits on the workers' pipes with a timeout short enough to check
deadlines and memory between results. Workers are plain subprocesses (not multiprocessing children), so the pool
also works inside daemonic processes such as Dask's workers, and no fork happens in a process with threads.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

import dateline
from dateline.batch.rows import CRASH, MEMORY, TIMEOUT, Row, error_row
from dateline.batch.sources import Task
from dateline.batch.worker import HEADER, READY, WorkerConfig, rss_mb, write_frame

# How often the watchdog looks at deadlines and memory while waiting for results (seconds).
WATCH_INTERVAL = 0.2
# Address-space ceiling set inside each worker, above the RSS limit the watchdog enforces: mapped-but-unused
# memory (the interpreter, lxml, allocator arenas) counts in the address space, not in RSS.
ADDRESS_SPACE_SLACK_MB = 1024
READ_CHUNK = 1 << 20
# Workers dying before they are ready means they cannot start at all (a broken install): stop instead of looping.
MAX_FAILED_STARTS = 5


@dataclass(frozen=True)
class Limits:
    timeout: float = 60.0  # seconds of wall time for one page
    memory_mb: int = 2048  # resident memory of one worker
    max_tasks: int = 1000  # pages before a worker is replaced: what leaks in a long run cannot pile up


class _Worker:
    def __init__(self, config: WorkerConfig, log: IO[bytes] | int) -> None:
        package_root = str(Path(dateline.__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
        self.proc = subprocess.Popen([sys.executable, "-m", "dateline.batch.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=log, env=env, start_new_session=True)
        self.fd = self.proc.stdout.fileno()
        os.set_blocking(self.fd, False)
        self.buffer = bytearray()
        self.ready = False
        self.task: Task | None = None
        self.started = 0.0
        self.done = 0
        write_frame(self.proc.stdin, config)

    def send(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        write_frame(self.proc.stdin, task)

    def frames(self) -> tuple[list, bool]:
        """Frames readable now, and whether the pipe reached its end (the worker died)."""
        try:
            chunk = os.read(self.fd, READ_CHUNK)
        except BlockingIOError:
            chunk = None
        if chunk == b"":
            return [], True
        if chunk:
            self.buffer += chunk
        found = []
        while len(self.buffer) >= HEADER.size:
            size = HEADER.unpack_from(self.buffer)[0]
            if len(self.buffer) < HEADER.size + size:
                break
            found.append(pickle.loads(bytes(self.buffer[HEADER.size:HEADER.size + size])))
            del self.buffer[:HEADER.size + size]
        return found, False

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: children it may have started go too
        except (ProcessLookupError, PermissionError):
            pass
        self.close()

    def close(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class WorkerPool:
    """`run(tasks)` yields one row per task, in completion order, whatever happens to the workers."""

    def __init__(self, processes: int, *, config: WorkerConfig = WorkerConfig(), limits: Limits = Limits(),
                 log: Path | None = None) -> None:
        self.processes = max(1, processes)
        self.limits = limits
        memory = limits.memory_mb + ADDRESS_SPACE_SLACK_MB if limits.memory_mb else None
        self.config = WorkerConfig(options=config.options, extractor=config.extractor, dedup=config.dedup,
                                   memory_mb=memory)
        self._log = open(log, "ab") if log else subprocess.DEVNULL
        self._selector = selectors.DefaultSelector()
        self._workers: list[_Worker] = []
        self.replaced = 0  # workers killed or dead and started again, for the report
        self._failed_starts = 0
        self._memory_checked = 0.0

    def __enter__(self) -> WorkerPool:
        for _ in range(self.processes):
            self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            if worker.task is not None:
                worker.kill()
            else:
                worker.close()  # end of stdin: an idle worker exits by itself
        self._workers.clear()
        self._selector.close()
        if self._log is not subprocess.DEVNULL:
            self._log.close()

    def run(self, tasks: Iterable[Task]) -> Iterator[Row]:
        pending = iter(tasks)
        exhausted = False
        while True:
            idle = self._idle()
            while idle and not exhausted:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                elif task.error is not None:  # failed while reading: nothing to extract, no worker needed
                    yield error_row(task, *task.error)
                else:
                    self._send(idle.pop(), task)
            if exhausted and not any(w.task for w in self._workers):
                return
            yield from self._wait()

    def _idle(self) -> list[_Worker]:
        return [w for w in self._workers if w.ready and w.task is None]

    def _start(self) -> _Worker:
        worker = _Worker(self.config, self._log)
        self._workers.append(worker)
        self._selector.register(worker.fd, selectors.EVENT_READ, worker)
        return worker

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        self._selector.unregister(worker.fd)
        self._workers.remove(worker)
        worker.kill() if kill else worker.close()
        self.replaced += kill
        self._start()

    def _send(self, worker: _Worker, task: Task) -> None:
        try:
            worker.send(task)
        except (BrokenPipeError, OSError):
            pass  # the worker died since it said ready: its pipe's end is seen by _wait, and the task recorded

    def _wait(self) -> Iterator[Row]:
        for key, _ in self._selector.select(timeout=WATCH_INTERVAL):
            yield from self._read(key.data)
        yield from self._watch()

    def _read(self, worker: _Worker) -> Iterator[Row]:
        frames, ended = worker.frames()
        for frame in frames:
            if frame == READY:
                worker.ready = True
                continue
            worker.task, worker.done = None, worker.done + 1
            yield frame
            if frame["error_kind"] == MEMORY:
                ended = True  # the worker exits after a MemoryError; the row is already sent
        if ended:
            yield from self._died(worker)
        elif worker.done >= self.limits.max_tasks and worker.task is None:
            self._replace(worker, kill=False)

    def _died(self, worker: _Worker) -> Iterator[Row]:
        task = worker.task
        if not worker.ready:
            self._failed_starts += 1
            if self._failed_starts > MAX_FAILED_STARTS:
                raise RuntimeError("batch workers die as they start: see the worker log in the output folder")
        self._replace(worker, kill=True)
        if task is not None:
            yield error_row(task, CRASH, f"the worker died on this page ({_describe(worker.proc.returncode)})",
                            self._elapsed(worker))

    def _watch(self) -> Iterator[Row]:
        now = time.monotonic()
        check_memory = self.limits.memory_mb and now - self._memory_checked >= WATCH_INTERVAL
        if check_memory:
            self._memory_checked = now
        for worker in [w for w in self._workers if w.task is not None]:
            task = worker.task
            if now - worker.started > self.limits.timeout:
                self._replace(worker, kill=True)
                yield error_row(task, TIMEOUT, f"killed after {self.limits.timeout:g} s", self._elapsed(worker))
            elif check_memory and (rss_mb(worker.proc.pid) or 0) > self.limits.memory_mb:
                self._replace(worker, kill=True)
                yield error_row(task, MEMORY, f"killed: the worker's memory passed {self.limits.memory_mb} MB",
                                self._elapsed(worker))

    @staticmethod
    def _elapsed(worker: _Worker) -> float:
        return (time.monotonic() - worker.started) * 1000


def _describe(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"
