"""dateline.fetch against a real HTTP server on 127.0.0.1 (tests/fetchserver.py): every way a server misbehaves."""

from __future__ import annotations

import concurrent.futures
import email.utils
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import httpx
import pytest

import dateline
from dateline import Options
from dateline.errors import (FetchError, FetchTimeoutError, HTTPStatusError, InputTooLargeError,
                             ResponseTooLargeError, TooManyRedirectsError, UnsupportedContentError)
from dateline.inputs import url as url_module
from fetchserver import ARTICLE, ARTICLE_SENTENCE, ARTICLE_TITLE, FetchServer, loopback_only  # noqa: F401

pytestmark = pytest.mark.timeout(60)

REPO = Path(__file__).resolve().parent.parent

FAST = Options(timeout=8.0, connect_timeout=2.0, retries=2)


@pytest.fixture(scope="module")
def server():
    with FetchServer() as running:
        yield running


def hits(server: FetchServer, path: str) -> int:
    return server.paths().count(path)


# The ordinary case ------------------------------------------------------------------------------------------------

def test_fetch_returns_the_page_and_sends_a_real_user_agent(server):
    page = dateline.fetch(server.url("/article"), options=FAST)
    assert page.url == server.url("/article")
    assert page.status == 200 and page.content == ARTICLE
    assert page.content_type == "text/html; charset=utf-8"
    assert page.headers["content-type"] == "text/html; charset=utf-8" and page.redirects == ()
    sent = [headers for path, headers in server.requests if path == "/article"][-1]
    assert sent["user-agent"] == FAST.user_agent and "dateline" in sent["user-agent"]
    assert {"gzip", "deflate", "br"} <= {c.strip() for c in sent["accept-encoding"].split(",")}


def test_extract_fetches_a_url_and_extracts_the_article(server):
    article = dateline.extract(server.url("/article"), options=FAST)
    assert ARTICLE_SENTENCE in article.text
    assert ARTICLE_TITLE in (article.title or "")
    assert article.url == server.url("/article")


# Redirects and cookies ---------------------------------------------------------------------------------------------

def test_redirect_chain_is_followed_and_recorded(server):
    page = dateline.fetch(server.url("/chain/3"), options=FAST)
    assert page.url == server.url("/article") and page.content == ARTICLE
    assert page.redirects == (server.url("/chain/3"), server.url("/chain/2"), server.url("/chain/1"))


def test_redirects_up_to_the_limit_pass_and_one_more_fails(server):
    limited = Options(timeout=8.0, max_redirects=3)
    assert dateline.fetch(server.url("/chain/3"), options=limited).url == server.url("/article")
    with pytest.raises(TooManyRedirectsError) as caught:
        dateline.fetch(server.url("/chain/4"), options=limited)
    assert caught.value.url == server.url("/chain/4")
    assert "more than 3 redirects" in str(caught.value)


def test_redirect_loop_stops_after_the_budget(server):
    before = hits(server, "/loop/a") + hits(server, "/loop/b")
    with pytest.raises(TooManyRedirectsError, match="redirect loop"):
        dateline.fetch(server.url("/loop/a"), options=Options(timeout=8.0, max_redirects=5))
    assert hits(server, "/loop/a") + hits(server, "/loop/b") - before == 6  # the first request and 5 hops


def test_relative_and_absolute_locations(server):
    relative = dateline.fetch(server.url("/redirect?to=article&status=303"), options=FAST)
    absolute = dateline.fetch(server.url(f"/redirect?to={server.url('/article')}&status=308"), options=FAST)
    assert relative.url == absolute.url == server.url("/article")


def test_cookies_are_kept_across_the_redirect_chain(server):
    page = dateline.fetch(server.url("/login"), options=FAST)
    assert page.url == server.url("/members") and page.content == ARTICLE
    sent = [headers for path, headers in server.requests if path == "/members"][-1]
    assert "session=opened-by-login" in sent["cookie"]


def test_cookies_do_not_leak_between_fetches(server):
    dateline.fetch(server.url("/login"), options=FAST)
    with pytest.raises(HTTPStatusError) as caught:
        dateline.fetch(server.url("/members"), options=FAST)
    assert caught.value.status == 403


# Time --------------------------------------------------------------------------------------------------------------

def test_slow_response_hits_the_total_deadline(server):
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError) as caught:
        dateline.fetch(server.url("/slow?seconds=15"), options=Options(timeout=1.0))
    assert caught.value.url == server.url("/slow?seconds=15")
    assert time.monotonic() - started < 6  # the server would have taken 15 s


def test_trickling_body_cannot_hold_the_fetch(server):
    # One byte every 0.2 s: no single read ever waits long, so only a total deadline stops it.
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError):
        dateline.fetch(server.url("/trickle"), options=Options(timeout=1.5))
    assert time.monotonic() - started < 6  # the body would take over an hour


def test_the_deadline_spans_the_redirect_chain(server):
    # Each hop is quick, but the chain ends at a page slower than what is left.
    with pytest.raises(FetchTimeoutError):
        dateline.fetch(server.url("/redirect?to=/slow%3Fseconds%3D3"), options=Options(timeout=1.0))


# Size --------------------------------------------------------------------------------------------------------------

SMALL = Options(timeout=8.0, max_response_bytes=1_000_000)


def test_declared_huge_body_is_refused_before_reading(server):
    with pytest.raises(ResponseTooLargeError, match="declares 5,368,709,120 bytes") as caught:
        dateline.fetch(server.url("/big"), options=SMALL)
    assert isinstance(caught.value, InputTooLargeError) and isinstance(caught.value, FetchError)
    assert caught.value.url == server.url("/big")


def test_endless_body_is_cut_at_the_cap(server):
    with pytest.raises(ResponseTooLargeError, match="goes on past it"):
        dateline.fetch(server.url("/endless"), options=SMALL)


def test_endless_headers_are_refused(server):
    with pytest.raises(FetchError) as caught:
        dateline.fetch(server.url("/endless-headers"), options=SMALL)
    assert not isinstance(caught.value, FetchTimeoutError)  # h11 stops at its header size limit, long before


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_compression_bomb_is_cut_at_the_cap(server, coding):
    # 64 MB of spaces in 64 kB (gzip) or ~100 bytes (brotli): the cap applies to the decoded size.
    with pytest.raises(ResponseTooLargeError, match="inflates past it"):
        dateline.fetch(server.url(f"/bomb/{coding}"), options=SMALL)


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_compression_bomb_never_inflates_in_memory(server, coding):
    # The 64 MB must never exist in memory: decoding is bounded per chunk, not checked after the fact.
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLargeError):
            dateline.fetch(server.url(f"/bomb/{coding}"), options=SMALL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 12 * SMALL.max_response_bytes


def test_a_page_just_under_the_cap_is_read(server):
    page = dateline.fetch(server.url("/enc/gzip/article"), options=Options(max_response_bytes=len(ARTICLE)))
    assert page.content == ARTICLE
    with pytest.raises(ResponseTooLargeError):
        dateline.fetch(server.url("/enc/gzip/article"), options=Options(max_response_bytes=len(ARTICLE) - 1))


# Encodings ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("coding", ["gzip", "br", "deflate", "rawdeflate"])
def test_compressed_bodies_are_decoded(server, coding):
    page = dateline.fetch(server.url(f"/enc/{coding}/article"), options=FAST)
    assert page.content == ARTICLE


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate"])
def test_corrupt_compressed_body_is_a_fetch_error(server, coding):
    with pytest.raises(FetchError, match="corrupt") as caught:
        dateline.fetch(server.url(f"/corrupt/{coding}"), options=FAST)
    assert caught.value.url == server.url(f"/corrupt/{coding}")


def test_cp1252_page_under_a_utf8_header_is_read_right(server):
    page = dateline.fetch(server.url("/article-cp1252"), options=FAST)
    assert "charset=utf-8" in page.content_type and b"rocket\x92s core stage" in page.content
    article = dateline.extract(server.url("/article-cp1252"), options=FAST)
    assert ARTICLE_SENTENCE in article.text  # the ’ survived: the lying header lost to the bytes
    assert "\ufffd" not in article.text


# Status codes and retries ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [404, 410, 403])
def test_client_errors_are_not_retried(server, status):
    before = hits(server, f"/status/{status}")
    with pytest.raises(HTTPStatusError) as caught:
        dateline.fetch(server.url(f"/status/{status}"), options=FAST)
    assert caught.value.status == status and caught.value.url == server.url(f"/status/{status}")
    assert str(status) in str(caught.value)
    assert hits(server, f"/status/{status}") - before == 1


def test_server_error_is_retried_then_reported(server):
    before = hits(server, "/status/500")
    with pytest.raises(HTTPStatusError) as caught:
        dateline.fetch(server.url("/status/500"), options=Options(timeout=8.0, retries=1))
    assert caught.value.status == 500
    assert hits(server, "/status/500") - before == 2  # one try and one retry


def test_429_with_retry_after_is_retried_then_succeeds(server):
    before = hits(server, "/flaky/429")
    started = time.monotonic()
    page = dateline.fetch(server.url("/flaky/429?key=ra&fail=1&retry_after=1"), options=FAST)
    assert page.content == ARTICLE and page.status == 200
    assert hits(server, "/flaky/429") - before == 2
    assert time.monotonic() - started >= 0.9  # Retry-After: 1 was honoured


def test_503_is_retried_with_backoff_then_succeeds(server):
    before = hits(server, "/flaky/503")
    page = dateline.fetch(server.url("/flaky/503?key=backoff&fail=2"), options=FAST)
    assert page.content == ARTICLE and hits(server, "/flaky/503") - before == 3


def test_retry_after_past_the_deadline_reports_the_status_at_once(server):
    started = time.monotonic()
    with pytest.raises(HTTPStatusError) as caught:
        dateline.fetch(server.url("/flaky/429?key=far&fail=9&retry_after=3600"), options=Options(timeout=3.0))
    assert caught.value.status == 429
    assert time.monotonic() - started < 5  # did not start a 10 s wait (the capped 3600) it could not finish


def test_retry_after_forms():
    request = httpx.Request("GET", "http://127.0.0.1/")
    in_two_seconds = email.utils.formatdate(time.time() + 2, usegmt=True)
    wait = url_module._retry_wait(httpx.Response(429, headers={"Retry-After": in_two_seconds}, request=request), 0)
    assert 0.5 < wait <= 2.0
    assert url_module._retry_wait(httpx.Response(503, headers={"Retry-After": "4"}, request=request), 0) == 4.0
    assert url_module._retry_wait(httpx.Response(503, headers={"Retry-After": "99999"}, request=request), 0) \
        == url_module.MAX_RETRY_WAIT_SECONDS
    assert url_module._retry_wait(httpx.Response(503, headers={"Retry-After": "soon"}, request=request), 2) \
        == url_module.BACKOFF_SECONDS * 4


# Pages that only forward the reader --------------------------------------------------------------------------------

def test_meta_refresh_stub_is_followed_to_the_article(server):
    page = dateline.fetch(server.url("/case/refresh-stub.html"), options=FAST)
    assert page.url == server.url("/article") and page.content == ARTICLE
    assert page.redirects == (server.url("/case/refresh-stub.html"),)


def test_refresh_header_is_followed(server):
    page = dateline.fetch(server.url("/refresh-header?to=/chain/1"), options=FAST)
    assert page.url == server.url("/article") and len(page.redirects) == 2


def test_script_redirect_stub_is_followed(server):
    page = dateline.fetch(server.url("/case/script-stub.html"), options=FAST)
    assert page.url == server.url("/article")


def test_amp_copy_is_followed_to_its_canonical_article(server):
    page = dateline.fetch(server.url("/case/amp.html"), options=FAST)
    assert page.url == server.url("/article") and page.content == ARTICLE


def test_amp_copy_is_kept_when_the_canonical_page_fails(server):
    page = dateline.fetch(server.url("/amp-orphan"), options=FAST)
    assert page.url == server.url("/amp-orphan") and b"AMP COPY" in page.content


def test_a_slow_self_reload_on_a_full_article_is_not_followed(server):
    page = dateline.fetch(server.url("/article-autoreload"), options=FAST)
    assert page.url == server.url("/article-autoreload") and page.redirects == ()


def test_refreshes_share_the_redirect_budget(server):
    # A stub refreshing into a 3-redirect chain needs 4 hops.
    target = "/chain/3"
    assert dateline.fetch(server.url(f"/refresh?to={target}"), options=Options(max_redirects=4)).url \
        == server.url("/article")
    with pytest.raises(TooManyRedirectsError):
        dateline.fetch(server.url(f"/refresh?to={target}"), options=Options(max_redirects=3))


# Content types -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, media_type", [("/pdf", "application/pdf"), ("/png", "image/png"),
                                              ("/json", "application/json")])
def test_non_html_is_refused_naming_the_content_type(server, path, media_type):
    with pytest.raises(UnsupportedContentError) as caught:
        dateline.fetch(server.url(path), options=FAST)
    assert caught.value.content_type == media_type and media_type in str(caught.value)
    assert caught.value.url == server.url(path)


def test_plain_text_is_accepted_as_flattened_text(server):
    url = server.url("/case/phnompenhpost-kim-sok.txt?type=text/plain;%20charset=utf-8")
    page = dateline.fetch(url, options=FAST)
    assert page.content_type.startswith("text/plain")
    article = dateline.extract(url, options=FAST)
    assert article.source_kind == "text" and "Kim Sok" in article.text


def test_octet_stream_is_sniffed(server):
    # Markup under the catch-all type is read (and here, being an AMP copy, followed to its article).
    url = server.url("/case/amp.html?type=application/octet-stream")
    html = dateline.fetch(url, options=FAST)
    assert html.redirects == (url,) and html.content == ARTICLE
    with pytest.raises(UnsupportedContentError, match="application/octet-stream"):
        dateline.fetch(server.url("/case/spacereview-sls.html.gz?type=application/octet-stream"), options=FAST)


# Threads -----------------------------------------------------------------------------------------------------------

def test_concurrent_fetches_keep_their_own_chains_and_cookies(server):
    # Half the threads log in (a cookie set mid-chain), half go straight to /members: only the first half may pass.
    def one(index: int) -> int:
        try:
            return dateline.fetch(server.url("/login" if index % 2 else "/members"), options=FAST).status
        except HTTPStatusError as error:
            return error.status

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(one, range(16)))
    assert statuses == [403, 200] * 8


# Network failures --------------------------------------------------------------------------------------------------

def test_connection_refused_is_a_fetch_error():
    with FetchServer() as gone:
        url = gone.url("/article")
    with pytest.raises(FetchError) as caught:
        dateline.fetch(url, options=FAST)
    assert caught.value.url == url


# The command line --------------------------------------------------------------------------------------------------

def test_cli_extracts_a_url(server):
    result = subprocess.run([sys.executable, "-m", "dateline", "extract", server.url("/chain/2"), "--format", "text"],
                            capture_output=True, text=True, timeout=60, cwd=REPO, env=_env())
    assert result.returncode == 0, result.stderr
    assert ARTICLE_SENTENCE in result.stdout


def test_cli_reports_a_fetch_error(server):
    url = server.url("/status/404")
    result = subprocess.run([sys.executable, "-m", "dateline", "extract", url], capture_output=True, text=True,
                            timeout=60, cwd=REPO, env=_env())
    assert result.returncode == 1 and "404" in result.stderr and url in result.stderr


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}
