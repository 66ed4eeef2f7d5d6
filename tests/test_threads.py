"""Deterministic and thread-safe: the same pages give byte-identical JSON serially, from 8 threads at once, and
from separate processes with different hash seeds (set and dict-of-set ordering would show up there)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import dateline
from dateline.options import Options
from dateline.writers import to_json, to_markdown

from conftest import EXAMPLES, REPO, SCRAPINGHUB

THREADS = 8
# Every 8th dev page (23 pages): different sites and layouts, quick enough to extract many times over.
DEV_STRIDE = 8
OPTIONS = Options(include_removed=True)  # the removed parts too: every field must be deterministic


def _pages() -> list[tuple[str, bytes | str, str | None]]:
    pages: list[tuple[str, bytes | str, str | None]] = [
        ("thehill", (EXAMPLES / "thehill-meth-campaign.html").read_bytes(), "https://thehill.com/x"),
        ("seed", (EXAMPLES / "phnompenhpost-kim-sok.txt").read_text(encoding="utf-8"), None),
    ]
    truth_path = SCRAPINGHUB / "ground-truth.json"
    if truth_path.exists():
        import gzip

        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        for key in sorted(truth)[::DEV_STRIDE]:
            html = gzip.decompress((SCRAPINGHUB / "html" / f"{key}.html.gz").read_bytes())
            pages.append((key, html, truth[key].get("url")))
    return pages


PAGES = _pages()


def _render(data: bytes | str, url: str | None) -> str:
    article = dateline.extract(data, url=url, options=OPTIONS)
    return to_json(article, include_removed=True) + to_markdown(article)


@pytest.fixture(scope="module")
def serial() -> dict[str, str]:
    return {name: _render(data, url) for name, data, url in PAGES}


def test_pages_are_many_and_varied(serial):
    assert len(serial) >= 2
    assert all('"schema_version": 1' in output for output in serial.values())


@pytest.mark.timeout(120)
def test_eight_threads_at_once_give_the_serial_output(serial):
    start = threading.Barrier(THREADS)

    def worker(seed: int) -> dict[str, str]:
        order = list(PAGES)
        random.Random(seed).shuffle(order)  # every thread in its own order, so different pages overlap in time
        start.wait()
        return {name: _render(data, url) for name, data, url in order * 2}

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(worker, range(THREADS)))
    for result in results:
        assert result.keys() == serial.keys()
        for name in serial:
            assert result[name] == serial[name], f"{name} differs when extracted in threads"


CHILD = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1] + "/tests")
import test_threads
print(json.dumps({name: hashlib.sha256(test_threads._render(data, url).encode()).hexdigest()
                  for name, data, url in test_threads.PAGES}))
"""


@pytest.mark.timeout(120)
def test_separate_processes_with_different_hash_seeds_give_the_same_bytes(serial):
    digests = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", CHILD, str(REPO)], capture_output=True, text=True, env=env,
                                cwd=REPO, timeout=110)
        assert result.returncode == 0, result.stderr[-2000:]
        digests.append(json.loads(result.stdout))
    here = {name: hashlib.sha256(output.encode()).hexdigest() for name, output in serial.items()}
    assert digests[0] == digests[1] == here
