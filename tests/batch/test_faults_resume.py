"""Failures are records, the pool survives its pages, and an interrupted run resumes to the same output."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from dateline.batch.local import ShardSink
from dateline.batch.manifest import Manifest
from dateline.batch.output import Folder, read_records
from dateline.batch.rows import content, error_row
from dateline.batch.sources import Task

from .conftest import CASES, HTML_KEYS, REPO, URLS, batch, page, records, write_warc
from .faults import EXPLODE, HANG, SEGFAULT

FAULTS = "tests.batch.faults:extract"


def test_bad_inputs_become_error_records(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = corpus / "good.html.gz"
    good.write_bytes((CASES / f"{HTML_KEYS[0]}.html.gz").read_bytes())
    (corpus / "truncated.html.gz").write_bytes(good.read_bytes()[:2000])
    (corpus / "binary.html").write_bytes(bytes(range(256)) * 40)
    (corpus / "empty.html").write_bytes(b"")
    with open(corpus / "huge.html", "wb") as stream:  # sparse: refused from its size, never read
        stream.truncate(200 * 2**20)
    warc = tmp_path / "cut.warc"
    write_warc(warc, [(URLS[k], page(k), "text/html") for k in HTML_KEYS], extra=False)
    warc.write_bytes(warc.read_bytes()[:-500])
    out = tmp_path / "out"
    batch(corpus, warc, "-o", out)
    got = {Path(r["id"]).name if r["source"] != str(warc) else r["record"]: r for r in records(out)}
    assert got["good.html.gz"]["ok"]
    assert (got["truncated.html.gz"]["error_kind"], "truncated" in got["truncated.html.gz"]["error_message"]) \
        == ("input", True)
    assert got["binary.html"]["error_kind"] == "binary"
    assert got["empty.html"]["error_kind"] == "empty"
    assert got["huge.html"]["error_kind"] == "too-large"
    assert got[0]["ok"] and got[1]["ok"]
    assert got[2]["error_kind"] == "input" and "truncated" in got[2]["error_message"]
    summary = json.loads((out / "manifest.json").read_text())["summary"]
    assert summary["inputs"] == 8 and summary["ok"] == 3
    assert summary["errors"] == {"binary": 1, "empty": 1, "input": 2, "too-large": 1}


def test_hanging_exploding_and_crashing_pages_are_killed_and_recorded(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, marker in (("1-hang", HANG), ("3-explode", EXPLODE), ("5-segfault", SEGFAULT)):
        (corpus / f"{name}.html").write_bytes(b"<html><body><p>" + marker + b"</p></body></html>")
    for i, key in enumerate(HTML_KEYS):
        (corpus / f"{2 * i}-good.html").write_bytes(page(key))
    out = tmp_path / "out"
    batch(corpus, "-o", out, "-j", "2", "--timeout", "1.5", "--memory-limit", "400", "--extractor", FAULTS)
    got = {Path(r["id"]).stem: r for r in records(out)}
    assert [r["id"] for r in records(out)] == sorted(str(p) for p in corpus.iterdir())  # input order kept
    assert got["1-hang"]["error_kind"] == "timeout" and "1.5 s" in got["1-hang"]["error_message"]
    assert got["3-explode"]["error_kind"] == "memory"
    assert got["5-segfault"]["error_kind"] == "crash" and "SIGSEGV" in got["5-segfault"]["error_message"]
    for i, key in enumerate(HTML_KEYS):  # every good page extracted, by the replacement workers too
        assert got[f"{2 * i}-good"]["ok"] and got[f"{2 * i}-good"]["article"]["text"]


def _corpus_for_resume(root: Path) -> Path:
    """60 real pages, then one that hangs: a run cannot finish before the test has interrupted it."""
    root.mkdir()
    for i in range(60):
        key = HTML_KEYS[i % len(HTML_KEYS)]
        copy = page(key).replace(b"</body>", f"<p>copy {i}</p></body>".encode())
        (root / f"{i:03d}.html.gz").write_bytes(gzip.compress(copy))
    (root / "999-hang.html").write_bytes(b"<html><body><p>" + HANG + b"</p></body></html>")
    return root


def _start(corpus: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dateline", "batch", str(corpus), "-o", str(out), "-q",
                             "-j", "2", "--shard-size", "7", "--timeout", "3", "--dedup", "--extractor", FAULTS,
                             *extra],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_shards(out: Path, count: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if len(json.loads((out / "manifest.json").read_text())["shards"]) >= count:
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.02)
    raise AssertionError("the batch made no progress")


def test_resume_after_sigkill_and_ctrl_c_equals_an_uninterrupted_run(tmp_path):
    """Killed, resumed, interrupted with Ctrl-C, resumed again: the records (with --dedup marks) are those of one
    uninterrupted run."""
    corpus = _corpus_for_resume(tmp_path / "corpus")
    whole = tmp_path / "whole"
    assert _start(corpus, whole).wait(timeout=120) == 0

    out = tmp_path / "out"
    run = _start(corpus, out)
    _wait_for_shards(out, 2)
    workers = psutil.Process(run.pid).children()
    assert len(workers) == 2
    run.send_signal(signal.SIGKILL)  # no chance to clean up: the manifest is all there is
    run.wait(timeout=30)
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive  # the workers died with the main process
    killed = json.loads((out / "manifest.json").read_text())
    assert not killed["complete"] and 2 <= len(killed["shards"]) < 9

    run = _start(corpus, out, "--resume")
    _wait_for_shards(out, len(killed["shards"]) + 1)
    run.send_signal(signal.SIGINT)
    assert run.wait(timeout=30) == 130
    assert "--resume" in run.stderr.read()
    assert not json.loads((out / "manifest.json").read_text())["complete"]

    assert _start(corpus, out, "--resume").wait(timeout=120) == 0
    resumed = [content(r) for r in records(out)]
    assert resumed == [content(r) for r in records(whole)]
    assert len(resumed) == 61 and resumed[-1]["error_kind"] == "timeout"
    # the 60 pages are copies of 3 stories: near-duplicate marks, rebuilt from the shards on resume, match too
    assert sum(r["duplicate_of"] is not None for r in resumed) == 60 - len(HTML_KEYS)
    assert sorted(n for n in os.listdir(out) if n.startswith("part-")) == [f"part-{i:05d}.jsonl.zst" for i in range(9)]


def test_shards_written_by_the_writer_thread_are_in_order_and_a_failed_write_stops_the_run(tmp_path):
    rows = [error_row(Task(id=f"t{i}", source="memory", record=i, seq=i), "input", f"page {i}") for i in range(5)]
    folder = Folder(str(tmp_path / "out"))
    manifest = Manifest(fingerprint="test", format="jsonl.zst", engine="local")
    sink = ShardSink(folder, manifest, shard_size=2, dedup=False)
    for i in (3, 0, 1, 4, 2):  # out of order, as workers finish them
        sink.add(dict(rows[i]))
    sink.finish()
    sink.close()
    assert [shard["name"] for shard in Manifest.load(folder).shards] == ["part-00000.jsonl.zst",
                                                                          "part-00001.jsonl.zst",
                                                                          "part-00002.jsonl.zst"]
    assert [record["error_message"] for record in read_records(str(tmp_path / "out"))] == \
        [f"page {i}" for i in range(5)]

    gone = Folder(str(tmp_path / "gone"))
    sink = ShardSink(gone, Manifest(fingerprint="test", format="jsonl", engine="local"), shard_size=2, dedup=False)
    shutil.rmtree(tmp_path / "gone")  # the shard cannot be written: the run must not go on as if it were
    sink.add(dict(rows[0]))
    sink.add(dict(rows[1]))
    with pytest.raises(FileNotFoundError):
        sink.finish()
    sink.close()
