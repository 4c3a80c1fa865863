"""Fetch web pages and feeds safely: size, time and redirect limits, and no requests to internal addresses.

A link sent to the bot is untrusted input, so every hop of a fetch (the first URL and each redirect) is
checked before it is requested: http(s) only, and every address the host name resolves to must be public
unless `allow_private_urls` is set. After connecting, the address actually connected to is checked again,
so a host name that resolves differently the second time (DNS rebinding) still cannot leak internal pages.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

from index.errors import ArticleError
from index.settings import Settings

log = logging.getLogger(__name__)

USER_AGENT = "Newsdesk/0.1 (news question-answering bot; +https://github.com/newsdesk)"

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "text/plain",
    *HTML_TYPES,  # many servers label feeds text/html; feedparser decides
)

# Query parameters that only track the reader: the same article with or without them is one URL.
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid"}
    | {"_ga", "_gl", "ref_src", "ref_url", "cmpid", "ocid", "smid", "spm", "at_medium", "at_campaign"}
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__hs")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# The content codings Newsdesk decodes itself (zlib window bits for each), and the most it inflates per step.
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_INFLATE_STEP = 64 * 1024
# httpcore's trace events that hand over a new connection's stream (plain, then after the TLS handshake).
_CONNECTED = frozenset({"connection.connect_tcp.complete", "connection.start_tls.complete"})

AddressPolicy = Callable[[ipaddress.IPv4Address | ipaddress.IPv6Address], bool]


class FetchError(ArticleError):
    """A page or feed could not be fetched; the message says why in the reader's terms."""


class BlockedAddressError(FetchError):
    """The URL points at a non-public address or an unsupported scheme."""


def normalize_url(url: str) -> str:
    """The canonical form of a URL: lower-case scheme and host, no fragment, no tracking parameters."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:  # e.g. "Port out of range 0-65535", "Invalid IPv6 URL"
        raise _malformed(url, error) from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not scheme or not host:
        raise FetchError(f"{url!r} is not a web address (expected http://... or https://...)")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    if parts.username:
        credentials = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{credentials}@{netloc}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _malformed(url: str, error: Exception) -> FetchError:
    reason = str(error) or type(error).__name__
    return FetchError(f"{url!r} is not a valid web address ({reason[:1].lower()}{reason[1:]})")


def _join(base: str, link: str) -> str:
    """`link` resolved against `base`; FetchError (not ValueError) when `link` is malformed."""
    try:
        return urljoin(base, link)
    except ValueError as error:
        raise _malformed(link, error) from None


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES)


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for globally routable unicast addresses; loopback, private, link-local etc. are not."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _parse_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


@dataclass(frozen=True)
class Page:
    """A fetched response: where it ended up, what it is, and its body (empty for 304 Not Modified)."""

    url: str
    status: int
    content_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One HTTP client with Newsdesk's limits; safe to share between threads."""

    def __init__(self, settings: Settings, address_allowed: AddressPolicy | None = None) -> None:
        self.timeout = settings.fetch_timeout_seconds
        self.max_bytes = int(settings.max_page_mb * 1_000_000)
        self.max_redirects = settings.max_redirects
        self.address_allowed: AddressPolicy = address_allowed or (
            (lambda _address: True) if settings.allow_private_urls else is_public
        )
        # trust_env=False: the address checks assume a direct connection, never a proxy from the environment.
        # No keep-alive: each fetch's watchdog may shut its connection, which must never serve another fetch.
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            limits=httpx.Limits(max_keepalive_connections=0),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def check_url(self, url: str) -> str:
        """The normalised URL if it may be fetched; else BlockedAddressError saying why."""
        normalized = normalize_url(url)
        parts = urlsplit(normalized)
        if parts.scheme not in _DEFAULT_PORTS:
            raise BlockedAddressError(f"{url}: only http and https links can be fetched")
        host = parts.hostname or ""
        for address in self._resolve(host, parts.port or _DEFAULT_PORTS[parts.scheme]):
            if not self.address_allowed(address):
                named = "" if _parse_address(host) is not None else f"{host} resolves to "
                raise BlockedAddressError(
                    f"{url}: {named}an internal address ({address}); links must point to public "
                    "web sites (set NEWSDESK_ALLOW_PRIVATE_URLS=1 to allow an intranet)"
                )
        return normalized

    def _resolve(self, host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        literal = _parse_address(host)
        if literal is not None:
            return [literal]
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise FetchError(f"{host}: no such host (the name does not resolve)") from None
        found = [a for a in (_parse_address(str(info[4][0])) for info in infos) if a is not None]
        if not found:  # nothing to check means nothing that may be fetched
            raise FetchError(f"{host}: no such host (the name does not resolve)")
        return found

    def fetch(
        self, url: str, accept: tuple[str, ...] = HTML_TYPES, headers: Mapping[str, str] | None = None
    ) -> Page:
        """GET `url`, following redirects, checking every hop; the body is capped at max_page_mb and the
        whole fetch (every hop, headers and body) at fetch_timeout_seconds."""
        current = self.check_url(url)
        with _Watchdog(self.timeout) as watchdog:
            for _hop in range(self.max_redirects + 1):
                with self._stream(current, headers, watchdog) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        current = self.check_url(_join(current, response.headers["location"]))
                        continue
                    return self._read(url, current, response, accept, watchdog)
        raise FetchError(f"{url}: more than {self.max_redirects} redirects; giving up")

    @contextmanager
    def _stream(
        self, url: str, headers: Mapping[str, str] | None, watchdog: _Watchdog
    ) -> Iterator[httpx.Response]:
        watchdog.check(url)  # a redirect found after the deadline is not followed
        trace = {"trace": watchdog.trace}
        # The time left, not the whole timeout: connecting for a later hop must not outlast the deadline.
        limit = httpx.Timeout(watchdog.remaining())
        try:
            with self.client.stream(
                "GET", url, headers=dict(headers or {}), extensions=trace, timeout=limit
            ) as response:
                self._check_peer(url, response)
                yield response
        except httpx.InvalidURL as error:  # a URL urllib accepts but httpx cannot send
            raise _malformed(url, error) from None
        except httpx.HTTPError as error:
            watchdog.check(url)  # the watchdog shut the connection: say so, not "the connection broke"
            if isinstance(error, httpx.TimeoutException):
                raise FetchError(f"{url}: the site did not answer within {self.timeout:g} s") from None
            raise FetchError(f"{url}: the download failed ({_describe(error)})") from None

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        """Refuse a response from a non-public address even if DNS changed its answer since check_url."""
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        address = _parse_address(str(peer[0])) if peer else None
        if address is not None and not self.address_allowed(address):
            raise BlockedAddressError(f"{url}: the site's address changed to an internal one ({address})")

    def _read(
        self, url: str, final: str, response: httpx.Response, accept: tuple[str, ...], watchdog: _Watchdog
    ) -> Page:
        if response.status_code == 304:
            return Page(final, 304, "", b"", dict(response.headers))
        if response.status_code >= 400:
            raise FetchError(f"{url}: the site answered {response.status_code} {response.reason_phrase}")
        content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type and content_type not in accept:
            raise FetchError(f"{url}: this is {content_type}, not a web page Newsdesk can read")
        declared = response.headers.get("content-length", "")
        if declared.isdecimal() and int(declared) > self.max_bytes:
            raise FetchError(f"{url}: the page is {int(declared) / 1e6:.1f} MB, {self._limit_text()}")
        body = self._read_body(url, response, watchdog)
        return Page(final, response.status_code, content_type, body, dict(response.headers))

    def _read_body(self, url: str, response: httpx.Response, watchdog: _Watchdog) -> bytes:
        """The decoded body, refused as soon as it (or what was sent for it) passes the size limit."""
        coding = _content_coding(url, response.headers.get("content-encoding", ""))
        decode = _Inflater(url, coding).pieces if coding else _unchanged
        body = bytearray()
        sent = 0
        # iter_raw, not iter_bytes: httpx would inflate each network read whole, however large it expands.
        for data in response.iter_raw():
            watchdog.answered = True
            sent += len(data)  # counted too: empty deflate blocks would send forever and decode to nothing
            if sent > self.max_bytes:
                raise FetchError(f"{url}: the page is {self._limit_text()}")
            for piece in decode(data):
                body.extend(piece)
                if len(body) > self.max_bytes:
                    raise FetchError(f"{url}: the page is {self._limit_text()}")
            watchdog.check(url)
        watchdog.check(url)  # a body without a length ends cleanly when the watchdog shuts the connection
        return bytes(body)

    def _limit_text(self) -> str:
        return f"over the {self.max_bytes / 1e6:g} MB limit (NEWSDESK_MAX_PAGE_MB)"


def _content_coding(url: str, header: str) -> str:
    """The one coding (gzip or deflate) to undo, "" for none; FetchError for anything else."""
    codings = [c.strip().lower() for c in header.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:  # layers multiply a bomb's expansion; no real site needs them
        raise FetchError(f"{url}: the page is compressed in layers ({header}); Newsdesk reads only one")
    if codings and codings[0] not in _WBITS:
        raise FetchError(f"{url}: the page is compressed as {codings[0]}, which Newsdesk cannot read")
    return codings[0] if codings else ""


class _Inflater:
    """Undoes a gzip or deflate coding at most _INFLATE_STEP bytes at a time, so a small compressed page
    that expands enormously is stopped at the size limit instead of being inflated whole first."""

    def __init__(self, url: str, coding: str) -> None:
        self.url = url
        self.coding = coding
        self.zlib = zlib.decompressobj(_WBITS[coding])
        # "deflate" means zlib-wrapped, but some servers send it raw: retried so if the header is wrong.
        self.raw_fallback = coding == "deflate"

    def pieces(self, data: bytes) -> Iterator[bytes]:
        while not self.zlib.eof:  # anything after the end of the compressed stream is ignored
            piece = self._step(data)
            yield piece
            data = self.zlib.unconsumed_tail
            if not data and len(piece) < _INFLATE_STEP:  # a full step may leave output inside zlib
                return

    def _step(self, data: bytes) -> bytes:
        try:
            piece = self.zlib.decompress(data, _INFLATE_STEP)
        except zlib.error:
            if not self.raw_fallback:
                raise FetchError(f"{self.url}: the page's {self.coding} compression is damaged") from None
            self.raw_fallback = False
            self.zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._step(data)
        self.raw_fallback = False
        return piece


def _unchanged(data: bytes) -> Iterator[bytes]:
    yield data


class _Watchdog:
    """Ends a fetch at its deadline whatever phase it is in (connecting, headers, body) by shutting its
    socket: httpx's timeouts bound each read, so a server sending a byte a second could go on forever.

    One per fetch; the timer thread and the fetching thread share only lock-guarded state. The Fetcher
    never reuses connections, so the socket shut is always this fetch's own, never another thread's."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.answered = False  # whether any of the body arrived: says which message a late fetch gets
        self._deadline = time.monotonic() + seconds
        self._expired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's trace hook: keep each new connection's socket, and shut it at once if already late."""
        stream = info.get("return_value") if event in _CONNECTED else None
        if stream is None:
            return
        sock = stream.get_extra_info("socket")
        with self._lock:
            self._socket = sock
            late = self._expired
        if late:
            _shut(sock)

    def remaining(self) -> float:
        return max(self._deadline - time.monotonic(), 0.01)

    def check(self, url: str) -> None:
        """FetchError if the deadline has passed."""
        with self._lock:
            expired = self._expired
        if not expired:
            return
        if self.answered:
            raise FetchError(f"{url}: the download took longer than {self.seconds:g} s")
        raise FetchError(f"{url}: the site did not answer within {self.seconds:g} s")

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            sock = self._socket
        _shut(sock)


def _shut(sock: socket.socket | None) -> None:
    # shutdown, not close: it wakes a read blocked in another thread. The plain socket's method, so a TLS
    # socket is cut without touching its SSL state while the fetching thread is inside it.
    if sock is not None:
        with suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _describe(error: httpx.HTTPError) -> str:
    # httpx parses a redirect's Location even when not following it, and reports a malformed one so.
    if isinstance(error, httpx.RemoteProtocolError) and "location header" in str(error).lower():
        return "the site redirected to an invalid address"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return "the connection broke off before the page was complete"
    if isinstance(error, httpx.ConnectError):
        return "cannot connect to the site"
    if isinstance(error, httpx.TooManyRedirects):
        return "too many redirects"
    return type(error).__name__
