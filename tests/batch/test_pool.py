"""The worker pool on its own: pages queued behind one that is killed are not lost, and the pool's rows are
one per task whatever happens."""

from __future__ import annotations

import io
import time

import pytest

from dateline.batch.pool import Limits, WorkerPool
from dateline.batch.sources import Task
from dateline.batch.worker import OwnMemory, WorkerConfig, frame, read_frame, rss_mb

from .conftest import HTML_KEYS, page
from .faults import HANG, SEGFAULT

FAULTS = WorkerConfig(extractor="tests.batch.faults:extract")


def _task(seq: int, data: bytes) -> Task:
    return Task(id=f"t{seq}", source="memory", record=seq, data=data, seq=seq)


def test_pages_queued_behind_a_killed_page_are_sent_again():
    # one worker: the page after the hanging one waits in its queue when the worker is killed, at the end of input
    tasks = [_task(0, page(HTML_KEYS[0])), _task(1, b"<p>" + HANG + b"</p>"), _task(2, page(HTML_KEYS[1])),
             _task(3, b"<p>" + SEGFAULT + b"</p>"), _task(4, page(HTML_KEYS[2]))]
    with WorkerPool(1, config=FAULTS, limits=Limits(timeout=1.0)) as pool:
        rows = {row["seq"]: row for row in pool.run(tasks)}
        replaced = pool.replaced
    assert sorted(rows) == [0, 1, 2, 3, 4]
    assert [rows[i]["error_kind"] for i in range(5)] == [None, "timeout", None, "crash", None]
    assert all(rows[i]["ok"] and rows[i]["title"] for i in (0, 2, 4))
    assert replaced == 2


def test_workers_are_recycled_after_max_tasks():
    tasks = [_task(i, page(HTML_KEYS[i % len(HTML_KEYS)])) for i in range(7)]
    with WorkerPool(1, limits=Limits(max_tasks=2)) as pool:
        rows = list(pool.run(tasks))
    assert sorted(r["seq"] for r in rows) == list(range(7)) and all(r["ok"] for r in rows)


def test_a_page_queued_behind_a_hang_is_not_lost_when_the_input_has_ended():
    # both workers hang and are killed together after the input's end was seen: the page queued behind one of
    # them waits for a fresh worker, and the run must not end before it is done
    tasks = [_task(0, b"<p>" + HANG + b"</p>"), _task(1, b"<p>" + HANG + b"</p>"), _task(2, page(HTML_KEYS[1]))]
    with WorkerPool(2, config=FAULTS, limits=Limits(timeout=1.0)) as pool:
        time.sleep(1.5)  # both workers ready before the first page: they get the two hangs and start together
        rows = {row["seq"]: row for row in pool.run(tasks)}
    assert sorted(rows) == [0, 1, 2]
    assert rows[0]["error_kind"] == rows[1]["error_kind"] == "timeout" and rows[2]["ok"]


def test_on_hold_pages_already_taken_still_go_out():
    # the consumer holds new input (as when its backlog is full) from the first row on, until it has all three:
    # the two pages queued behind the killed one must be sent again all the same, or the run never ends
    tasks = [_task(0, b"<p>" + HANG + b"</p>"), _task(1, page(HTML_KEYS[0])), _task(2, page(HTML_KEYS[1]))]
    seen: list[int] = []
    deadline = time.monotonic() + 30
    with WorkerPool(1, config=FAULTS, limits=Limits(timeout=1.0)) as pool:
        for row in pool.run(tasks, hold=lambda: 0 < len(seen) < 3 and time.monotonic() < deadline):
            seen.append(row["seq"])
    assert sorted(seen) == [0, 1, 2] and time.monotonic() < deadline


def test_frames_carry_a_pages_bytes_beside_the_pickled_task():
    html = page(HTML_KEYS[0])
    given = [_task(0, html), Task(id="j", source="x.jsonl", record=1, data="<p>text as str</p>", kind="html"),
             Task(id="f", source="page.html", record=2)]
    parts = [frame(task) for task in given]
    assert len(parts[0]) == 2 and parts[0][1] is html and len(parts[0][0]) < 1000  # the page is not in the pickle
    assert len(parts[1]) == len(parts[2]) == 1
    stream = io.BytesIO(b"".join(part for task_parts in parts for part in task_parts))
    assert [read_frame(stream) for _ in given] == given and read_frame(stream) is None


def test_a_frame_cut_short_is_the_end_of_the_stream():
    head, raw = frame(_task(0, page(HTML_KEYS[0])))
    assert read_frame(io.BytesIO(head + raw[:-1])) is None and read_frame(io.BytesIO(head[:-1])) is None


def test_own_memory_reads_what_rss_mb_reads():
    memory = OwnMemory()
    before = memory.mb()
    ballast = bytearray(64 * 2**20)  # touched pages count: zeros from calloc would not be resident
    ballast[::4096] = b"\x01" * len(ballast[::4096])
    after = memory.mb()
    assert after == pytest.approx(rss_mb(), abs=1.0) and after - before > 60
    del ballast
