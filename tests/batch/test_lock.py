"""One run at a time per output folder: a second `dateline batch` on a folder being written stops with a clear
error instead of deleting the first run's shards as unfinished; the lock goes with the process that held it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dateline.batch.output import Folder, read_records

from tests.batch.conftest import HTML_KEYS, page


def _batch(inputs: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dateline", "batch", str(inputs), "-o", str(out), "-j", "1",
                           "--quiet", *extra], capture_output=True, text=True, timeout=120)


def _pages(folder: Path) -> Path:
    folder.mkdir()
    for key in HTML_KEYS[:2]:
        (folder / f"{key}.html").write_bytes(page(key))
    return folder


def test_second_run_on_a_folder_in_use_is_refused(tmp_path):
    inputs, out = _pages(tmp_path / "in"), tmp_path / "out"
    holder = Folder(str(out))
    holder.lock()  # as a run in progress would hold it
    try:
        refused = _batch(inputs, out)
        assert refused.returncode == 2
        assert "being written by another dateline batch run" in refused.stderr
        assert not list(out.glob("part-*")), "the refused run must not write"
    finally:
        holder.unlock()
    done = _batch(inputs, out)
    assert done.returncode == 0, done.stderr
    records = read_records(str(out))
    assert len(records) == 2 and all(r["ok"] for r in records)


def test_lock_of_a_killed_run_is_gone(tmp_path):
    """flock dies with its process: a run killed with SIGKILL leaves a folder that --resume can take."""
    out = tmp_path / "out"
    script = (f"from dateline.batch.output import Folder; f = Folder({str(out)!r}); f.lock(); "
              "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    killed = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert killed.returncode == -9
    assert (out / ".lock").exists()
    Folder(str(out)).lock()  # would raise if the dead process still held it
