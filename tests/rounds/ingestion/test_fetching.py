"""The guarded fetcher: real HTTP servers on 127.0.0.1, and a fake resolver for every other address.

No test sends traffic anywhere but 127.0.0.1: `connections` replaces socket.create_connection for
every test, records each attempt and refuses any address that is not loopback before a socket exists.
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from rounds.ingestion.fetching import (
    USER_AGENT,
    FetchResult,
    PermanentFetchError,
    TransientFetchError,
    check_public,
    fetch,
    refusal,
)

HTML = b"<html><head><title>Acme raises $12M</title></head><body>Series A</body></html>"
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>'
MB = 1_000_000


@cache
def gzip_bomb() -> bytes:
    """About 20 KB of gzip that expands to 20 MB of zeros."""
    return gzip.compress(b"\0" * 20 * MB, compresslevel=9)


@dataclass
class SiteState:
    release: threading.Event = field(default_factory=threading.Event)
    big_done: threading.Event = field(default_factory=threading.Event)
    big_sent: int = 0
    requests: list[dict[str, str]] = field(default_factory=list)


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def do_GET(self) -> None:
        self.server.state.requests.append(
            {k.lower(): v for k, v in self.headers.items()}
        )
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        # The client hangs up on purpose at the size cap:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route(parts, parse_qs(url.query))

    def route(self, parts: list[str], query: dict[str, list[str]]) -> None:
        match parts:
            case ["page"]:
                self.reply(200, "text/html; charset=utf-8", HTML)
            case ["odd-charset"]:
                self.reply(200, 'Text/HTML; Charset="no-such-codec"', HTML)
            case ["text"]:
                self.reply(200, "text/plain", b"Acme raises $12M")
            case ["feed"]:
                if self.headers.get("If-None-Match") == '"v1"':
                    self.reply(304, "", b"", {"ETag": '"v1"'})
                else:
                    self.reply(200, "application/rss+xml", FEED, {"ETag": '"v1"'})
            case ["gzipped"]:
                self.reply(
                    200, "text/html", gzip.compress(HTML), {"Content-Encoding": "gzip"}
                )
            case ["bomb"]:
                self.reply(200, "text/html", gzip_bomb(), {"Content-Encoding": "gzip"})
            case ["big"]:
                self.send_big()
            case ["pdf"]:
                self.reply(200, "application/pdf", b"%PDF-1.7")
            case ["status", code]:
                self.reply(int(code), "text/html", b"<p>nope</p>")
            case ["redirect", count]:
                n = int(count)
                self.redirect("/page" if n <= 1 else f"/redirect/{n - 1}")
            case ["loop", name]:
                self.redirect("/loop/b" if name == "a" else "/loop/a")
            case ["go"]:
                self.redirect(query["to"][0])
            case ["slow"]:
                self.server.state.release.wait(5)
            case ["drip"]:
                self.send_drip()
            case ["brotli"]:
                self.reply(
                    200, "text/html", b"\x0b\x02\x80", {"Content-Encoding": "br"}
                )
            case _:
                self.reply(404, "text/html", b"<p>not here</p>")

    def reply(
        self,
        status: int,
        content_type: str,
        body: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.reply(302, "text/html", b"", {"Location": location})

    def send_big(self) -> None:
        """50 MB made on the fly, with no Content-Length: only counting can stop it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"x" * 65536
        try:
            while self.server.state.big_sent < 50 * MB:
                self.wfile.write(chunk)
                self.server.state.big_sent += len(chunk)
        finally:
            self.server.state.big_done.set()

    def send_drip(self) -> None:
        """A byte every 50 ms: each read is quick, the whole answer never ends."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        while not self.server.state.release.wait(0.05):
            self.wfile.write(b"x")


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = SiteState()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every connection attempt; anything but loopback is refused before a socket exists."""
    attempts: list[tuple[str, int]] = []
    real_create_connection = socket.create_connection

    def guarded(
        address: tuple[str, int], *args: object, **kwargs: object
    ) -> socket.socket:
        attempts.append(address)
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise ConnectionRefusedError(f"tests never connect to {address[0]}")
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


@contextlib.contextmanager
def serve(server: Site) -> Iterator[Site]:
    """Run `server` in a thread until the test is done."""
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def site(settings) -> Iterator[Site]:
    settings.FETCH_ALLOW_LOOPBACK = True
    with serve(Site()) as server:
        yield server


@pytest.fixture
def tls_site(settings, tmp_path: Path) -> Iterator[tuple[Site, list[str]]]:
    """An https server with a self-signed certificate for news.example.test; records the SNI."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    settings.FETCH_ALLOW_LOOPBACK = True
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = (
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
        " -subj /CN=news.example.test -addext subjectAltName=DNS:news.example.test"
    )
    subprocess.run(
        [*command.split(), "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    server_names: list[str] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    server = Site()
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with serve(server):
        yield server, server_names


@pytest.fixture
def no_loopback(settings) -> None:
    settings.FETCH_ALLOW_LOOPBACK = False


class FakeResolver:
    """Answers from a table and remembers every question."""

    def __init__(self, *answers: dict[str, list[str]]) -> None:
        self.answers = list(answers)
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        table = self.answers[min(len(self.calls), len(self.answers)) - 1]
        return table[host]


def refuse_lookups(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} should not have been looked up")


# Real servers on 127.0.0.1


def test_html_page_is_fetched(site: Site) -> None:
    result = fetch(site.url("/page"))

    assert result == FetchResult(
        final_url=site.url("/page"),
        status_code=200,
        content_type="text/html",
        charset="utf-8",
        body=HTML,
        etag="",
        last_modified="",
        not_modified=False,
    )
    assert site.state.requests[0]["user-agent"] == USER_AGENT


def test_unknown_charset_is_left_empty(site: Site) -> None:
    result = fetch(site.url("/odd-charset"))

    assert (result.content_type, result.charset) == ("text/html", "")


def test_plain_text_is_accepted_as_a_page(site: Site) -> None:
    assert fetch(site.url("/text")).body == b"Acme raises $12M"


def test_gzipped_page_is_decoded(site: Site) -> None:
    assert fetch(site.url("/gzipped")).body == HTML


def test_redirect_chain_of_three_is_followed(site: Site) -> None:
    result = fetch(site.url("/redirect/3"))

    assert (result.final_url, result.body) == (site.url("/page"), HTML)
    assert len(site.state.requests) == 4


def test_ten_redirects_are_followed(site: Site) -> None:
    assert fetch(site.url("/redirect/10")).final_url == site.url("/page")


def test_eleven_redirects_are_refused(site: Site) -> None:
    with pytest.raises(PermanentFetchError) as error:
        fetch(site.url("/redirect/11"))

    assert (
        error.value.reason
        == f"Refused: {site.url('/redirect/11')} redirects more than 10 times."
    )


def test_redirect_loop_stops_with_a_clear_reason(site: Site) -> None:
    with pytest.raises(PermanentFetchError) as error:
        fetch(site.url("/loop/a"))

    assert error.value.reason == (
        f"Refused: {site.url('/loop/a')} redirects in a loop (back to {site.url('/loop/a')})."
    )


def test_fifty_megabyte_body_is_cut_at_the_cap_without_reading_it_all(
    site: Site,
) -> None:
    with pytest.raises(PermanentFetchError) as error:
        fetch(site.url("/big"))

    assert (
        error.value.reason
        == f"Refused: {site.url('/big')} is larger than 5,000,000 bytes."
    )
    assert site.state.big_done.wait(5)
    assert site.state.big_sent < 25 * MB


def test_gzip_bomb_is_refused_by_its_decoded_size(site: Site) -> None:
    assert len(gzip_bomb()) < 100_000

    with pytest.raises(PermanentFetchError) as error:
        fetch(site.url("/bomb"))

    assert (
        error.value.reason
        == f"Refused: {site.url('/bomb')} is larger than 5,000,000 bytes."
    )


def test_declared_length_over_the_cap_is_refused_before_reading(
    site: Site, settings
) -> None:
    settings.FETCH_MAX_BYTES = 10

    with pytest.raises(PermanentFetchError, match="is larger than 10 bytes"):
        fetch(site.url("/page"))


def test_pdf_is_refused_with_a_clear_reason(site: Site) -> None:
    with pytest.raises(PermanentFetchError) as error:
        fetch(site.url("/pdf"))

    assert error.value.reason == (
        f"Refused: {site.url('/pdf')} is application/pdf, not a page "
        "(expected application/xhtml+xml, text/html, text/plain)."
    )


def test_html_is_refused_as_a_feed(site: Site) -> None:
    with pytest.raises(PermanentFetchError, match="is text/html, not a feed"):
        fetch(site.url("/page"), kind="feed")


@pytest.mark.parametrize("code", [500, 503, 429, 408])
def test_server_errors_and_rate_limits_are_transient(site: Site, code: int) -> None:
    with pytest.raises(
        TransientFetchError, match=f"answered {code} .*; it may work later"
    ):
        fetch(site.url(f"/status/{code}"))


@pytest.mark.parametrize("code", [404, 403, 410])
def test_client_errors_are_permanent(site: Site, code: int) -> None:
    with pytest.raises(PermanentFetchError, match=f"answered {code} "):
        fetch(site.url(f"/status/{code}"))


def test_404_reason_reads_as_a_sentence(site: Site) -> None:
    with pytest.raises(PermanentFetchError) as error:
        fetch(site.url("/status/404"))

    assert (
        error.value.reason
        == f"Refused: {site.url('/status/404')} answered 404 Not Found."
    )


def test_slow_server_is_a_transient_timeout(site: Site, settings) -> None:
    settings.FETCH_TIMEOUT_SECONDS = 0.3

    with pytest.raises(TransientFetchError) as error:
        fetch(site.url("/slow"))

    assert (
        error.value.reason
        == f"{site.url('/slow')} took longer than 0.3 seconds to answer."
    )


def test_server_that_never_finishes_is_stopped_by_the_overall_deadline(
    site: Site, settings
) -> None:
    settings.FETCH_TIMEOUT_SECONDS = 0.3

    with pytest.raises(TransientFetchError) as error:
        fetch(site.url("/drip"))

    assert (
        error.value.reason
        == f"{site.url('/drip')} took longer than 0.3 seconds to answer."
    )


def test_unsupported_content_encoding_is_refused(site: Site) -> None:
    with pytest.raises(PermanentFetchError) as error:
        fetch(site.url("/brotli"))

    assert (
        error.value.reason
        == f"Refused: {site.url('/brotli')} uses the unsupported encoding 'br'."
    )


def test_https_uses_the_name_for_sni_and_refuses_a_self_signed_certificate(
    tls_site, connections
) -> None:
    server, server_names = tls_site
    resolver = FakeResolver({"news.example.test": ["127.0.0.1"]})

    with pytest.raises(PermanentFetchError) as error:
        fetch(f"https://news.example.test:{server.port}/page", resolver=resolver)

    assert error.value.reason == (
        "Refused: the certificate of news.example.test is not valid (self-signed certificate)."
    )
    assert server_names == ["news.example.test"]
    assert connections == [("127.0.0.1", server.port)]


def test_feed_fetched_again_with_its_etag_is_not_modified(site: Site) -> None:
    first = fetch(site.url("/feed"), kind="feed")
    again = fetch(
        site.url("/feed"),
        kind="feed",
        etag=first.etag,
        last_modified="Sat, 28 Nov 2026 10:00:00 GMT",
    )

    assert (first.body, first.etag, first.not_modified) == (FEED, '"v1"', False)
    assert (again.status_code, again.body, again.etag, again.not_modified) == (
        304,
        b"",
        '"v1"',
        True,
    )
    assert again.last_modified == "Sat, 28 Nov 2026 10:00:00 GMT"
    assert site.state.requests[1]["if-none-match"] == '"v1"'
    assert (
        site.state.requests[1]["if-modified-since"] == "Sat, 28 Nov 2026 10:00:00 GMT"
    )


def test_redirect_to_a_private_address_is_refused(site: Site, connections) -> None:
    with pytest.raises(PermanentFetchError) as error:
        fetch(site.url("/go?to=http://10.0.0.5/admin"))

    assert error.value.reason == "Refused: 10.0.0.5 is a private address."
    assert connections == [("127.0.0.1", site.port)]


def test_redirect_to_a_file_url_is_refused(site: Site) -> None:
    with pytest.raises(PermanentFetchError, match="file: URLs are not fetched"):
        fetch(site.url("/go?to=file:///etc/passwd"))


def test_name_is_connected_by_its_checked_address_keeping_the_host_header(
    site: Site, connections
) -> None:
    resolver = FakeResolver({"news.example.test": ["127.0.0.1"]})

    result = fetch(f"http://news.example.test:{site.port}/page", resolver=resolver)

    assert result.body == HTML
    assert resolver.calls == ["news.example.test"]
    assert connections == [("127.0.0.1", site.port)]
    assert site.state.requests[0]["host"] == f"news.example.test:{site.port}"


def test_name_that_rebinds_to_a_private_address_is_refused_on_the_next_hop(
    site: Site, connections
) -> None:
    resolver = FakeResolver(
        {"news.example.test": ["127.0.0.1"]}, {"news.example.test": ["10.0.0.5"]}
    )

    with pytest.raises(PermanentFetchError) as error:
        fetch(f"http://news.example.test:{site.port}/redirect/1", resolver=resolver)

    assert (
        error.value.reason
        == "Refused: news.example.test resolves to 10.0.0.5, a private address."
    )
    assert resolver.calls == ["news.example.test", "news.example.test"]
    assert connections == [("127.0.0.1", site.port)]


# Fake resolver: nothing here ever reaches a socket


BLOCKED = [
    ("10.0.0.5", "a private address"),
    ("172.16.3.4", "a private address"),
    ("192.168.1.1", "a private address"),
    ("169.254.169.254", "a link-local address"),
    ("100.64.0.1", "a shared (carrier-grade NAT) address"),
    ("0.0.0.0", "an unspecified address"),
    ("224.0.0.1", "a multicast address"),
    ("240.0.0.1", "a reserved address"),
    ("127.0.0.1", "a loopback address"),
    ("::1", "a loopback address"),
    ("fe80::1", "a link-local address"),
    ("fc00::1", "a private (unique-local) address"),
    ("::ffff:10.0.0.1", "an IPv4-mapped form of 10.0.0.1, a private address"),
    ("64:ff9b::a00:1", "a NAT64 address"),
    ("2002:a00:1::1", "a 6to4 address"),
]


@pytest.mark.parametrize(("address", "label"), BLOCKED)
def test_name_resolving_to_a_non_public_address_is_refused_before_connecting(
    no_loopback, connections, address: str, label: str
) -> None:
    resolver = FakeResolver({"www.example.test": [address]})

    with pytest.raises(PermanentFetchError) as error:
        fetch("https://www.example.test/news", resolver=resolver)

    shown = ipaddress.ip_address(address)
    assert (
        error.value.reason == f"Refused: www.example.test resolves to {shown}, {label}."
    )
    assert connections == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_literal_non_public_address_is_refused_without_a_lookup(
    no_loopback, connections, url: str
) -> None:
    with pytest.raises(PermanentFetchError, match=r"^Refused: .* is .*address\.$"):
        fetch(url, resolver=refuse_lookups)

    assert connections == []


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://0x7f.0.0.1/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://0177.0.0.1/",
        "http://017700000001/",
    ],
)
def test_numeric_spellings_of_loopback_are_refused_without_a_lookup(
    no_loopback, connections, url: str
) -> None:
    with pytest.raises(PermanentFetchError, match="^Refused: "):
        fetch(url, resolver=refuse_lookups)

    assert connections == []


def test_decimal_spelling_reason_names_the_address_it_means(no_loopback) -> None:
    with pytest.raises(PermanentFetchError) as error:
        fetch("http://2130706433/", resolver=refuse_lookups)

    assert (
        error.value.reason
        == "Refused: 2130706433 resolves to 127.0.0.1, a loopback address."
    )


def test_name_with_one_private_address_among_public_ones_is_refused(
    connections,
) -> None:
    resolver = FakeResolver({"www.example.test": ["93.184.215.14", "10.0.0.5"]})

    with pytest.raises(
        PermanentFetchError, match="resolves to 10.0.0.5, a private address"
    ):
        fetch("http://www.example.test/", resolver=resolver)

    assert connections == []


def test_public_address_is_the_one_connected_to(connections) -> None:
    resolver = FakeResolver({"www.example.test": ["93.184.215.14"]})

    with pytest.raises(
        TransientFetchError, match="Could not connect to www.example.test"
    ):
        fetch("http://www.example.test:8080/", resolver=resolver)

    assert connections == [("93.184.215.14", 8080)]


def test_loopback_is_allowed_only_by_the_setting(settings) -> None:
    loopback = ipaddress.ip_address("::ffff:127.0.0.1")

    assert (
        refusal(loopback, allow_loopback=False)
        == "an IPv4-mapped form of 127.0.0.1, a loopback address"
    )
    assert refusal(loopback, allow_loopback=True) == ""


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "1.1.1.1"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(ipaddress.ip_address(address), allow_loopback=False) == ""


def test_name_that_does_not_exist_is_permanent() -> None:
    def nxdomain(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(PermanentFetchError) as error:
        fetch("http://nowhere.example.test/", resolver=nxdomain)

    assert error.value.reason == "nowhere.example.test does not exist (no DNS record)."


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "file:///etc/passwd",
            "Refused: file:///etc/passwd is not a web address; file: URLs are not fetched, only http and https.",
        ),
        (
            "ftp://example.test/x",
            "Refused: ftp://example.test/x is not a web address; ftp: URLs are not fetched, only http and https.",
        ),
        (
            "javascript:alert(1)",
            "Refused: javascript:alert(1) is not a web address; javascript: URLs are not fetched, only http and https.",
        ),
        (
            "gopher://example.test/",
            "Refused: gopher://example.test/ is not a web address; gopher: URLs are not fetched, only http and https.",
        ),
        (
            "data:text/html,<p>hi</p>",
            "Refused: data:text/html,<p>hi</p> is not a web address; data: URLs are not fetched, only http and https.",
        ),
        (
            "example.test/news",
            "Refused: example.test/news is not a web address; URLs without a scheme are not fetched, only http and https.",
        ),
    ],
)
def test_other_schemes_are_refused(connections, url: str, reason: str) -> None:
    with pytest.raises(PermanentFetchError) as error:
        fetch(url, resolver=refuse_lookups)

    assert error.value.reason == reason
    assert connections == []


# Refusing an address when it is given, before anything is queued


def test_check_public_accepts_a_name_with_public_addresses(no_loopback, connections):
    resolver = FakeResolver({"news.example.test": ["93.184.216.34"]})

    check_public("https://news.example.test/story", resolver=resolver)

    assert (resolver.calls, connections) == (["news.example.test"], [])


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "https://inside.example.test/",
            "Refused: inside.example.test resolves to 10.0.0.5, a private address.",
        ),
        ("http://127.0.0.1:8000/", "Refused: 127.0.0.1 is a loopback address."),
        (
            "http://2130706433/",
            "Refused: 2130706433 resolves to 127.0.0.1, a loopback address.",
        ),
        (
            "ftp://news.example.test/",
            "Refused: ftp://news.example.test/ is not a web address; ftp: URLs are not "
            "fetched, only http and https.",
        ),
        (
            "https://nowhere.example.test/",
            "nowhere.example.test does not exist (no DNS record).",
        ),
    ],
)
def test_check_public_refuses_what_fetching_would(no_loopback, url, reason):
    def resolver(host: str, port: int) -> list[str]:
        if host == "nowhere.example.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return {"inside.example.test": ["10.0.0.5"]}[host]

    with pytest.raises(PermanentFetchError) as error:
        check_public(url, resolver=resolver)

    assert error.value.reason == reason


def test_check_public_leaves_a_failing_lookup_to_the_fetch(no_loopback):
    def resolver(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    check_public("https://news.example.test/", resolver=resolver)
