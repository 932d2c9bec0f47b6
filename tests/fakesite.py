"""A fake news site on 127.0.0.1 for tests and benchmarks: pages, feeds and misbehaving servers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Responder = Callable[[BaseHTTPRequestHandler], None]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients hanging up on purpose (size caps, timeouts) are part of the tests, not errors.
        pass


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class FakeSite:
    """Serves registered routes; a route with an ETag answers 304 to a matching If-None-Match."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | Responder] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.hits.append(self.path)
                route = site.routes.get(self.path)
                if route is None:
                    route = Route(b"not found", status=404, content_type="text/plain")
                if callable(route):
                    route(self)
                    return
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def page(
        self, path: str, title: str, paragraphs: list[str], **route: object
    ) -> str:
        """Register an article page; returns its URL."""
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        html = (
            f"<html><head><title>{title}</title></head><body><nav>Home | Deals | Share</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Newsletter</footer></body></html>"
        )
        self.routes[path] = Route(html.encode(), **route)  # type: ignore[arg-type]
        return self.url(path)

    def feed(self, path: str, links: list[tuple[str, str]], *, etag: str = "") -> str:
        """Register an RSS feed of (title, url) entries; returns its URL."""
        items = "".join(
            f"<item><title>{title}</title><link>{link}</link>"
            f"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>"
            for title, link in links
        )
        rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Deals</title>{items}</channel></rss>'
        headers = {"ETag": etag} if etag else {}
        self.routes[path] = Route(
            rss.encode(), content_type="application/rss+xml", headers=headers
        )
        return self.url(path)
