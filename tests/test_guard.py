"""The SSRF guard (dateline/inputs/guard.py), alone and end to end through dateline.fetch with allow_private=False.

Every test here runs under `loopback_only` (tests/fetchserver.py): each connection attempt is recorded and any that
is not to loopback is refused by the test itself, so a broken guard cannot send traffic off the machine, and the
tests can assert that a refused address was never contacted.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import urllib.parse

import pytest

import dateline
from dateline import Options
from dateline.errors import BlockedAddressError, FetchError
from dateline.inputs import guard
from dateline.inputs import url as url_module
from fetchserver import ARTICLE, TEST_CA, FetchServer, loopback_only  # noqa: F401

pytestmark = pytest.mark.timeout(60)

GUARDED = Options(timeout=5.0, allow_private=False)
# The tests' own server is on 127.0.0.1; these options let exactly that address through, nothing else.
SERVER_ALLOWED = Options(timeout=5.0, allow_private=False, allowed_networks=("127.0.0.1/32",))


@pytest.fixture(scope="module")
def server():
    with FetchServer() as running:
        yield running


@pytest.fixture
def fake_dns(monkeypatch):
    """Answers for made-up names; numeric hosts go to the real resolver (no traffic), any other name fails.

    So no test sends a DNS query off the machine. Every lookup is recorded."""
    answers: dict[str, list[list[str]]] = {}
    lookups: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        if _is_ip(host):
            return real(host, port, *args, **kwargs)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        queue = answers[host]
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]  # the last answer repeats
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, lookups


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# Each refused address form: (host as written in the URL, the address the message must name)
REFUSED = [
    ("127.0.0.1", "127.0.0.1"),
    ("127.0.0.1.", "127.0.0.1"),  # trailing dot
    ("127.1", "127.0.0.1"),  # inet_aton short form
    ("2130706433", "127.0.0.1"),  # decimal
    ("0x7f000001", "127.0.0.1"),  # hex
    ("0x7f.1", "127.0.0.1"),  # hex, short form
    ("0177.0.0.1", "127.0.0.1"),  # octal
    ("017700000001", "127.0.0.1"),  # octal, whole
    ("127.255.255.254", "127.255.255.254"),  # all of 127/8
    ("localhost", "localhost"),
    ("[::1]", "::1"),
    ("[::ffff:127.0.0.1]", "127.0.0.1"),  # IPv4-mapped IPv6
    ("[::ffff:7f00:1]", "127.0.0.1"),  # the same, in hex
    ("[::127.0.0.1]", "127.0.0.1"),  # IPv4-compatible IPv6
    ("[64:ff9b::7f00:1]", "127.0.0.1"),  # NAT64 well-known prefix
    ("[64:ff9b:1::a00:1]", "10.0.0.1"),  # NAT64 local-use prefix
    ("[2002:7f00:1::]", "127.0.0.1"),  # 6to4
    ("0.0.0.0", "0.0.0.0"),
    ("0", "0.0.0.0"),
    ("[::]", "::"),
    ("10.0.0.1", "10.0.0.1"),
    ("172.16.5.4", "172.16.5.4"),
    ("192.168.0.1", "192.168.0.1"),
    ("100.64.0.1", "100.64.0.1"),  # shared address space
    ("169.254.169.254", "169.254.169.254"),  # cloud metadata
    ("169.254.1.1", "169.254.1.1"),  # link-local
    ("[fd00:ec2::254]", "fd00:ec2::254"),  # AWS metadata over IPv6
    ("metadata.google.internal", "metadata.google.internal"),
    ("[fe80::1]", "fe80::1"),
    ("[fc00::1]", "fc00::1"),  # unique local
    ("224.0.0.1", "224.0.0.1"),  # multicast
    ("[ff02::1]", "ff02::1"),
    ("240.0.0.1", "240.0.0.1"),  # reserved
    ("255.255.255.255", "255.255.255.255"),  # broadcast
    ("198.18.0.1", "198.18.0.1"),  # benchmarking
]


@pytest.mark.parametrize("host, named", REFUSED, ids=[host for host, _ in REFUSED])
def test_check_refuses(fake_dns, host, named):
    with pytest.raises(BlockedAddressError) as caught:
        guard.check(f"http://{host}/", allow_private=False)
    assert named in str(caught.value) and caught.value.url == f"http://{host}/"


@pytest.mark.parametrize("host, named", REFUSED, ids=[host for host, _ in REFUSED])
def test_fetch_refuses_before_connecting(server, fake_dns, loopback_only, host, named):
    # The loopback forms point at the live test server: if the guard let them through, the fetch would succeed.
    url = f"http://{host}:{server.port}/article"
    before = len(server.requests)
    with pytest.raises(BlockedAddressError, match=re.escape(named)):
        dateline.fetch(url, options=GUARDED)
    assert loopback_only == [] and len(server.requests) == before


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:70/", "data:,hi",
                                 "javascript:alert(1)"])
def test_only_http_and_https(url, loopback_only):
    with pytest.raises(BlockedAddressError, match="only http and https"):
        dateline.fetch(url, options=GUARDED)
    assert loopback_only == []


@pytest.mark.parametrize("host", ["8.8.8.8", "[2606:4700:4700::1111]", "[64:ff9b::808:808]", "[::ffff:8.8.8.8]",
                                  "93.184.215.14"])
def test_check_lets_public_addresses_through(host):
    hop = guard.check(f"https://{host}/news", allow_private=False)  # a check only: nothing is connected
    assert hop.port == 443 and hop.addresses == (str(ipaddress.ip_address(host.strip("[]"))),)


def test_allow_private_turns_the_refusals_off():
    assert guard.check("http://10.0.0.1:8080/", allow_private=True).addresses == ("10.0.0.1",)
    assert guard.check("http://0x7f.1/", allow_private=True).addresses == ("127.0.0.1",)


def test_allowed_networks_let_exactly_those_through():
    allowed = guard.networks(["10.1.2.0/24"])
    assert guard.check("http://10.1.2.3/", allow_private=False, allowed=allowed).addresses == ("10.1.2.3",)
    with pytest.raises(BlockedAddressError):
        guard.check("http://10.1.3.1/", allow_private=False, allowed=allowed)


# Names that resolve to refused addresses ---------------------------------------------------------------------------

def test_a_name_resolving_to_a_private_address_is_refused(fake_dns, loopback_only):
    answers, _ = fake_dns
    answers["intranet.example"] = [["10.20.30.40"]]
    with pytest.raises(BlockedAddressError, match=r"intranet\.example is 10\.20\.30\.40, a private address"):
        dateline.fetch("http://intranet.example/", options=GUARDED)
    assert loopback_only == []


def test_one_refused_address_among_public_ones_refuses_the_name(fake_dns):
    answers, _ = fake_dns
    answers["mixed.example"] = [["93.184.215.14", "169.254.169.254"]]
    with pytest.raises(BlockedAddressError, match="169.254.169.254, a cloud metadata address"):
        guard.check("http://mixed.example/", allow_private=False)


# Every hop is checked ----------------------------------------------------------------------------------------------

HOP_TARGETS = ["http://169.254.169.254/latest/meta-data/iam/", "http://10.0.0.1/admin",
               "http://127.0.0.2:{port}/article",
               "http://localhost:{port}/article", "http://[::1]:{port}/article", "http://metadata.google.internal/",
               "http://2130706434:{port}/article", "http://[::ffff:10.0.0.1]/"]  # 2130706434 is 127.0.0.2


@pytest.mark.parametrize("target", HOP_TARGETS)
def test_redirect_from_an_allowed_host_to_a_refused_one(server, fake_dns, loopback_only, target):
    target = target.format(port=server.port)
    start = server.url("/redirect?to=" + urllib.parse.quote(target, safe=""))
    with pytest.raises(BlockedAddressError) as caught:
        dateline.fetch(start, options=SERVER_ALLOWED)
    assert caught.value.url == target
    assert set(loopback_only) == {"127.0.0.1"}  # only the first, allowed hop was ever connected


def test_meta_refresh_to_a_refused_address_is_refused(server, loopback_only):
    start = server.url("/refresh?to=" + urllib.parse.quote("http://169.254.169.254/latest/", safe=""))
    with pytest.raises(BlockedAddressError, match="169.254.169.254"):
        dateline.fetch(start, options=SERVER_ALLOWED)
    assert set(loopback_only) == {"127.0.0.1"}


def test_an_allowed_chain_is_fetched_with_the_guard_on(server):
    page = dateline.fetch(server.url("/chain/2"), options=SERVER_ALLOWED)
    assert page.content == ARTICLE and len(page.redirects) == 2


def test_without_an_allowance_the_guard_refuses_the_test_server_itself(server):
    with pytest.raises(BlockedAddressError, match="127.0.0.1, a loopback address"):
        dateline.fetch(server.url("/article"), options=GUARDED)


# Connecting to the address that was checked ------------------------------------------------------------------------

def test_the_connection_goes_to_the_checked_address_under_the_host_name(server, fake_dns, loopback_only):
    # A rebinding DNS server: the first answer passes the guard, every later one points inside the network.
    answers, lookups = fake_dns
    answers["news.example"] = [["127.0.0.1"], ["10.0.0.1"]]
    page = dateline.fetch(f"http://news.example:{server.port}/echo", options=SERVER_ALLOWED)
    assert f"<li>host: news.example:{server.port}</li>".encode() in page.content  # the Host header is the name
    assert lookups.count("news.example") == 1  # resolved once, by the guard
    assert loopback_only == ["127.0.0.1"]  # and connected to what the guard checked


def test_each_hop_is_resolved_once_and_pinned(server, fake_dns, loopback_only):
    answers, lookups = fake_dns
    answers["a.example"] = [["127.0.0.1"], ["10.0.0.1"]]
    answers["b.example"] = [["127.0.0.1"], ["169.254.169.254"]]
    start = f"http://a.example:{server.port}/redirect?to=" + urllib.parse.quote(
        f"http://b.example:{server.port}/echo", safe="")
    page = dateline.fetch(start, options=SERVER_ALLOWED)
    assert page.url == f"http://b.example:{server.port}/echo"
    assert lookups.count("a.example") == 1 and lookups.count("b.example") == 1
    assert set(loopback_only) == {"127.0.0.1"}


def test_pinning_also_holds_with_the_guard_off(server, fake_dns, loopback_only):
    answers, lookups = fake_dns
    answers["lib.example"] = [["127.0.0.1"], ["10.0.0.1"]]
    page = dateline.fetch(f"http://lib.example:{server.port}/article", options=Options(timeout=5.0))
    assert page.content == ARTICLE and lookups.count("lib.example") == 1 and loopback_only == ["127.0.0.1"]


def test_proxy_settings_in_the_environment_cannot_reroute_a_guarded_fetch(server, monkeypatch, loopback_only):
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://10.9.9.9:3128")
    page = dateline.fetch(server.url("/article"), options=SERVER_ALLOWED)
    assert page.content == ARTICLE and set(loopback_only) == {"127.0.0.1"}


def test_unchecked_hosts_are_refused_by_the_connection_layer():
    backend = guard.PinnedBackend(deadline=float("inf"))
    with pytest.raises(BlockedAddressError, match="not checked"):
        backend.connect_tcp("127.0.0.1", 80)


def test_unresolvable_name_is_a_fetch_error_not_a_refusal(fake_dns):
    answers, _ = fake_dns
    with pytest.raises(FetchError) as caught:
        guard.check("http://no-such-host.invalid/", allow_private=False)
    assert not isinstance(caught.value, BlockedAddressError) and "cannot resolve" in str(caught.value)


def test_tls_to_a_pinned_address_keeps_the_name_for_sni_and_the_certificate(fake_dns, loopback_only, monkeypatch):
    # A real HTTPS server on 127.0.0.1 with a certificate for news.example (test CA): the connection goes to the
    # checked address, while TLS sends the name (SNI) and verifies the certificate against it.
    answers, lookups = fake_dns
    answers["news.example"] = [["127.0.0.1"], ["10.0.0.1"]]
    monkeypatch.setattr(url_module, "_ssl_context", lambda: ssl.create_default_context(cafile=TEST_CA))
    with FetchServer(tls=True) as tls:
        page = dateline.fetch(tls.url("/echo", host="news.example"), options=SERVER_ALLOWED)
        assert page.url.startswith("https://news.example:")
        assert f"<li>host: news.example:{tls.port}</li>".encode() in page.content
        assert tls.sni == ["news.example"] and lookups.count("news.example") == 1
        assert loopback_only == ["127.0.0.1"]
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|certificate"):
            dateline.fetch(tls.url("/echo"), options=SERVER_ALLOWED)  # the certificate does not name 127.0.0.1
