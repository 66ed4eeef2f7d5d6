"""What the fetch limits cost: peak Python memory and wall time for hostile responses, on a loopback server.

    PYTHONPATH=$PWD python bench/fetch_limits.py

Each row fetches from tests/fetchserver.py (127.0.0.1 only) with max_response_bytes=1 MB or a short deadline and
reports the error, the peak of tracemalloc'd memory during the fetch, and the elapsed time. The figures to look at:
a 64 MB compression bomb stays near the 1 MB cap in memory, and a trickling or stalled server is cut off at the
deadline, not after it.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import dateline  # noqa: E402
from dateline import Options  # noqa: E402
from fetchserver import BOMB_SIZE, FetchServer  # noqa: E402

CAP = Options(max_response_bytes=1_000_000)
CASES = [
    ("/bomb/gzip", CAP, f"{BOMB_SIZE >> 20} MB of spaces, gzip"),
    ("/bomb/br", CAP, f"{BOMB_SIZE >> 20} MB of spaces, brotli"),
    ("/endless", CAP, "no Content-Length, never ends"),
    ("/big", CAP, "declares 5 GB"),
    ("/trickle", Options(timeout=1.5), "one byte every 0.2 s, deadline 1.5 s"),
    ("/slow?seconds=15", Options(timeout=1.0), "answers after 15 s, deadline 1 s"),
]


def measure(server: FetchServer, path: str, options: Options) -> tuple[str, float, float]:
    tracemalloc.start()
    started = time.monotonic()
    try:
        dateline.fetch(server.url(path), options=options)
        outcome = "fetched"
    except dateline.DatelineError as error:
        outcome = type(error).__name__
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, peak / 1e6, elapsed


def main() -> None:
    print(f"{'case':<40} {'outcome':<24} {'peak MB':>8} {'seconds':>8}")
    with FetchServer() as server:
        for path, options, label in CASES:
            outcome, peak, elapsed = measure(server, path, options)
            print(f"{label:<40} {outcome:<24} {peak:8.2f} {elapsed:8.2f}")


if __name__ == "__main__":
    main()
