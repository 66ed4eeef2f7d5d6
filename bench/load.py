"""Load on `dateline serve`: POST /v1/extract with real HTML bodies at 1, 8 and 32 concurrent clients.

    PYTHONPATH=$PWD /work/venv/bin/python bench/load.py [--duration 20] [--levels 1,8,32] [--workers N]

Starts the server on loopback, posts the development pages (../shared/data/scrapinghub/html, decompressed, as
text/html bodies) round-robin for a fixed time per level, and reports requests/s, p50/p99 latency, the answers'
statuses, and the RSS of the server with its extraction workers at the start and end of each level (memory should
stay flat). The clients run on the same machine as the server, so they take CPU from it: the figures are a floor.
Results also go to bench/out/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
PAGES = SHARED / "data" / "scrapinghub" / "html"
OUT = REPO / "bench" / "out"


@dataclass
class Level:
    clients: int
    seconds: float
    requests: int
    ok: int
    statuses: dict[str, int]
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    rss_start_mb: float
    rss_end_mb: float
    workers_replaced: int
    server_cpu_s: float  # CPU seconds the server and its workers used during the level
    cpu_ms_per_request: float  # server CPU per answered request: a figure that other load on the machine moves less
    loop_cpu_s: float  # of which the server's own process (event loop, HTTP, pickling), not the extraction workers
    client_cpu_s: float  # CPU seconds this process (the clients) used: it competes with the server for cores


def load_pages() -> list[bytes]:
    pages = [gzip.decompress(path.read_bytes()) for path in sorted(PAGES.glob("*.html.gz"))]
    if not pages:
        sys.exit(f"no pages in {PAGES} (set DATELINE_SHARED)")
    return pages


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DATELINE_API_KEY", None)
    process = subprocess.Popen([sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers",
                                str(workers), "--no-access-log", "--log-level", "warning"], env=env, cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    sys.exit("the server did not start")


def tree(process: psutil.Process) -> list[psutil.Process]:
    return [process, *process.children(recursive=True)]


class CpuMeter:
    """CPU seconds used by a process tree over a span, counting workers that start or end inside it."""

    def __init__(self, root: psutil.Process, *, children: bool = True) -> None:
        self.root = root
        self.children = children
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.sample(start=True)

    def sample(self, start: bool = False) -> None:
        for member in tree(self.root) if self.children else [self.root]:
            try:
                times = member.cpu_times()
            except psutil.NoSuchProcess:
                continue
            self.first.setdefault(member.pid, times.user + times.system if start else 0.0)
            self.last[member.pid] = times.user + times.system

    def used(self, pid: int | None = None) -> float:
        return sum(self.last[p] - self.first[p] for p in self.last if pid is None or p == pid)


async def sample_every(meter: CpuMeter, seconds: float, stop_at: float) -> None:
    while time.monotonic() < stop_at:
        meter.sample()
        await asyncio.sleep(seconds)


def rss_mb(process: psutil.Process) -> float:
    total = 0
    for member in tree(process):
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


async def client(http: httpx.AsyncClient, url: str, pages: list[bytes], start: int, stop_at: float,
                 latencies: list[float], statuses: Counter) -> None:
    n = start
    while time.monotonic() < stop_at:
        body = pages[n % len(pages)]
        n += 7  # clients walk the pages with different offsets, so they do not all post the same page
        began = time.perf_counter()
        try:
            response = await http.post(url, content=body, headers={"Content-Type": "text/html"})
            statuses[str(response.status_code)] += 1
            if response.status_code == 200:
                latencies.append(time.perf_counter() - began)
        except httpx.HTTPError as error:
            statuses[type(error).__name__] += 1


async def run_level(port: int, clients: int, seconds: float, pages: list[bytes], server: psutil.Process) -> Level:
    url = f"http://127.0.0.1:{port}/v1/extract"
    latencies: list[float] = []
    statuses: Counter = Counter()
    pids_before = {member.pid for member in tree(server)}
    rss_start = rss_mb(server)
    server_cpu, client_cpu = CpuMeter(server), CpuMeter(psutil.Process(), children=False)  # the server is our child
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=120) as http:
        began = time.monotonic()
        stop_at = began + seconds
        await asyncio.gather(sample_every(server_cpu, 0.5, stop_at),
                             *(client(http, url, pages, i * 13, stop_at, latencies, statuses) for i in range(clients)))
        elapsed = time.monotonic() - began
    rss_end = rss_mb(server)
    server_cpu.sample()
    client_cpu.sample()
    replaced = len(pids_before - {member.pid for member in tree(server)})
    ordered = sorted(latencies)
    return Level(clients=clients, seconds=round(elapsed, 1), requests=sum(statuses.values()), ok=len(latencies),
                 statuses=dict(statuses), requests_per_s=round(len(latencies) / elapsed, 1),
                 p50_ms=round(statistics.median(ordered) * 1000, 1) if ordered else float("nan"),
                 p99_ms=round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1)
                 if ordered else float("nan"),
                 rss_start_mb=round(rss_start, 1), rss_end_mb=round(rss_end, 1), workers_replaced=replaced,
                 server_cpu_s=round(server_cpu.used(), 1),
                 cpu_ms_per_request=round(server_cpu.used() * 1000 / max(1, len(latencies)), 1), loop_cpu_s=round(server_cpu.used(server.pid), 1),
                 client_cpu_s=round(client_cpu.used(), 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per level (default: %(default)s)")
    parser.add_argument("--levels", default="1,8,32", help="concurrent clients per level (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server extraction processes")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    pages = load_pages()
    port = args.port or _free_port()
    process = start_server(port, args.workers)
    try:
        server = psutil.Process(process.pid)
        asyncio.run(run_level(port, 2, 3.0, pages, server))  # warm-up: imports, caches, first allocations
        print(f"{len(pages)} pages ({sum(map(len, pages)) / len(pages) / 1024:.0f} kB mean), {args.workers} "
              f"extraction workers, {args.duration:g} s per level, {os.cpu_count()} cores shared with the clients")
        print(f"{'clients':>7} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'ok':>6} {'other':>6} "
              f"{'RSS start MB':>13} {'RSS end MB':>11} {'server CPU s':>13} {'of it loop':>11} {'CPU ms/req':>11} {'client CPU s':>13}")
        results = []
        for clients in (int(level) for level in args.levels.split(",")):
            level = asyncio.run(run_level(port, clients, args.duration, pages, server))
            results.append(level)
            print(f"{level.clients:>7} {level.requests_per_s:>7} {level.p50_ms:>8} {level.p99_ms:>8} {level.ok:>6} "
                  f"{level.requests - level.ok:>6} {level.rss_start_mb:>13} {level.rss_end_mb:>11} "
                  f"{level.server_cpu_s:>13} {level.loop_cpu_s:>11} {level.cpu_ms_per_request:>11} "
                  f"{level.client_cpu_s:>13}"
                  + (f"  statuses {level.statuses}" if level.requests != level.ok else ""), flush=True)
        alive = process.poll() is None and httpx.get(f"http://127.0.0.1:{port}/v1/health").status_code == 200
        print(f"server alive after the run: {alive}; machine load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores (other work on the machine takes its share of CPU)")
    finally:
        process.terminate()
        process.wait(15)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load.json").write_text(json.dumps({"levels": [asdict(level) for level in results], "alive": alive,
                                               "pages": len(pages), "workers": args.workers}, indent=2))


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    main()
