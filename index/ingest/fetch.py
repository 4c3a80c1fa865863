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
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
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

AddressPolicy = Callable[[ipaddress.IPv4Address | ipaddress.IPv6Address], bool]


class FetchError(ArticleError):
    """A page or feed could not be fetched; the message says why in the reader's terms."""


class BlockedAddressError(FetchError):
    """The URL points at a non-public address or an unsupported scheme."""


def normalize_url(url: str) -> str:
    """The canonical form of a URL: lower-case scheme and host, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not scheme or not host:
        raise FetchError(f"{url!r} is not a web address (expected http://... or https://...)")
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    if parts.username:
        credentials = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{credentials}@{netloc}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


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
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
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
        """GET `url`, following redirects, checking every hop; the body is capped at max_page_mb."""
        current = self.check_url(url)
        deadline = time.monotonic() + self.timeout
        for _hop in range(self.max_redirects + 1):
            with self._stream(current, headers) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = self.check_url(urljoin(current, response.headers["location"]))
                    continue
                return self._read(url, current, response, accept, deadline)
        raise FetchError(f"{url}: more than {self.max_redirects} redirects; giving up")

    @contextmanager
    def _stream(self, url: str, headers: Mapping[str, str] | None) -> Iterator[httpx.Response]:
        try:
            with self.client.stream("GET", url, headers=dict(headers or {})) as response:
                self._check_peer(url, response)
                yield response
        except httpx.TimeoutException:
            raise FetchError(f"{url}: the site did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: the download failed ({_describe(error)})") from None

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        """Refuse a response from a non-public address even if DNS changed its answer since check_url."""
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        address = _parse_address(str(peer[0])) if peer else None
        if address is not None and not self.address_allowed(address):
            raise BlockedAddressError(f"{url}: the site's address changed to an internal one ({address})")

    def _read(
        self, url: str, final: str, response: httpx.Response, accept: tuple[str, ...], deadline: float
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
        body = bytearray()
        for piece in response.iter_bytes():  # no chunk_size: httpx would buffer up to it
            body.extend(piece)
            if len(body) > self.max_bytes:
                raise FetchError(f"{url}: the page is larger than {self._limit_text()}")
            # The per-read timeout alone lets a server drip bytes forever; this bounds the whole download.
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: the download took longer than {self.timeout:g} s")
        return Page(final, response.status_code, content_type, bytes(body), dict(response.headers))

    def _limit_text(self) -> str:
        return f"over the {self.max_bytes / 1e6:g} MB limit (NEWSDESK_MAX_PAGE_MB)"


def _describe(error: httpx.HTTPError) -> str:
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return "the connection broke off before the page was complete"
    if isinstance(error, httpx.ConnectError):
        return "cannot connect to the site"
    if isinstance(error, httpx.TooManyRedirects):
        return "too many redirects"
    return type(error).__name__
