"""Extraction in worker processes, so one slow page never blocks the server and a runaway can be killed.

Why not `concurrent.futures.ProcessPoolExecutor`: it cannot stop one task. A page that takes a minute would hold a
worker for that minute, and on a timeout the only remedy would be to tear down the whole pool, failing every other
request in flight. Here each worker is one process with its own pipe; a task that outlives its time limit gets its
process killed and a fresh process spawned in its place, and the other workers never notice.

The event loop never waits on a pipe: the send/poll/receive round trip runs in a small thread pool (one thread per
worker), and requests wait for a free worker on an asyncio queue.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import multiprocessing.connection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Literal, Mapping

from dateline.errors import DatelineError
from dateline.options import Options

log = logging.getLogger("dateline.web")

# "spawn", not "fork": the server process has an event loop and threads, which a forked child would inherit broken.
_CONTEXT = multiprocessing.get_context("spawn")
# A worker is replaced after this many tasks, so memory that lxml and the allocator keep does not grow for ever.
# A new worker costs about a second of CPU to start, so at ~100 pages/s per worker this is one restart in 20 s.
MAX_TASKS_PER_WORKER = 2000
# How long a new worker may take to import dateline and say it is ready before the server gives up on it.
STARTUP_TIMEOUT = 60.0
# How long a request waits for a free worker before it is told the server is busy (503): past this, a client is
# better served by an answer than by a queue.
QUEUE_TIMEOUT = 60.0
# A worker that fails to start is retried this many times before the pool runs one short.
SPAWN_ATTEMPTS = 3

Format = Literal["json", "markdown"]


@dataclass(frozen=True, slots=True)
class Task:
    """One extraction: what `dateline.extract` needs, and how the answer should be written."""

    data: bytes | str
    options: Options
    url: str | None = None
    kind: Literal["auto", "html", "text"] = "auto"
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    format: Format = "json"


@dataclass(frozen=True, slots=True)
class Outcome:
    """A written article (JSON or Markdown), with what strict mode needs to judge it."""

    body: str
    is_article: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class Failure:
    """A DatelineError from a worker, as plain data: exceptions with keyword-only arguments do not unpickle."""

    error_class: str
    message: str


class ExtractionTimeout(Exception):
    """The task ran past its limit; its worker was killed and replaced."""


class WorkerCrashed(Exception):
    """The worker died without answering (killed by the OS, out of memory, a crash in a C library)."""


class Busy(Exception):
    """No worker came free in time: the server has more work queued than it can do."""


def _work(task: Task) -> Outcome | Failure:
    from dateline.extract import extract
    from dateline.writers import to_json, to_markdown

    try:
        article = extract(task.data, url=task.url, kind=task.kind, content_type=task.content_type,
                          headers=task.headers, options=task.options)
    except DatelineError as error:
        return Failure(type(error).__name__, str(error))
    except Exception as error:  # a bug on one odd page must not take the worker down with it
        log.exception("extraction failed")
        return Failure("Exception", f"{type(error).__name__}: {error}")
    if task.format == "markdown":
        body = to_markdown(article)
    else:
        body = to_json(article, indent=None, include_removed=task.options.include_removed)
    return Outcome(body, article.is_article, article.reason)


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """The worker's loop: answer tasks until the pipe closes or a None arrives."""
    import dateline.extract  # noqa: F401  (imported before "ready" so the first task is not charged for it)

    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if task is None:
            return
        conn.send(_work(task))


class _Worker:
    def __init__(self) -> None:
        self.conn, child_conn = _CONTEXT.Pipe(duplex=True)
        self.process: BaseProcess = _CONTEXT.Process(target=_serve, args=(child_conn,), daemon=True,
                                                     name="dateline-extractor")
        self.process.start()
        child_conn.close()
        self.tasks = 0
        if not self.conn.poll(STARTUP_TIMEOUT) or self.conn.recv() != "ready":
            self.kill()
            raise RuntimeError("an extraction worker did not start")

    def roundtrip(self, task: Task, timeout: float) -> Outcome | Failure:
        """Blocking: runs in the pool's threads, never on the event loop."""
        self.tasks += 1
        try:
            self.conn.send(task)
            if not self.conn.poll(timeout):
                raise ExtractionTimeout()
            return self.conn.recv()
        except (EOFError, OSError) as error:
            raise WorkerCrashed(str(error) or type(error).__name__) from None

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()


class ExtractorPool:
    """`size` worker processes; `await pool.run(task)` extracts in one of them within `timeout` seconds."""

    def __init__(self, size: int, timeout: float, max_tasks_per_worker: int = MAX_TASKS_PER_WORKER) -> None:
        self.size = size
        self.timeout = timeout
        self.max_tasks_per_worker = max_tasks_per_worker
        self._threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="dateline-pool")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._background: set[asyncio.Task] = set()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(loop.run_in_executor(self._threads, _Worker) for _ in range(self.size)))
        for worker in workers:
            self._workers.add(worker)
            self._idle.put_nowait(worker)

    @property
    def pids(self) -> list[int]:
        return sorted(worker.process.pid for worker in self._workers if worker.process.pid is not None)

    async def run(self, task: Task) -> Outcome | Failure:
        try:
            worker = await asyncio.wait_for(self._idle.get(), QUEUE_TIMEOUT)
        except asyncio.TimeoutError:
            raise Busy() from None
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._threads, worker.roundtrip, task, self.timeout)
        except (ExtractionTimeout, WorkerCrashed) as error:
            log.warning("extraction worker %s %s; replacing it", worker.process.pid,
                        "timed out" if isinstance(error, ExtractionTimeout) else "crashed")
            await self._replace(worker, kill=True)
            raise
        except BaseException:
            # Cancelled while the worker may still be busy with the task: its answer would reach the next caller.
            await asyncio.shield(self._replace(worker, kill=True))
            raise
        if worker.tasks >= self.max_tasks_per_worker:
            # Retired in the background: this request should not wait the second a new process takes to start.
            retire = asyncio.create_task(self._replace(worker, kill=False))
            self._background.add(retire)
            retire.add_done_callback(self._background.discard)
        else:
            self._idle.put_nowait(worker)
        return result

    async def _replace(self, worker: _Worker, *, kill: bool) -> None:
        loop = asyncio.get_running_loop()
        self._workers.discard(worker)
        await loop.run_in_executor(None, worker.kill if kill else worker.stop)
        for attempt in range(1, SPAWN_ATTEMPTS + 1):
            try:
                fresh = await loop.run_in_executor(None, _Worker)
            except (RuntimeError, OSError) as error:
                log.error("extraction worker failed to start (attempt %d): %s", attempt, error)
                continue
            self._workers.add(fresh)
            self._idle.put_nowait(fresh)
            return

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        workers, self._workers = list(self._workers), set()
        await asyncio.gather(*(loop.run_in_executor(None, worker.stop) for worker in workers))
        self._threads.shutdown(wait=False, cancel_futures=True)
