"""A real HTTP server on 127.0.0.1 for the ingestion tests: synthetic news pages, RSS and Atom feeds,
redirects, and responses that misbehave (slow, cut off, huge). Every request is recorded with its headers.

All text is synthetic (made up for the tests), never copied from real articles.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal, Self
from urllib.parse import unquote

Behaviour = Literal["normal", "slow", "stall", "broken", "huge"]

HTML = "text/html; charset=utf-8"
HUGE_BYTES = 20 * 1024 * 1024


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    content_type: str = HTML
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    behaviour: Behaviour = "normal"
    declare_length: bool = True


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]
    status: int


class LocalServer:
    """An HTTP server on 127.0.0.1 at a free port, in a background thread, from entering its block to
    leaving it; `stopping` is set first, for handlers that would otherwise go on writing."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class NewsServer(LocalServer):
    """Serves `routes` on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        super().__init__(_handler_for(self))

    def serve(self, path: str, body: str | bytes, content_type: str = HTML, **options: object) -> str:
        """Serve `body` on `path`; returns the full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, content_type, **options)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, headers={"Location": location})
        return self.url(path)

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path.split("?", 1)[0] == path]


def _handler_for(server: NewsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            path = unquote(self.path.split("?", 1)[0])
            route = server.routes.get(path) or Route(b"not found", "text/plain", 404)
            status = 304 if _unchanged(route, self.headers) else route.status
            server.requests.append(Seen(self.path, dict(self.headers.items()), status))
            # The client hangs up early on slow and huge pages, as it should.
            with suppress(BrokenPipeError, ConnectionResetError):
                self._answer(route, status)

        def _answer(self, route: Route, status: int) -> None:
            self.send_response(status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            self.send_header("Connection", "close")
            if status == 304 or status in {301, 302, 303, 307, 308}:
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_header("Content-Type", route.content_type)
            length = HUGE_BYTES if route.behaviour == "huge" else len(route.body)
            if route.behaviour == "broken":
                length = len(route.body) * 4
            if route.declare_length:
                self.send_header("Content-Length", str(length))
            self.end_headers()
            self._send_body(route)

        def _send_body(self, route: Route) -> None:
            if route.behaviour == "huge":
                block = b"<p>" + b"filler text " * 5000 + b"</p>\n"
                for _ in range(HUGE_BYTES // len(block) + 1):
                    self.wfile.write(block)
            elif route.behaviour == "slow":
                for byte in route.body:  # one byte at a time, never pausing long enough for a read timeout
                    if server.stopping.wait(0.2):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            elif route.behaviour == "stall":
                server.stopping.wait(30)
            else:
                self.wfile.write(route.body)  # "broken" declared 4x this length, then closes

    return Handler


def _unchanged(route: Route, headers: Message) -> bool:
    """A conditional request whose validator still matches: answered 304 Not Modified."""
    if route.etag and headers.get("If-None-Match") == route.etag:
        return True
    return bool(route.last_modified and headers.get("If-Modified-Since") == route.last_modified)


# -- synthetic content ---------------------------------------------------------------------------------


def article_html(
    title: str,
    paragraphs: Sequence[str],
    author: str = "",
    site: str = "",
    published: str = "",
) -> str:
    """A news page with navigation and footer around the article, and the usual metadata tags."""
    meta = [f'<meta property="og:title" content="{escape(title)}">']
    if author:
        meta.append(f'<meta name="author" content="{escape(author)}">')
    if site:
        meta.append(f'<meta property="og:site_name" content="{escape(site)}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title>{''.join(meta)}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Contact us. Privacy policy. All rights reserved.</footer></body></html>"
    )


@dataclass(frozen=True)
class Item:
    title: str
    link: str
    guid: str
    published: datetime


def rss_feed(title: str, items: Sequence[Item]) -> str:
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>{escape(i.link)}</link>"
        f"<guid isPermaLink='false'>{escape(i.guid)}</guid>"
        f"<pubDate>{format_datetime(i.published)}</pubDate><description>Teaser.</description></item>"
        for i in items
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
        f"<title>{escape(title)}</title><link>http://example.invalid/</link>"
        f"<description>Synthetic test feed</description>{entries}</channel></rss>"
    )


def atom_feed(title: str, items: Sequence[Item]) -> str:
    entries = "".join(
        f"<entry><title>{escape(i.title)}</title><link href='{escape(i.link)}'/>"
        f"<id>{escape(i.guid)}</id><updated>{i.published.isoformat()}</updated></entry>"
        for i in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>{escape(title)}</title><id>urn:test:{escape(title)}</id>"
        f"<updated>{datetime(2024, 5, 1, tzinfo=UTC).isoformat()}</updated>{entries}</feed>"
    )
