"""Real servers on loopback for the web tests: `dateline serve` in a subprocess, and a site that serves pages to fetch."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
API_KEY = "test-key-7d1f0c2a"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`python -m dateline serve` on a free loopback port, ready when /v1/health answers."""

    def __init__(self, *args: str, api_key: str | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("DATELINE_API_KEY", None)
        command = [sys.executable, "-m", "dateline", "serve", "--port", str(self.port), "--no-access-log",
                   "--log-level", "warning", *args]
        self.process = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dateline serve exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/v1/health", headers=self.headers, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("dateline serve did not become ready")

    def post(self, path: str = "/v1/extract", **kwargs) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return httpx.post(self.url + path, headers=headers, timeout=kwargs.pop("timeout", 30), **kwargs)

    def get(self, path: str, **kwargs) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return httpx.get(self.url + path, headers=headers, timeout=30, **kwargs)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


class FixtureSite(http.server.ThreadingHTTPServer):
    """Pages for the server to fetch: a story, a redirect to it, and the ways an upstream fails."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FixtureHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self.lock = threading.Lock()
        self.in_flight = 0  # requests to /pause being answered now,
        self.most_in_flight = 0  # and the most at any moment: how many fetches the server made at once


class _FixtureHandler(http.server.BaseHTTPRequestHandler):
    STORY = (EXAMPLES / "thehill-meth-campaign.html").read_bytes()

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        routes = {
            "/story.html": lambda: self._send(200, self.STORY, "text/html; charset=utf-8"),
            "/old-story": lambda: self._send(301, b"", "text/html", Location="/story.html"),
            "/loop": lambda: self._send(302, b"", "text/html", Location="/loop"),
            "/huge": self._huge,
            "/missing": lambda: self._send(404, b"<html><body><p>Not found</p></body></html>", "text/html"),
            "/photo.png": lambda: self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(2000), "image/png"),
            "/slow": self._slow,
            "/pause": self._pause,
        }
        routes.get(self.path, lambda: self._send(404, b"no such fixture", "text/plain"))()

    def _huge(self) -> None:
        """Declares 50 MB, more than a fetch may take: a guarded fetcher stops at the header."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(50 * 1024 * 1024))
        self.end_headers()
        self.wfile.write(b"<html><body><p>" + b"x" * 1000)
        self.close_connection = True

    def _pause(self) -> None:
        site = self.server
        with site.lock:
            site.in_flight += 1
            site.most_in_flight = max(site.most_in_flight, site.in_flight)
        try:
            time.sleep(0.3)  # long enough that fetches the server let through together would overlap here
            self._send(200, self.STORY, "text/html; charset=utf-8")
        finally:
            with site.lock:
                site.in_flight -= 1

    def _slow(self) -> None:
        time.sleep(5)
        self._send(200, self.STORY, "text/html")

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetcher gave up first, as the slow route intends

    def log_message(self, format: str, *args: object) -> None:
        pass
