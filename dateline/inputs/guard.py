"""The SSRF guard: which addresses a fetch may connect to.

A server that fetches URLs for its callers must not become their way into the operator's network. Every hop of a
fetch (the first URL, each redirect, each meta refresh) goes through `check()`, which

1. accepts only http and https;
2. refuses the names of cloud metadata services and `localhost` before any DNS lookup;
3. reads the host the way the socket layer would (inet_aton: `2130706433`, `0177.0.0.1`, `0x7f.1` are all
   127.0.0.1), or resolves it once;
4. refuses the hop if ANY address is loopback, private, link-local, multicast, reserved, unspecified, shared
   (100.64/10), a metadata address, or an IPv6 address that embeds such an IPv4 address (mapped, compatible,
   NAT64, 6to4);
5. returns the checked addresses, and the fetcher connects to those and nothing else (no second lookup that a
   rebinding DNS server could answer differently).

With `allow_private=True` (the library default) steps 2 and 4 are skipped but the host is still resolved once and
pinned, so the connection goes to the address that was looked up, within the fetch deadline.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterable, Union
from urllib.parse import urlsplit

import httpcore
import httpx

from dateline.errors import BlockedAddressError, FetchError, FetchTimeoutError

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

SCHEMES = frozenset({"http", "https"})

# Names refused before DNS: cloud instance-metadata endpoints (GCP, AWS, Azure/OpenStack use the literal address)
# and the RFC 6761 `localhost` names, which resolvers answer locally whatever the DNS says.
BLOCKED_NAMES = frozenset({"metadata.google.internal", "metadata.goog", "metadata", "instance-data",
                           "instance-data.ec2.internal", "localhost", "localhost.localdomain"})
BLOCKED_SUFFIXES = (".localhost",)

# Cloud metadata addresses, named in the message because they are the usual target. Most also fall in a refused
# range (link-local, shared, ULA); listing them makes the refusal explicit and survives changes to `ipaddress`.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
    "169.254.170.2",  # AWS ECS task metadata
    "100.100.100.200",  # Alibaba Cloud
    "fd00:ec2::254",  # AWS over IPv6
))

# Ranges that `ipaddress` counts as global but that still reach something other than the public internet.
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))  # RFC 6052, 8215

# A host made only of digits, hex digits, "x" and dots may be an IPv4 address in inet_aton's old forms.
_NUMERIC_HOST = re.compile(r"^[0-9a-fA-FxX.]+$")
_INET_ATON_PART = re.compile(r"^(?:0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")


@dataclass(frozen=True, slots=True)
class Hop:
    """A checked hop: where to connect for this URL's host."""

    host: str
    port: int
    addresses: tuple[str, ...]


def check(url: str, *, allow_private: bool, allowed: Iterable[Network] = (), timeout: float = 10.0) -> Hop:
    """Check one URL; return the addresses to connect to, or raise BlockedAddressError naming the address."""
    host, port = _parse(url, allow_private)
    if not allow_private and (host in BLOCKED_NAMES or host.endswith(BLOCKED_SUFFIXES)):
        raise BlockedAddressError(f"refused {url}: {host!r} names a local or cloud metadata service", url=url)
    literal = ip_literal(host)
    addresses = (literal,) if literal else resolve(host, port, timeout=timeout, url=url)
    if not allow_private:
        _refuse_any(url, host, addresses, tuple(allowed))
    return Hop(host=host, port=port, addresses=tuple(str(address) for address in addresses))


def pin_key(host: str) -> str:
    """The host as the connection layer names it: checks and connections must agree on this spelling."""
    return host.rstrip(".").lower()


def _parse(url: str, allow_private: bool) -> tuple[str, int]:
    # httpx's own parser: the host checked here is the host httpx will ask the connection layer for, so a URL
    # that different parsers read differently ("http://a.com\\@127.0.0.1/") cannot slip past.
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as error:
        _refuse_unparsable(url, allow_private)
        raise FetchError(f"cannot fetch {url}: {error}", url=url) from error
    if parsed.scheme not in SCHEMES:
        error_class = FetchError if allow_private else BlockedAddressError
        shown = parsed.scheme or "no scheme"
        raise error_class(f"refused {url}: only http and https URLs can be fetched, not {shown!r}", url=url)
    host = pin_key(parsed.raw_host.decode("ascii"))
    if not host:
        raise FetchError(f"cannot fetch {url}: the URL has no host", url=url)
    return host, parsed.port or (443 if parsed.scheme == "https" else 80)


def _refuse_unparsable(url: str, allow_private: bool) -> None:
    # httpx rejects "0177.0.0.1" as a bad IPv4 address, but other clients read it as 127.0.0.1: when the guard is
    # on, say so rather than report a mere syntax error.
    try:
        host = pin_key(urlsplit(url).hostname or "")
    except ValueError:
        return  # not even the standard library can read it: the caller reports the syntax error
    literal = ip_literal(host)
    reason = refusal(literal) if literal is not None and not allow_private else None
    if reason:
        raise BlockedAddressError(f"refused {url}: {host} is {literal}, {reason} (the SSRF guard is on)", url=url)


def _refuse_any(url: str, host: str, addresses: tuple[IPAddress, ...], allowed: tuple[Network, ...]) -> None:
    # Every address must pass: a DNS answer mixing a public and a private address is a known rebinding trick.
    for address in addresses:
        reason = refusal(address)
        if reason and not any(address in network for network in allowed):
            shown = host if _is_standard_ip(host) else f"{host} is {address}"
            raise BlockedAddressError(f"refused {url}: {shown}, {reason} (the SSRF guard is on)", url=url)


def _is_standard_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def ip_literal(host: str) -> IPAddress | None:
    """The address a host names by itself, read as the C library would (so `0x7f.1` is 127.0.0.1), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        pass
    parts = host.split(".")
    if not _NUMERIC_HOST.match(host) or len(parts) > 4 or not all(_INET_ATON_PART.match(p) for p in parts):
        return None  # a name such as "cafe.de" is hex-only yet not a number: leave it to DNS
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None  # out of range, e.g. 256.1.1.1: DNS will fail on it too


def refusal(address: IPAddress) -> str | None:
    """Why a fetch must not connect to this address, or None when it is a public unicast address."""
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if isinstance(address, ipaddress.IPv6Address):
        embedded = embedded_ipv4(address)
        if embedded is not None:
            reason = refusal(embedded)
            return f"which embeds {embedded}, {reason}" if reason else None
    return _range_refusal(address)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if any(address in prefix for prefix in NAT64_PREFIXES):
        return low32
    if int(address) >> 32 == 0 and int(address) > 1:  # ::a.b.c.d, deprecated "IPv4-compatible" (not :: or ::1)
        return low32
    return None


def _range_refusal(address: IPAddress) -> str | None:
    # Order matters only for the message: the most specific name first.
    checks = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address in SHARED_ADDRESS_SPACE, "a shared (carrier-grade NAT) address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "not a public address"),
    )
    return next((reason for hit, reason in checks if hit), None)


def resolve(host: str, port: int, *, timeout: float, url: str) -> tuple[IPAddress, ...]:
    """Look the host up once, within the fetch deadline (getaddrinfo itself has no timeout, so it runs in a thread)."""
    result: list[object] = []
    lookup = threading.Thread(target=_getaddrinfo, args=(host, port, result), daemon=True, name="dateline-dns")
    lookup.start()
    lookup.join(max(timeout, 0.0))
    if not result:
        raise FetchTimeoutError(f"cannot fetch {url}: looking up {host!r} took over {timeout:.1f}s", url=url)
    if isinstance(result[0], OSError):
        raise FetchError(f"cannot fetch {url}: cannot resolve {host!r} ({result[0]})", url=url)
    addresses = tuple(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in result[0]))
    if not addresses:
        raise FetchError(f"cannot fetch {url}: {host!r} has no address", url=url)
    return addresses


def _getaddrinfo(host: str, port: int, result: list[object]) -> None:
    try:
        result.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
    except OSError as error:  # socket.gaierror is an OSError
        result.append(error)


def networks(specs: Iterable[str]) -> tuple[Network, ...]:
    """Parse Options.allowed_networks ("10.1.2.0/24", "127.0.0.1")."""
    return tuple(ipaddress.ip_network(spec, strict=False) for spec in specs)


class PinnedBackend(httpcore.NetworkBackend):
    """httpcore's network layer for one fetch: connects only to addresses `check()` returned, never past the deadline.

    httpcore asks to connect to the URL's host name; this backend connects to that name's checked addresses
    instead, so no second DNS lookup happens. TLS still gets the host name for SNI and certificate checks, and the
    Host header is untouched. Every connect, read and write is clamped to the time left, which is what makes the
    fetch deadline total: a server trickling a byte a second is cut off when the time is up.
    """

    def __init__(self, deadline: float) -> None:
        self._deadline = deadline  # time.monotonic() value
        self._pins: dict[str, tuple[str, ...]] = {}
        self._inner = httpcore.SyncBackend()

    def pin(self, hop: Hop) -> None:
        self._pins[hop.host] = hop.addresses

    def remaining(self) -> float:
        return self._deadline - time.monotonic()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        addresses = self._pins.get(pin_key(host))
        if not addresses:  # cannot happen through fetch(); refuse rather than let the system resolver decide
            raise BlockedAddressError(f"refused a connection to {host}: it was not checked")
        error: Exception | None = None
        for address in addresses:  # in resolver order, like socket.create_connection
            try:
                stream = self._inner.connect_tcp(address, port, clamp(self, timeout, httpcore.ConnectTimeout),
                                                 local_address, socket_options)
                return DeadlineStream(stream, self)
            except httpcore.ConnectError as failure:
                error = failure
        raise error  # type: ignore[misc]  # addresses is never empty here

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the fetch deadline."""

    def __init__(self, inner: httpcore.NetworkStream, backend: PinnedBackend) -> None:
        self._inner, self._backend = inner, backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, clamp(self._backend, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, clamp(self._backend, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        timeout = clamp(self._backend, timeout, httpcore.ConnectTimeout)
        inner = self._inner.start_tls(ssl_context, server_hostname, timeout)  # SNI and certificate: the host name
        return DeadlineStream(inner, self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def clamp(backend: PinnedBackend, timeout: float | None, error: type[Exception]) -> float:
    """The timeout for one socket operation: the operation's own, but never past the fetch deadline."""
    remaining = backend.remaining()
    if remaining <= 0:
        raise error("the fetch deadline has passed")
    return remaining if timeout is None else min(timeout, remaining)
