"""A pool of worker processes that survives its pages: a page that hangs is killed at its time limit, one that
eats memory is killed at the memory limit, one that crashes the interpreter is recorded, and in each case the
worker is replaced and the batch goes on.

multiprocessing.Pool cannot do this (a hung task blocks its worker forever, a killed worker loses its task
silently), so the pool runs its own processes and always knows which page each one is on: a worker handles its
queue in order, and the head of the queue is the page in progress. The main loop waits on the workers' pipes with
a timeout short enough to check deadlines and memory between results. Workers are plain subprocesses (not
multiprocessing children), so the pool also works inside daemonic processes such as Dask's workers, and a process
with threads (Dask's, or the local engine's shard writer) is never forked without an exec.

Each worker gets its next pages while it is still on the current one (a short queue), so it does not wait for the
main process between pages; pages are queued that way only while they fit in the pipe's buffer, so writing them
can never block the main loop behind a page that hangs.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import pickle
import selectors
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

import dateline
from dateline.batch.rows import CRASH, MEMORY, TIMEOUT, Row, error_row
from dateline.batch.sources import Task
from dateline.batch.worker import HEADER, READY, WorkerConfig, frame, rss_mb

# How often the watchdog looks at deadlines and memory while waiting for results (seconds).
WATCH_INTERVAL = 0.2
# Address-space ceiling set inside each worker: a backstop for an allocation too fast for the watchdog's polls,
# well above the RSS limit because mapped-but-unused memory counts too (the interpreter, lxml, allocator arenas,
# and the per-thread buffers a numerical library reserves at import: a tight ceiling would fail the import).
ADDRESS_SPACE_FACTOR, ADDRESS_SPACE_SLACK_MB = 2, 2048
READ_CHUNK = 1 << 20
# Pages a worker holds: the one in progress and the next ones, so that a late wake-up of the main process on a
# busy machine does not leave the worker idle (2, 4 and 8 measured alike on an idle machine; 8 was slower loaded).
QUEUE_DEPTH = 4
# While every worker holds a full queue, the main process sleeps GATHER_WAIT seconds before it waits for rows, so
# that it wakes for two or three rows at a time rather than for each one: 0.50 -> 0.45 ms of its CPU a page
# (5,000-page WARC corpus, -j 2, 6 A/B rounds). A worker then still has three pages to do before it could run dry:
# 5 ms idled the workers no longer than waking at once did; 8 ms, or sleeping with three queued, about twice as long.
GATHER_DEPTH, GATHER_WAIT = QUEUE_DEPTH, 0.005
# Linux lets a pipe grow to /proc/sys/fs/pipe-max-size (1 MiB by default) from 64 KiB: most pages then fit whole.
PIPE_SIZE = 1 << 20
F_SETPIPE_SZ, F_GETPIPE_SZ = 1031, 1032
DEFAULT_PIPE_SIZE = 1 << 16
EXIT_WAIT = 1.0  # seconds to let a worker whose pipe closed finish exiting, to read why it died
# Workers dying before they are ready means they cannot start at all (a broken install): stop instead of looping.
MAX_FAILED_STARTS = 5


@dataclass(frozen=True)
class Limits:
    timeout: float = 60.0  # seconds of wall time for one page
    memory_mb: int = 2048  # resident memory of one worker
    max_tasks: int = 5000  # pages before a worker is replaced (0: never): what leaks cannot pile up


class _Worker:
    def __init__(self, config: WorkerConfig, log: IO[bytes] | int) -> None:
        package_root = str(Path(dateline.__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
        self.proc = subprocess.Popen([sys.executable, "-m", "dateline.batch.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=log, env=env, start_new_session=True)
        self.fd = self.proc.stdout.fileno()
        self.pipe_size = min(_grow_pipe(self.proc.stdin.fileno()), _grow_pipe(self.fd))
        os.set_blocking(self.fd, False)
        self.buffer = bytearray()
        self.ready = False
        self.queue: deque[Task] = deque()  # the head is the page in progress
        self.sizes: deque[int] = deque()  # frame sizes of the queue's pages
        self.started = 0.0  # when the head began
        self.done = 0
        self.send_parts(frame(config))

    @property
    def task(self) -> Task | None:
        return self.queue[0] if self.queue else None

    def send(self, task: Task, parts: list[bytes]) -> None:
        if not self.queue:
            self.started = time.monotonic()
        self.queue.append(task)
        self.sizes.append(sum(map(len, parts)))
        self.send_parts(parts)

    def send_parts(self, parts: list[bytes]) -> None:
        for part in parts:  # a large part goes straight from its bytes object into the pipe, not via the buffer
            self.proc.stdin.write(part)
        self.proc.stdin.flush()

    def queued_bytes(self) -> int:
        """Bytes sent behind the page in progress: they sit in the pipe until it is done."""
        return sum(self.sizes) - self.sizes[0] if self.sizes else 0

    def finished(self) -> None:
        self.queue.popleft()
        self.sizes.popleft()
        self.done += 1
        self.started = time.monotonic()  # the next queued page starts now

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
            size, raw_size = HEADER.unpack_from(self.buffer)  # rows carry no raw part (raw_size 0)
            end = HEADER.size + size + raw_size
            if len(self.buffer) < end:
                break
            with memoryview(self.buffer) as view:
                found.append(pickle.loads(view[HEADER.size:HEADER.size + size]))
            del self.buffer[:end]
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


def _grow_pipe(fd: int) -> int:
    try:
        fcntl.fcntl(fd, F_SETPIPE_SZ, PIPE_SIZE)
        return fcntl.fcntl(fd, F_GETPIPE_SZ)
    except OSError:
        return DEFAULT_PIPE_SIZE


class WorkerPool:
    """`run(tasks)` yields one row per task, in completion order, whatever happens to the workers."""

    def __init__(self, processes: int, *, config: WorkerConfig = WorkerConfig(), limits: Limits = Limits(),
                 log: str | Path | None = None) -> None:
        self.processes = max(1, processes)
        self.limits = limits
        memory = limits.memory_mb * ADDRESS_SPACE_FACTOR + ADDRESS_SPACE_SLACK_MB if limits.memory_mb else None
        self.config = dataclasses.replace(config, memory_mb=memory)
        self._log = open(log, "ab") if log else subprocess.DEVNULL
        self._selector = selectors.DefaultSelector()
        self._workers: list[_Worker] = []
        self._retry: deque[Task] = deque()  # queued behind a page that killed its worker: not started, sent again
        self._next: tuple[Task, list[bytes]] | None = None  # taken from the input, waiting for a worker to take it
        self._exhausted = False
        self._failed_starts = 0
        self._memory_checked = 0.0
        self.replaced = 0  # workers killed or dead and started again, for the report

    def __enter__(self) -> WorkerPool:
        for _ in range(self.processes):
            self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            worker.kill() if worker.queue else worker.close()  # an idle worker exits at the end of its stdin
        self._workers.clear()
        self._selector.close()
        if self._log is not subprocess.DEVNULL:
            self._log.close()

    def run(self, tasks: Iterable[Task], *, hold: Callable[[], bool] = lambda: False) -> Iterator[Row]:
        """Rows for `tasks`; while `hold()` is true no new task is taken (the consumer's backlog is full)."""
        pending = iter(tasks)
        while True:
            yield from self._dispatch(pending, hold)
            if self._exhausted and self._next is None and not self._retry and not any(w.queue for w in self._workers):
                return
            yield from self._wait()

    def _dispatch(self, pending: Iterator[Task], hold: Callable[[], bool]) -> Iterator[Row]:
        """Give pages to workers with room, idle ones first; tasks that failed while reading become rows here.
        Pages taken already (waiting, or sent again) go out even on hold: the consumer may be waiting for them."""
        while True:
            open_ = sorted((w for w in self._workers if self._has_room(w)), key=lambda w: len(w.queue))
            if not open_:
                return
            if self._next is None:
                if not self._retry and hold():
                    return
                task = self._take(pending)
                if task is None:
                    return
                if task.error is not None:  # nothing to extract: no worker needed
                    yield error_row(task, *task.error)
                    continue
                self._next = (task, frame(task))
            task, parts = self._next
            worker = open_[0]
            if worker.queue and worker.queued_bytes() + sum(map(len, parts)) > worker.pipe_size:
                return  # would not fit in the pipe behind a page that may hang: wait for a worker to move on
            self._next = None
            try:
                worker.send(task, parts)
            except OSError:
                pass  # the worker died since it said ready: _wait sees its pipe end and records the task

    def _has_room(self, worker: _Worker) -> bool:
        limit = self.limits.max_tasks
        return worker.ready and len(worker.queue) < QUEUE_DEPTH and not (limit and worker.done + len(worker.queue)
                                                                          >= limit)

    def _take(self, pending: Iterator[Task]) -> Task | None:
        if self._retry:
            return self._retry.popleft()
        task = None if self._exhausted else next(pending, None)
        self._exhausted = task is None
        return task

    def _start(self) -> _Worker:
        worker = _Worker(self.config, self._log)
        self._workers.append(worker)
        self._selector.register(worker.fd, selectors.EVENT_READ, worker)
        return worker

    def _replace(self, worker: _Worker, *, kill: bool) -> Task | None:
        """Stop a worker and start another; returns the page it was on. Pages queued behind it are sent again."""
        self._selector.unregister(worker.fd)
        self._workers.remove(worker)
        worker.kill() if kill else worker.close()
        self.replaced += kill
        head = worker.queue.popleft() if worker.queue else None
        self._retry.extendleft(reversed(worker.queue))
        self._start()
        return head

    def _wait(self) -> Iterator[Row]:
        if all(len(worker.queue) >= GATHER_DEPTH for worker in self._workers):
            time.sleep(GATHER_WAIT)  # time limits are in seconds: seeing one a few ms late does not matter
        for key, _ in self._selector.select(timeout=WATCH_INTERVAL):
            yield from self._read(key.data)
        yield from self._watch()

    def _read(self, worker: _Worker) -> Iterator[Row]:
        if worker not in self._workers:
            return  # replaced by the watchdog in this same round
        frames, ended = worker.frames()
        for item in frames:
            if item == READY:
                worker.ready = True
                continue
            worker.finished()
            yield item
            ended = ended or item["error_kind"] == MEMORY  # the worker exits after a MemoryError
        if ended:
            yield from self._died(worker)
        elif self.limits.max_tasks and worker.done >= self.limits.max_tasks and not worker.queue:
            self._replace(worker, kill=False)

    def _died(self, worker: _Worker) -> Iterator[Row]:
        if not worker.ready:
            self._failed_starts += 1
            if self._failed_starts > MAX_FAILED_STARTS:
                raise RuntimeError("batch workers die as they start: see the worker log in the output folder")
        elapsed = self._elapsed(worker)
        try:
            worker.proc.wait(timeout=EXIT_WAIT)  # its own exit status, not the SIGKILL _replace sends to be sure
        except subprocess.TimeoutExpired:
            pass
        code = worker.proc.returncode
        task = self._replace(worker, kill=True)
        if task is None:
            return
        if code == -signal.SIGKILL:  # not ours: on Linux, the kernel's out-of-memory killer sends it
            yield error_row(task, MEMORY, "the worker was killed by SIGKILL from outside the batch "
                                          "(most likely the system's out-of-memory killer)", elapsed)
        else:
            yield error_row(task, CRASH, f"the worker died on this page ({_describe(code)})", elapsed)

    def _watch(self) -> Iterator[Row]:
        now = time.monotonic()
        check_memory = self.limits.memory_mb and now - self._memory_checked >= WATCH_INTERVAL
        if check_memory:
            self._memory_checked = now
        for worker in [w for w in self._workers if w.queue]:
            elapsed = self._elapsed(worker)
            if elapsed > self.limits.timeout * 1000:
                task = self._replace(worker, kill=True)
                yield error_row(task, TIMEOUT, f"killed after {self.limits.timeout:g} s", elapsed)
            elif check_memory and (rss_mb(worker.proc.pid) or 0) > self.limits.memory_mb:
                task = self._replace(worker, kill=True)
                yield error_row(task, MEMORY, f"killed: the worker's memory passed {self.limits.memory_mb} MB",
                                elapsed)

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
