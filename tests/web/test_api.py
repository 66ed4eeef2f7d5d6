"""The HTTP API over real HTTP: `dateline serve` in a subprocess on loopback, real pages as input."""

from __future__ import annotations

import gzip
import json
import re

import httpx
import psutil
import pytest

from .servers import API_KEY, EXAMPLES, Server

THEHILL = (EXAMPLES / "thehill-meth-campaign.html").read_bytes()
THEHILL_TITLE = "South Dakota governor doubles down on 'meth, we're on it'"
THEHILL_BODY = "The tagline drew a mix of criticism and ridicule across Twitter on Monday"
SEED = (EXAMPLES / "phnompenhpost-kim-sok.txt").read_text(encoding="utf-8")
SEED_BODY = "Kim Sok, wanted by the Kingdom’s authorities for defaming the government"
NAV_ONLY = b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>"


EXTERNAL_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def error_of(response: httpx.Response) -> dict:
    assert response.headers["content-type"].startswith("application/json")
    return response.json()["error"]


# -- extraction ---------------------------------------------------------------------------------------------------

def test_health(server):
    health = server.get("/v1/health").json()
    assert health["status"] == "ok" and health["workers"] >= 1 and health["version"]


def test_extract_html_in_json(server):
    response = server.post(json={"html": THEHILL.decode("utf-8"), "url": "https://thehill.com/story"})
    assert response.status_code == 200
    article = response.json()
    assert article["title"].startswith(THEHILL_TITLE)
    assert THEHILL_BODY in article["text"]
    assert article["source_kind"] == "html" and "removed" not in article


def test_extract_raw_html_body(server):
    response = server.post(content=THEHILL, headers={"Content-Type": "text/html; charset=utf-8"})
    assert response.status_code == 200
    assert response.json()["title"].startswith(THEHILL_TITLE)
    assert THEHILL_BODY in response.json()["text"]


def test_metadata_off_gives_the_body_alone(server):
    posted = server.post(json={"html": THEHILL.decode("utf-8"), "metadata": False, "quotes": False}).json()
    raw = server.post(content=THEHILL, params={"metadata": "false"}, headers={"Content-Type": "text/html"}).json()
    for article in (posted, raw):
        assert article["title"] is None and article["authors"] == [] and article["published"] is None
        assert THEHILL_BODY in article["text"]


def test_extract_seed_text_in_json(server):
    article = server.post(json={"text": SEED}).json()
    assert article["source_kind"] == "text"
    assert SEED_BODY in article["text"]


def test_extract_seed_as_raw_text_body(server):
    response = server.post(content=SEED.encode("utf-8"), headers={"Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code == 200
    assert SEED_BODY in response.json()["text"]


def test_include_removed_and_markdown(server):
    article = server.post(json={"html": THEHILL.decode(), "include_removed": True}).json()
    assert isinstance(article["removed"], list)
    markdown = server.post(json={"html": THEHILL.decode(), "format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# " + THEHILL_TITLE)
    raw = server.post(params={"format": "markdown"}, content=THEHILL, headers={"Content-Type": "text/html"})
    assert raw.text == markdown.text


def test_strict_mode_refuses_a_page_that_is_not_an_article(server):
    lenient = server.post(json={"html": NAV_ONLY.decode()})
    assert lenient.status_code == 200 and lenient.json()["is_article"] is False
    strict = server.post(json={"html": NAV_ONLY.decode(), "strict": True})
    assert strict.status_code == 422
    assert error_of(strict)["code"] == "not-an-article"
    assert server.post(params={"strict": "true"}, content=NAV_ONLY, headers={"Content-Type": "text/html"}
                       ).status_code == 422


def test_openapi_schema_and_offline_docs(server):
    schema = server.get("/openapi.json").json()
    assert "/v1/extract" in schema["paths"] and "ExtractRequest" in schema["components"]["schemas"]
    docs = server.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text
    assert not EXTERNAL_REFERENCE.search(docs.text), "the docs page must load nothing from elsewhere"


def test_page_and_security_headers(server):
    page = server.get("/")
    assert page.status_code == 200 and 'id="source"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/app.css"):
        assert server.get(asset).status_code == 200


# -- bad input: 400 -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, code", [
    (b"{not json", "bad-json"),
    (b"[1, 2]", "bad-request"),
    (b'{"html": "<p>x</p>", "text": "x"}', "bad-request"),
    (b'{"colour": "blue"}', "bad-request"),
    (b'{"include_removed": true}', "bad-request"),
    (b'{"html": "   "}', "empty"),
    (b'{"url": "ftp://example.com/file"}', "bad-url"),
    (b'{"url": "javascript:alert(1)"}', "bad-url"),
])
def test_bad_json_requests_are_400(server, body, code):
    response = server.post(content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_of(response)["code"] == code and error_of(response)["message"]


def test_binary_body_is_400(server):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    response = server.post(content=png, headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 400 and error_of(response)["code"] == "binary"


def test_empty_raw_body_is_400(server):
    response = server.post(content=b"", headers={"Content-Type": "text/html"})
    assert response.status_code == 400 and error_of(response)["code"] == "empty"


def test_unknown_path_and_method_are_json(server):
    assert error_of(server.get("/v2/nothing"))["code"] == "not-found"
    response = server.get("/v1/extract")
    assert response.status_code == 405 and error_of(response)["code"] == "method-not-allowed"


# -- limits: 413, 503 ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tight_server():
    running = Server("--max-body-bytes", "100000", "--workers", "1")
    yield running
    running.stop()


def test_body_over_the_limit_is_413(tight_server):
    response = tight_server.post(content=b"<p>" + b"x" * 200_000 + b"</p>", headers={"Content-Type": "text/html"})
    assert response.status_code == 413 and error_of(response)["code"] == "too-large"


def test_chunked_body_over_the_limit_is_413(tight_server):
    def chunks():  # no Content-Length: the server must count as it reads
        for _ in range(40):
            yield b"<p>" + b"y" * 10_000 + b"</p>"
    response = tight_server.post(content=chunks(), headers={"Content-Type": "text/html"})
    assert response.status_code == 413


def test_gzip_bomb_under_the_body_limit_is_413(tight_server):
    """A small gzip body that inflates past the limit: InputTooLargeError from the decoder."""
    bomb = gzip.compress(b"<html><body>" + b"<p>" + b"z" * 5_000_000 + b"</p></body></html>")
    assert len(bomb) < 100_000
    response = tight_server.post(content=bomb, headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 413 and error_of(response)["code"] == "too-large"
    small = tight_server.post(content=SEED.encode(), headers={"Content-Type": "text/plain"})
    assert small.status_code == 200 and SEED_BODY in small.json()["text"]


@pytest.fixture(scope="module")
def slow_server():
    """One worker with a 0.1 s extraction limit: a 16 MB page cannot make it, the seed page (~5 ms) can."""
    running = Server("--extract-timeout", "0.1", "--workers", "1", "--max-body-bytes", "40000000",
                     "--max-pending", "1")
    yield running
    running.stop()


def huge_page() -> bytes:
    paragraphs = "".join(f"<p>Paragraph {n}. The campaign, which includes both digital and TV ads, cost the state "
                         f"roughly $449,000, according to the Sioux Falls Argus Leader.</p>\n" for n in range(130_000))
    return f'<html><head><meta charset="utf-8"><title>Huge</title></head><body><article>{paragraphs}' \
           f'</article></body></html>'.encode()


def test_slow_extraction_is_503_and_its_worker_is_replaced(slow_server):
    server_process = psutil.Process(slow_server.process.pid)
    workers_before = {child.pid for child in server_process.children(recursive=True)}
    response = slow_server.post(content=huge_page(), headers={"Content-Type": "text/html"})
    assert response.status_code == 503
    assert error_of(response)["code"] == "extraction-timeout"
    workers_after = {child.pid for child in server_process.children(recursive=True)}
    assert workers_before - workers_after, "the runaway worker was killed"
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
                   for pid in workers_before - workers_after)
    assert slow_server.get("/v1/health").json()["workers"] == 1
    small = slow_server.post(json={"text": SEED})  # a few milliseconds of work: well within the limit
    assert small.status_code == 200 and SEED_BODY in small.json()["text"]


def test_server_answers_while_an_extraction_runs(slow_server):
    """The event loop is never blocked by a page: health answers, and sees the extraction in progress."""
    import threading

    page = huge_page()
    thread = threading.Thread(target=lambda: slow_server.post(content=page, headers={"Content-Type": "text/html"}))
    thread.start()
    seen = []
    while thread.is_alive():
        seen.append(slow_server.get("/v1/health").json()["pending"])
    thread.join()
    assert 1 in seen, "health answered while the extraction was in progress"
    assert slow_server.get("/v1/health").json()["pending"] == 0


def test_requests_past_max_pending_are_503_busy(slow_server):
    """Two slow requests at once on a server that takes one: the other is turned away, not queued."""
    from concurrent.futures import ThreadPoolExecutor

    page = huge_page()
    with ThreadPoolExecutor(2) as threads:
        responses = list(threads.map(lambda _: slow_server.post(content=page, headers={"Content-Type": "text/html"}),
                                     range(2)))
    assert sorted(error_of(response)["code"] for response in responses) == ["busy", "extraction-timeout"]
    assert all(response.status_code == 503 for response in responses)


# -- API keys: 401 ------------------------------------------------------------------------------------------------

def test_api_key_is_checked_on_every_request(keyed_server):
    url = keyed_server.url
    for path in ("/v1/health", "/openapi.json"):
        missing = httpx.get(url + path)
        assert missing.status_code == 401 and error_of(missing)["code"] == "unauthorized"
        assert missing.headers["www-authenticate"] == "Bearer"
    wrong = httpx.post(url + "/v1/extract", json={"text": SEED}, headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
    near = httpx.post(url + "/v1/extract", json={"text": SEED}, headers={"X-API-Key": API_KEY[:-1]})
    assert near.status_code == 401


def test_right_api_key_is_accepted_either_way(keyed_server):
    url = keyed_server.url
    bearer = httpx.post(url + "/v1/extract", json={"text": SEED}, headers={"Authorization": f"Bearer {API_KEY}"})
    assert bearer.status_code == 200 and SEED_BODY in bearer.json()["text"]
    header = httpx.post(url + "/v1/extract", json={"text": SEED}, headers={"X-API-Key": API_KEY})
    assert header.status_code == 200
    for path in ("/", "/docs", "/static/app.js"):
        assert httpx.get(url + path).status_code == 200, "the page's own files hold no data and stay public"


def test_api_key_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    from .servers import REPO, free_port
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATELINE_API_KEY": "env-key-1,env-key-2"}
    process = subprocess.Popen([sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "1",
                                "--no-access-log"], env=env, stderr=subprocess.PIPE)
    try:
        running = Server.__new__(Server)
        running.process, running.port, running.url = process, port, f"http://127.0.0.1:{port}"
        running.headers = {"X-API-Key": "env-key-2"}
        running._wait_ready()
        assert httpx.get(running.url + "/v1/health").status_code == 401
        assert httpx.get(running.url + "/v1/health", headers={"X-API-Key": "env-key-1"}).status_code == 200
    finally:
        process.terminate()
        process.wait(10)


# -- fetching: 200, 403, 502, 504 ---------------------------------------------------------------------------------

def test_fetch_from_a_loopback_site_with_allow_private(private_server, fixture_site):
    response = private_server.post(json={"url": f"{fixture_site.url}/story.html"})
    assert response.status_code == 200
    article = response.json()
    assert article["title"].startswith(THEHILL_TITLE) and THEHILL_BODY in article["text"]


def test_fetch_follows_a_redirect(private_server, fixture_site):
    article = private_server.post(json={"url": f"{fixture_site.url}/old-story"}).json()
    assert article["title"].startswith(THEHILL_TITLE) and THEHILL_BODY in article["text"]


def test_upstream_fetches_are_limited(private_server, fixture_site):
    """--max-fetches 1: four requests at once reach the page's server one after another, never together."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as threads:
        responses = list(threads.map(lambda _: private_server.post(json={"url": f"{fixture_site.url}/pause"}),
                                     range(4)))
    assert [response.status_code for response in responses] == [200] * 4
    assert all(THEHILL_BODY in response.json()["text"] for response in responses)
    assert fixture_site.most_in_flight == 1


def test_unreachable_upstream_is_502(private_server):
    from .servers import free_port
    response = private_server.post(json={"url": f"http://127.0.0.1:{free_port()}/story"})
    assert response.status_code == 502
    assert error_of(response)["code"].startswith("fetch")


def test_upstream_404_is_502_with_its_status(private_server, fixture_site):
    response = private_server.post(json={"url": f"{fixture_site.url}/missing"})
    assert response.status_code == 502
    assert error_of(response)["code"] == "http-status" and error_of(response)["upstream_status"] == 404


def test_upstream_image_is_502_naming_the_content_type(private_server, fixture_site):
    response = private_server.post(json={"url": f"{fixture_site.url}/photo.png"})
    assert response.status_code == 502
    assert error_of(response)["code"] == "unsupported-content" and "image/png" in error_of(response)["message"]


def test_redirect_loop_is_502(private_server, fixture_site):
    response = private_server.post(json={"url": f"{fixture_site.url}/loop"})
    assert response.status_code == 502 and error_of(response)["code"] == "too-many-redirects"


def test_upstream_page_over_the_fetch_cap_is_413(private_server, fixture_site):
    response = private_server.post(json={"url": f"{fixture_site.url}/huge"})
    assert response.status_code == 413 and "too-large" in error_of(response)["code"]


def test_upstream_timeout_is_504(private_server, fixture_site):
    response = private_server.post(json={"url": f"{fixture_site.url}/slow"})
    assert response.status_code == 504 and error_of(response)["code"] == "fetch-timeout"


# The SSRF guard is on by default: each refused address form, through the API.
REFUSED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "0.0.0.0", "2130706433", "0177.0.0.1", "0x7f000001",
                 "[::ffff:127.0.0.1]", "10.0.0.1", "192.168.1.1", "169.254.169.254", "[fe80::1]", "100.64.0.1"]


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_ssrf_guard_refuses_private_addresses_with_403(server, fixture_site, host):
    port = fixture_site.server_address[1]
    response = server.post(json={"url": f"http://{host}:{port}/story.html"})
    assert response.status_code == 403
    assert error_of(response)["code"] == "blocked-address"


def test_error_bodies_are_json_objects_with_code_and_message(server):
    response = server.post(content=b"{", headers={"Content-Type": "application/json"})
    assert set(json.loads(response.text)) == {"error"} and set(error_of(response)) >= {"code", "message"}
