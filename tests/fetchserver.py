"""A real HTTP server on 127.0.0.1 for the fetch tests: fixture pages and every way a server misbehaves.

It runs in a thread for the duration of a test module (`with FetchServer() as server:`). Every request is logged
(path and headers) so tests can check what dateline sent. Endless bodies stop when the client hangs up, when the
server stops, or after MAX_STREAM_SECONDS, whichever comes first, so a failing test cannot hang the suite.

Routes (all GET):
    /article                   the Space Review story (a real page, UTF-8, no charset declared in the markup)
    /article-cp1252            the same story in cp1252, but the header says charset=utf-8 (a lying header)
    /enc/<coding>/article      the story compressed: gzip, br, deflate (zlib-wrapped), rawdeflate (sent as deflate)
    /bomb/<coding>             64 MB of spaces compressed to 64 kB (gzip) or ~100 bytes (br), served as text/html
    /corrupt/<coding>          the story compressed, with 64 bytes in the middle overwritten
    /redirect?to=X&status=N    a redirect (302 by default) to X, relative or absolute
    /chain/<n>                 n redirects, then /article
    /loop/a, /loop/b           redirect to each other forever
    /slow?seconds=S            waits S seconds before answering
    /trickle                   sends headers, then one byte every 0.2 s
    /big                       declares 5 GB and streams zeros
    /endless                   no Content-Length, streams HTML until the client hangs up
    /endless-headers           a header section that never ends
    /status/<code>             answers that status
    /flaky/<code>?key=K&fail=N&retry_after=V   answers <code> N times for key K (with Retry-After V), then /article
    /case/<name>?type=T        a file from tests/cases/fetch (or examples/) with content type T
    /pdf, /png, /json          non-HTML types
    /refresh?to=X              a redirect stub page: <meta http-equiv="refresh" content="0; url=X">
    /refresh-header?to=X       the same, as an HTTP Refresh header
    /amp-orphan                an AMP copy of the story whose canonical page answers 404
    /article-autoreload        the story with a slow self-reload refresh (content="600; url=...") it must not follow
    /login, /members           /login sets a cookie and redirects to /members, which needs it
    /echo                      an HTML page listing the request headers
"""

from __future__ import annotations

import gzip
import http.server
import ipaddress
import json
import socket
import ssl
import threading
import time
import urllib.parse
import zlib
from pathlib import Path

import brotli
import pytest

CASES = Path(__file__).resolve().parent / "cases" / "fetch"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MAX_STREAM_SECONDS = 20.0
TEST_CA = CASES / "test-ca.pem"
ARTICLE = gzip.decompress((CASES / "spacereview-sls.html.gz").read_bytes())
# Distinctive sentences of the story: tests look for them in what dateline fetched and extracted.
ARTICLE_SENTENCE = "workers completed installation of the four RS-25 engines into the rocket’s core stage"
ARTICLE_TITLE = "Seeking a bigger role for a big rocket"
BOMB_SIZE = 64 * 1024 * 1024


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every outgoing connection in a test that uses this: recorded, and refused unless it goes to loopback.

    The SSRF tests must show that a refused address is never contacted; this is also the net that keeps a broken
    guard from sending a single packet off the machine.
    """
    attempts: list[str] = []
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else str(address)
        attempts.append(host)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not ipaddress.ip_address(host).is_loopback:
            raise OSError(f"the tests refuse a connection to {host}: only loopback is allowed")
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def _compress(data: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(data)
    if coding == "br":
        return brotli.compress(data)
    if coding == "deflate":
        return zlib.compress(data)
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)  # "rawdeflate": what some servers send as deflate
    return compressor.compress(data) + compressor.flush()


class FetchServer:
    """`with FetchServer() as server: server.url("/article")`; `server.requests` lists (path, headers).

    `FetchServer(tls=True)` serves HTTPS with a certificate for news.example and tls.example, signed by the test CA
    in tests/cases/fetch/test-ca.pem (made once with openssl, valid for a century); `server.sni` lists the names
    clients asked for.
    """

    def __init__(self, *, tls: bool = False) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.sni: list[str | None] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._bombs = {"gzip": gzip.compress(b" " * BOMB_SIZE), "br": brotli.compress(b" " * BOMB_SIZE, quality=5)}
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.fixture = self  # type: ignore[attr-defined]
        self.scheme = "https" if tls else "http"
        if tls:
            self._httpd.socket = self._tls_context().wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(CASES / "tls-server.pem", CASES / "tls-server.key")
        context.sni_callback = lambda sock, name, ctx: self.sni.append(name)
        return context

    def count(self, key: str) -> int:
        """How many times `key` was asked for before (0 the first time), counted across threads."""
        with self._lock:
            seen = self._counts.get(key, 0)
            self._counts[key] = seen + 1
            return seen

    def paths(self) -> list[str]:
        with self._lock:
            return [path for path, _ in self.requests]

    def log(self, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append((path, headers))

    def __enter__(self) -> FetchServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fetchserver/1"

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    @property
    def fixture(self) -> FetchServer:
        return self.server.fixture  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        self.fixture.log(parsed.path, {k.lower(): v for k, v in self.headers.items()})
        query = {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query).items()}
        parts = parsed.path.strip("/").split("/")
        route = getattr(self, f"route_{parts[0].replace('-', '_')}", None)
        if route is None:
            return self.send("text/html", b"<html><body><h1>Not found</h1></body></html>", status=404)
        try:
            route(parts[1:], query)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up, as clients that refuse endless bodies do

    # Helpers ------------------------------------------------------------------------------------------------

    def send(self, content_type: str | None, body: bytes, *, status: int = 200,
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302, headers: dict[str, str] | None = None) -> None:
        self.send("text/html", b"<html><body>moved</body></html>", status=status,
                  headers={"Location": location, **(headers or {})})

    def stream(self, content_type: str, chunk: bytes, pause: float, headers: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        started = time.monotonic()
        while not self.fixture.stopping.is_set() and time.monotonic() - started < MAX_STREAM_SECONDS:
            self.wfile.write(chunk)
            self.wfile.flush()
            if pause:
                time.sleep(pause)
        self.close_connection = True

    # Routes -------------------------------------------------------------------------------------------------

    def route_article(self, rest: list[str], query: dict[str, str]) -> None:
        self.send("text/html; charset=utf-8", ARTICLE)

    def route_article_cp1252(self, rest: list[str], query: dict[str, str]) -> None:
        self.send("text/html; charset=utf-8", ARTICLE.decode("utf-8").encode("cp1252"))

    def route_enc(self, rest: list[str], query: dict[str, str]) -> None:
        coding = rest[0]
        sent_as = "deflate" if coding == "rawdeflate" else coding
        self.send("text/html; charset=utf-8", _compress(ARTICLE, coding), headers={"Content-Encoding": sent_as})

    def route_bomb(self, rest: list[str], query: dict[str, str]) -> None:
        self.send("text/html", self.fixture._bombs[rest[0]], headers={"Content-Encoding": rest[0]})

    def route_corrupt(self, rest: list[str], query: dict[str, str]) -> None:
        broken = bytearray(_compress(ARTICLE, rest[0]))
        broken[len(broken) // 2: len(broken) // 2 + 64] = b"\xff" * 64
        self.send("text/html", bytes(broken), headers={"Content-Encoding": rest[0]})

    def route_redirect(self, rest: list[str], query: dict[str, str]) -> None:
        self.redirect(query["to"], int(query.get("status", "302")))

    def route_chain(self, rest: list[str], query: dict[str, str]) -> None:
        left = int(rest[0])
        self.redirect(f"/chain/{left - 1}" if left > 1 else "/article", 301 if left % 2 else 307)

    def route_loop(self, rest: list[str], query: dict[str, str]) -> None:
        self.redirect("/loop/b" if rest[0] == "a" else "/loop/a")

    def route_slow(self, rest: list[str], query: dict[str, str]) -> None:
        self.fixture.stopping.wait(float(query.get("seconds", "5")))
        self.send("text/html; charset=utf-8", ARTICLE)

    def route_trickle(self, rest: list[str], query: dict[str, str]) -> None:
        self.stream("text/html", b"<", 0.2, {"Content-Length": str(len(ARTICLE))})

    def route_big(self, rest: list[str], query: dict[str, str]) -> None:
        self.stream("text/html", b"\0" * 65536, 0, {"Content-Length": str(5 * 1024 ** 3)})

    def route_endless(self, rest: list[str], query: dict[str, str]) -> None:
        self.stream("text/html", b"<p>and on and on</p>\n" * 3000, 0, {"Connection": "close"})

    def route_endless_headers(self, rest: list[str], query: dict[str, str]) -> None:
        self.send_response(200)
        started = time.monotonic()
        while not self.fixture.stopping.is_set() and time.monotonic() - started < MAX_STREAM_SECONDS:
            self.wfile.write(b"X-Filler: " + b"a" * 1000 + b"\r\n")
        self.close_connection = True

    def route_status(self, rest: list[str], query: dict[str, str]) -> None:
        status = int(rest[0])
        self.send("text/html", f"<html><body><h1>Error {status}</h1></body></html>".encode(), status=status)

    def route_flaky(self, rest: list[str], query: dict[str, str]) -> None:
        if self.fixture.count(query["key"]) < int(query.get("fail", "1")):
            headers = {"Retry-After": query["retry_after"]} if "retry_after" in query else {}
            return self.send("text/html", b"<html><body>busy</body></html>", status=int(rest[0]), headers=headers)
        self.send("text/html; charset=utf-8", ARTICLE)

    def route_case(self, rest: list[str], query: dict[str, str]) -> None:
        path = CASES / rest[0] if (CASES / rest[0]).exists() else EXAMPLES / rest[0]
        self.send(query.get("type", "text/html; charset=utf-8"), path.read_bytes())

    def route_refresh(self, rest: list[str], query: dict[str, str]) -> None:
        stub = (CASES / "refresh-stub.html").read_text(encoding="utf-8").replace("/article", query["to"])
        self.send("text/html; charset=utf-8", stub.encode())

    def route_refresh_header(self, rest: list[str], query: dict[str, str]) -> None:
        self.send("text/html", b"<html><body>One moment</body></html>", headers={"Refresh": f"0; url={query['to']}"})

    def route_amp_orphan(self, rest: list[str], query: dict[str, str]) -> None:
        amp = (CASES / "amp.html").read_text(encoding="utf-8").replace("/article", "/status/404")
        self.send("text/html; charset=utf-8", amp.encode())

    def route_article_autoreload(self, rest: list[str], query: dict[str, str]) -> None:
        refresh = b'<head>\n<meta http-equiv="refresh" content="600; url=/chain/1">'
        self.send("text/html; charset=utf-8", ARTICLE.replace(b"<head>", refresh, 1))

    def route_pdf(self, rest: list[str], query: dict[str, str]) -> None:
        self.send("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

    def route_png(self, rest: list[str], query: dict[str, str]) -> None:
        self.send("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)

    def route_json(self, rest: list[str], query: dict[str, str]) -> None:
        self.send("application/json", json.dumps({"title": ARTICLE_TITLE}).encode())

    def route_login(self, rest: list[str], query: dict[str, str]) -> None:
        self.redirect("/members", headers={"Set-Cookie": "session=opened-by-login; Path=/; HttpOnly"})

    def route_members(self, rest: list[str], query: dict[str, str]) -> None:
        if "session=opened-by-login" not in self.headers.get("Cookie", ""):
            return self.send("text/html", b"<html><body>log in first</body></html>", status=403)
        self.send("text/html; charset=utf-8", ARTICLE)

    def route_echo(self, rest: list[str], query: dict[str, str]) -> None:
        rows = "".join(f"<li>{name.lower()}: {value}</li>" for name, value in self.headers.items())
        self.send("text/html; charset=utf-8", f"<html><body><ul>{rows}</ul></body></html>".encode())
