"""Fetch news pages and feeds that users typed in, without letting them reach our own network.

Every connection goes through `_GuardedBackend`: it resolves the host name once, refuses the whole
connection if any address is not public, and connects to the address it checked, so a second DNS
answer cannot swap in an internal address (DNS rebinding). The Host header and the TLS server name
stay those of the URL because httpcore takes them from the URL, not from the socket. Redirects are
followed here, one hop at a time, so every hop goes through the same check.

Errors are `PermanentFetchError` (do not retry) or `TransientFetchError` (retry later); both carry
a `reason` an editor can read.
"""

from __future__ import annotations

import codecs
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from typing import Any, Literal

import httpcore
import httpx
from django.conf import settings

USER_AGENT = "Dealflow/0.1 (+funding-round tracker)"
MAX_REDIRECTS = 10
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRYABLE_STATUSES = frozenset({408, 429})
CONTENT_TYPES: dict[str, frozenset[str]] = {
    "page": frozenset({"text/html", "application/xhtml+xml", "text/plain"}),
    "feed": frozenset(
        {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}
    ),
}
ACCEPT = {
    "page": "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5",
    "feed": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9",
}
# Ranges that `ipaddress` does not already call private, reserved or non-global clearly enough.
NAMED_NETWORKS = (
    (ipaddress.ip_network("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
    (ipaddress.ip_network("fc00::/7"), "a private (unique-local) address"),
    (ipaddress.ip_network("64:ff9b::/96"), "a NAT64 address"),
    (ipaddress.ip_network("64:ff9b:1::/48"), "a NAT64 address"),
    (ipaddress.ip_network("2002::/16"), "a 6to4 address"),
)
DECODED_STEP = 64 * 1024

Resolver = Callable[[str, int], Sequence[str]]
"""Turns (host, port) into IP address strings; the default asks the system (`socket.getaddrinfo`)."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A fetch that did not give a usable body; `reason` is a sentence an editor can read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PermanentFetchError(FetchError):
    """Retrying will not help: refused URL or address, 4xx, wrong content type, too large..."""


class TransientFetchError(FetchError):
    """Worth retrying later: connection failure, timeout, 5xx, 429."""


@dataclass(frozen=True)
class FetchResult:
    """What a fetch gave. On a 304 `not_modified` is true and `body` is empty."""

    final_url: str
    status_code: int
    content_type: str
    charset: str
    """From the Content-Type header, only if Python knows the codec; otherwise ""."""
    body: bytes
    etag: str
    last_modified: str
    not_modified: bool


def fetch(
    url: str,
    *,
    kind: Literal["page", "feed"] = "page",
    etag: str = "",
    last_modified: str = "",
    resolver: Resolver | None = None,
) -> FetchResult:
    """Fetch `url` (an http or https URL a user gave us) and return its body.

    `kind` picks the accepted content types: HTML or plain text for a page, RSS/Atom/XML for a
    feed. `etag` and `last_modified` (from an earlier fetch) make the request conditional; a 304
    gives a result with `not_modified=True`. `resolver` replaces the system resolver (tests).
    Settings: FETCH_ALLOW_LOOPBACK (False), FETCH_MAX_BYTES (5_000_000), FETCH_TIMEOUT_SECONDS (20).
    Raises PermanentFetchError or TransientFetchError.
    """
    max_bytes: int = getattr(settings, "FETCH_MAX_BYTES", 5_000_000)
    timeout: float = getattr(settings, "FETCH_TIMEOUT_SECONDS", 20)
    backend = _GuardedBackend(
        resolver or _system_resolver,
        allow_loopback=getattr(settings, "FETCH_ALLOW_LOOPBACK", False),
    )
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": ACCEPT[kind],
        "Accept-Encoding": "gzip",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout
    current = _parse_url(url)
    visited = {current}
    with httpcore.ConnectionPool(
        ssl_context=_ssl_context(), network_backend=backend, retries=0
    ) as pool:
        for _ in range(MAX_REDIRECTS + 1):
            with _open(pool, current, headers, deadline, timeout) as response:
                if response.status not in REDIRECT_STATUSES:
                    return _result(
                        response,
                        current,
                        kind,
                        etag,
                        last_modified,
                        max_bytes,
                        deadline,
                        timeout,
                    )
                current = _redirect_target(response, current)
            if current in visited:
                raise PermanentFetchError(
                    f"Refused: {url} redirects in a loop (back to {current})."
                )
            visited.add(current)
    raise PermanentFetchError(
        f"Refused: {url} redirects more than {MAX_REDIRECTS} times."
    )


def check_public(url: str, *, resolver: Resolver | None = None) -> None:
    """Refuse `url` when it is given, as fetching it would be refused: not http or https, no
    host, or a host that is, or resolves to, an address that is not public.

    Raises PermanentFetchError with the reason. A lookup that fails only for now is left to
    the fetch, which retries it. The fetch checks every address again when it connects.
    """
    parsed = _parse_url(url)
    backend = _GuardedBackend(
        resolver or _system_resolver,
        allow_loopback=getattr(settings, "FETCH_ALLOW_LOOPBACK", False),
    )
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        backend.checked_addresses(parsed.host, port)
    except TransientFetchError:
        return


def refusal(ip: IPAddress, *, allow_loopback: bool) -> str:
    """Why we must not connect to `ip` ("a private address"), or "" when it is public."""
    if ip.version == 6 and ip.ipv4_mapped is not None:
        inner = refusal(ip.ipv4_mapped, allow_loopback=allow_loopback)
        return f"an IPv4-mapped form of {ip.ipv4_mapped}, {inner}" if inner else ""
    if ip.is_loopback:
        return "" if allow_loopback else "a loopback address"
    for network, label in NAMED_NETWORKS:
        if ip in network:
            return label
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a public address"),
    )
    return next((label for failed, label in checks if failed), "")


def numeric_host(host: str) -> IPAddress | None:
    """The address `host` spells, in any form the C library accepts ("2130706433", "0x7f.1")."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _spells(host: str, ip: IPAddress) -> bool:
    """Whether `host` is `ip` written the standard way (so no "resolves to" in messages)."""
    try:
        return ipaddress.ip_address(host) == ip
    except ValueError:
        return False


@cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the certificate store takes ~20 ms: once per process, not once per fetch.
    return httpx.create_ssl_context()


def _system_resolver(host: str, port: int) -> list[str]:
    return [
        info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    ]


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolves once, refuses non-public addresses, connects to the checked address."""

    def __init__(self, resolver: Resolver, *, allow_loopback: bool) -> None:
        self._resolver = resolver
        self._allow_loopback = allow_loopback
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.checked_addresses(host, port)
        error: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for ip in addresses:
            try:
                return self._backend.connect_tcp(
                    str(ip), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None  # checked_addresses never returns an empty list
        raise error

    def checked_addresses(self, host: str, port: int) -> list[IPAddress]:
        """The addresses `host` is or resolves to, all public, or PermanentFetchError."""
        literal = numeric_host(host)
        if literal is not None:
            addresses = [literal]
        else:
            try:
                addresses = [
                    ipaddress.ip_address(a) for a in self._resolver(host, port)
                ]
            except socket.gaierror as exc:
                if exc.errno == socket.EAI_NONAME:
                    raise PermanentFetchError(
                        f"{host} does not exist (no DNS record)."
                    ) from exc
                raise TransientFetchError(f"Could not look up {host}: {exc}.") from exc
            if not addresses:
                raise PermanentFetchError(f"{host} does not resolve to any address.")
        for ip in addresses:
            reason = refusal(ip, allow_loopback=self._allow_loopback)
            if reason and _spells(host, ip):
                raise PermanentFetchError(f"Refused: {host} is {reason}.")
            if reason:
                raise PermanentFetchError(
                    f"Refused: {host} resolves to {ip}, {reason}."
                )
        return addresses


def _parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise PermanentFetchError(
            f"Refused: {url} is not a valid URL ({exc})."
        ) from exc
    if parsed.scheme not in ("http", "https"):
        scheme = f"{parsed.scheme}: URLs" if parsed.scheme else "URLs without a scheme"
        raise PermanentFetchError(
            f"Refused: {url} is not a web address; {scheme} are not fetched, only http and https."
        )
    if not parsed.host:
        raise PermanentFetchError(f"Refused: {url} has no host name.")
    return parsed.copy_with(fragment=None)


@contextmanager
def _open(
    pool: httpcore.ConnectionPool,
    url: httpx.URL,
    headers: dict[str, str],
    deadline: float,
    timeout: float,
) -> Iterator[httpcore.Response]:
    """Send a GET for `url` and close the response when done, read or not."""
    remaining = _remaining(deadline, url, timeout)
    request = httpcore.Request(
        "GET",
        httpcore.URL(
            scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
        ),
        headers=[("Host", url.netloc), *headers.items()],
        extensions={
            "timeout": dict.fromkeys(("connect", "read", "write", "pool"), remaining)
        },
    )
    with _network_errors(url, timeout):
        response = pool.handle_request(request)
    try:
        yield response
    finally:
        response.close()


@contextmanager
def _network_errors(url: httpx.URL, timeout: float) -> Iterator[None]:
    """Turn httpcore's exceptions into our two kinds, with a readable reason."""
    try:
        yield
    except httpcore.TimeoutException as exc:
        raise TransientFetchError(_too_slow(url, timeout)) from exc
    except httpcore.ConnectError as exc:
        # httpcore wraps the ssl error as the ConnectError's argument (its pool drops __cause__).
        cert_error = next(
            (a for a in exc.args if isinstance(a, ssl.SSLCertVerificationError)), None
        )
        if cert_error is not None:
            raise PermanentFetchError(
                f"Refused: the certificate of {url.host} is not valid "
                f"({cert_error.verify_message})."
            ) from exc
        raise TransientFetchError(f"Could not connect to {url.host}: {exc}.") from exc
    except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
        raise TransientFetchError(
            f"The connection to {url.host} broke: {exc}."
        ) from exc


def _remaining(deadline: float, url: httpx.URL, timeout: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TransientFetchError(_too_slow(url, timeout))
    return remaining


def _too_slow(url: httpx.URL, timeout: float) -> str:
    return f"{url} took longer than {timeout:g} seconds to answer."


def _header(response: httpcore.Response, name: bytes) -> str:
    for key, value in response.headers:
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return ""


def _redirect_target(response: httpcore.Response, current: httpx.URL) -> httpx.URL:
    location = _header(response, b"location")
    if not location:
        raise PermanentFetchError(
            f"Refused: {current} answered {response.status} (a redirect) without saying where to."
        )
    try:
        target = current.join(location)
    except httpx.InvalidURL as exc:
        raise PermanentFetchError(
            f"Refused: {current} redirects to {location}, which is not a valid URL."
        ) from exc
    return _parse_url(str(target))


def _result(
    response: httpcore.Response,
    url: httpx.URL,
    kind: Literal["page", "feed"],
    etag: str,
    last_modified: str,
    max_bytes: int,
    deadline: float,
    timeout: float,
) -> FetchResult:
    status = response.status
    if status == 304:
        return FetchResult(
            final_url=str(url),
            status_code=status,
            content_type="",
            charset="",
            body=b"",
            etag=_header(response, b"etag") or etag,
            last_modified=_header(response, b"last-modified") or last_modified,
            not_modified=True,
        )
    _check_status(status, url)
    content_type, charset = _content_type(_header(response, b"content-type"))
    if content_type not in CONTENT_TYPES[kind]:
        shown = content_type or "no content type"
        raise PermanentFetchError(
            f"Refused: {url} is {shown}, not a {kind} "
            f"(expected {', '.join(sorted(CONTENT_TYPES[kind]))})."
        )
    declared = _header(response, b"content-length")
    if declared.isdigit() and int(declared) > max_bytes:
        raise PermanentFetchError(_too_large(url, max_bytes))
    body = bytearray()
    with _network_errors(url, timeout):
        raw = response.iter_stream()
        for chunk in _decoded(raw, _header(response, b"content-encoding").lower(), url):
            body += chunk
            if len(body) > max_bytes:
                raise PermanentFetchError(_too_large(url, max_bytes))
            _remaining(deadline, url, timeout)
    return FetchResult(
        final_url=str(url),
        status_code=status,
        content_type=content_type,
        charset=charset,
        body=bytes(body),
        etag=_header(response, b"etag"),
        last_modified=_header(response, b"last-modified"),
        not_modified=False,
    )


def _check_status(status: int, url: httpx.URL) -> None:
    if 200 <= status < 300:
        return
    try:
        phrase = f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        phrase = str(status)
    if status >= 500 or status in RETRYABLE_STATUSES:
        raise TransientFetchError(f"{url} answered {phrase}; it may work later.")
    raise PermanentFetchError(f"Refused: {url} answered {phrase}.")


def _content_type(header: str) -> tuple[str, str]:
    """The media type and charset of a Content-Type; a charset Python cannot decode is ""."""
    media_type, _, params = header.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = ""
    return media_type.strip().lower(), charset


def _too_large(url: httpx.URL, max_bytes: int) -> str:
    return f"Refused: {url} is larger than {max_bytes:,} bytes."


def _decoded(chunks: Iterator[bytes], encoding: str, url: httpx.URL) -> Iterator[bytes]:
    """Undo the Content-Encoding, never more than DECODED_STEP bytes at a time (gzip bombs)."""
    if encoding in ("", "identity"):
        yield from chunks
        return
    if encoding not in ("gzip", "x-gzip"):
        raise PermanentFetchError(
            f"Refused: {url} uses the unsupported encoding {encoding!r}."
        )
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        for chunk in chunks:
            data = chunk
            while True:
                out = decompressor.decompress(data, DECODED_STEP)
                yield out
                data = decompressor.unconsumed_tail
                if not data and len(out) < DECODED_STEP:
                    break
        yield decompressor.flush()
    except zlib.error as exc:
        raise PermanentFetchError(
            f"Refused: {url} sent a broken gzip body ({exc})."
        ) from exc
