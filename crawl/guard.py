"""The SSRF guard: a request goes out only to a public address, unless its host is allowed by name.

Every request (the first and each redirect hop, since httpx sends each hop through the transport) is checked
here: the scheme must be http(s), and every address the host resolves to must be public (not loopback, private,
link-local (cloud metadata at 169.254.169.254), multicast, reserved or unspecified). The connection then goes to
the address that was checked, with the original Host header and TLS server name, so a DNS answer that changes
between the check and the connect cannot move the request elsewhere. Hosts in the allow-list (`host` or
`host:port`, from the sources file's `allow_hosts`) skip the address check, e.g. a feed served on loopback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Iterable

import httpx

log = logging.getLogger("crawl.guard")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedRequest(httpx.RequestError):
    """A request the guard refused before connecting; never retried."""


def address_problem(ip: IPAddress) -> str | None:
    """Why a request must not go to this address (None: a public address)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return f"a {kind} address"
    return None if ip.is_global else "not a public address"


class Allow:
    """Hosts (any port) and host:port pairs that skip the address check."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.hosts: set[str] = set()
        self.pairs: set[tuple[str, int]] = set()
        for entry in entries:
            host, sep, port = entry.strip().lower().rpartition(":")
            if sep and port.isdigit() and "]" not in port:
                self.pairs.add((host.strip("[]"), int(port)))
            else:
                self.hosts.add(entry.strip().lower().strip("[]"))

    def __contains__(self, origin: tuple[str, int]) -> bool:
        return origin[0] in self.hosts or origin in self.pairs


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_addresses(url: httpx.URL, addresses: list[str]) -> str:
    """The address to connect to (the first one); raises BlockedRequest when any of them is not public."""
    if not addresses:
        raise BlockedRequest(f"refused {url}: {url.host} resolves to no address")
    for addr in addresses:
        problem = address_problem(ipaddress.ip_address(addr.split("%")[0]))
        if problem is not None:
            named = f"{url.host} is" if url.host == addr else f"{url.host} is {addr},"
            raise BlockedRequest(f"refused {url}: {named} {problem}")
    return addresses[0]


def _pinned(request: httpx.Request, address: str) -> httpx.Request:
    """A copy of the request sent to `address`, with its Host header and TLS server name (the client keeps the
    original request, so redirects and the final URL still name the host)."""
    extensions = dict(request.extensions)
    if request.url.scheme == "https":
        extensions["sni_hostname"] = request.url.host
    return httpx.Request(
        request.method,
        request.url.copy_with(host=address),
        headers=request.headers,
        stream=request.stream,
        extensions=extensions,
    )


def _check_scheme(request: httpx.Request) -> None:
    if request.url.scheme not in ("http", "https"):
        raise BlockedRequest(f"refused {request.url}: scheme {request.url.scheme!r} is not http(s)")


def _resolved(infos: list[tuple[object, ...]]) -> list[str]:
    seen: list[str] = []
    for info in infos:
        addr = str(info[4][0])  # type: ignore[index]
        if addr not in seen:
            seen.append(addr)
    return sorted(seen, key=lambda a: ":" in a)  # IPv4 first


def guard(request: httpx.Request, allow: Allow) -> httpx.Request:
    """The request to send (pinned to its checked address), or BlockedRequest with the reason, logged."""
    try:
        _check_scheme(request)
        host, port = request.url.host, _port(request.url)
        if (host, port) in allow:
            return request
        literal = _literal(host)
        if literal is not None:
            return _pinned(request, check_addresses(request.url, [str(literal)]))
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpx.ConnectError(f"cannot resolve {host}: {exc}", request=request) from None
        return _pinned(request, check_addresses(request.url, _resolved(list(infos))))
    except BlockedRequest as exc:
        log.warning("SSRF guard: %s", exc)
        raise BlockedRequest(str(exc), request=request) from None


class GuardedAsyncTransport(httpx.AsyncBaseTransport):
    """An AsyncHTTPTransport that refuses non-public destinations and connects to the address it checked."""

    def __init__(self, allow: Allow, **transport_options: object) -> None:
        self.allow = allow
        self.inner = httpx.AsyncHTTPTransport(**transport_options)  # type: ignore[arg-type]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        checked = await asyncio.to_thread(guard, request, self.allow)
        return await self.inner.handle_async_request(checked)

    async def aclose(self) -> None:
        await self.inner.aclose()


class GuardedTransport(httpx.BaseTransport):
    """The sync twin of GuardedAsyncTransport (discovery's client)."""

    def __init__(self, allow: Allow, **transport_options: object) -> None:
        self.allow = allow
        self.inner = httpx.HTTPTransport(**transport_options)  # type: ignore[arg-type]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(guard(request, self.allow))

    def close(self) -> None:
        self.inner.close()
