"""Hostile and malformed input to the fetcher, against real HTTP servers on 127.0.0.1: compression bombs,
unreadable codings, malformed URLs, headers dripped forever, and feeds that moved behind a redirect."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

import pytest

from index.cli.commands import main
from index.ingest.fetch import Fetcher, FetchError, normalize_url
from index.ingest.service import Ingest
from index.settings import Settings
from tests.news_server import Item, LocalServer, NewsServer, article_html, rss_feed

MB = 1_000_000
GZIP, ZLIB, RAW_DEFLATE = zlib.MAX_WBITS | 16, zlib.MAX_WBITS, -zlib.MAX_WBITS
# What the fetcher may hold while refusing a bomb: the 5 MB limit, its growth and a few read buffers.
BOUNDED = 25 * MB

KELDA_PAGE = article_html(
    "Kelda Ferry Gets an Electric Twin",
    [
        "The Kelda ferry company put its first electric ferry into service on Monday, on the crossing to "
        "the island of Varn.",
        "The ship carries 180 passengers and 40 cars and charges its batteries in twelve minutes.",
        "A second electric ferry of the same design is due in the spring, the company said.",
    ],
    site="Fjord Post",
    published="2024-07-01",
)


def compressed_zeros(megabytes: int, wbits: int) -> bytes:
    """`megabytes` MB of zero bytes compressed (about a thousandth of the size), built a MB at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(MB)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


def compressed(data: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


def refusal_and_peak(fetch: Callable[[], object]) -> tuple[FetchError, int]:
    """The FetchError `fetch` raises, and the most memory Python held meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as refused:
            fetch()
        return refused.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_layered_compression_bomb_is_refused_without_inflating_it(
    news_server: NewsServer, web_settings: Settings
) -> None:
    """A small page gzipped twice over, which would inflate to 300 MB, is refused in one line naming the
    URL, and the fetcher never holds more than a few MB while refusing it."""
    bomb = gzip.compress(compressed_zeros(300, GZIP))
    url = news_server.serve("/bomb", bomb, headers={"Content-Encoding": "gzip, gzip"})
    with Fetcher(web_settings) as fetcher:
        error, peak = refusal_and_peak(lambda: fetcher.fetch(url))
    assert error.message == f"{url}: the page is compressed in layers (gzip, gzip); Newsdesk reads only one"
    assert peak < BOUNDED, f"held {peak / MB:.0f} MB"


@pytest.mark.parametrize(
    ("coding", "wbits"), [("gzip", GZIP), ("deflate", ZLIB), ("deflate", RAW_DEFLATE)], ids=str
)
def test_one_compression_layer_is_read_and_stopped_at_the_limit(
    news_server: NewsServer, web_settings: Settings, coding: str, wbits: int
) -> None:
    """A gzip or deflate page (zlib-wrapped or raw) reads as the page; one that would inflate to 200 MB
    is refused at the 5 MB limit, inflated only a step at a time, so memory stays bounded."""
    page = news_server.serve(
        "/page", compressed(KELDA_PAGE.encode(), wbits), headers={"Content-Encoding": coding}
    )
    bomb = news_server.serve("/bomb", compressed_zeros(200, wbits), headers={"Content-Encoding": coding})
    with Fetcher(web_settings) as fetcher:
        assert fetcher.fetch(page).body.decode() == KELDA_PAGE
        error, peak = refusal_and_peak(lambda: fetcher.fetch(bomb))
    assert error.message == f"{bomb}: the page is over the 5 MB limit (NEWSDESK_MAX_PAGE_MB)"
    assert peak < BOUNDED, f"held {peak / MB:.0f} MB"
    assert news_server.hits("/bomb")[0].headers["Accept-Encoding"] == "gzip, deflate"


def test_a_coding_the_fetcher_cannot_read_is_refused(news_server: NewsServer, web_settings: Settings) -> None:
    """A page in a coding Newsdesk did not ask for (br) is refused by name, not read as garbage."""
    url = news_server.serve("/brotli", b"\x1b\x00\xf8\xa5\x00", headers={"Content-Encoding": "br"})
    with Fetcher(web_settings) as fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch(url)
    assert refused.value.message == f"{url}: the page is compressed as br, which Newsdesk cannot read"


def test_an_oversized_page_is_refused_in_plain_words(news_server: NewsServer, web_settings: Settings) -> None:
    """A page of unannounced length that passes the limit is refused as "over the 5 MB limit"."""
    url = news_server.serve("/huge", b"", behaviour="huge", declare_length=False)
    with Fetcher(web_settings) as fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch(url)
    assert refused.value.message == f"{url}: the page is over the 5 MB limit (NEWSDESK_MAX_PAGE_MB)"


MALFORMED = [
    ("http://example.com:99999/story", "port out of range 0-65535"),
    ("http://[::1/feed", "invalid IPv6 URL"),
]


@pytest.mark.parametrize(("url", "reason"), MALFORMED)
def test_a_malformed_url_is_refused_in_one_line(
    news_server: NewsServer, web_settings: Settings, url: str, reason: str
) -> None:
    """A malformed URL, given directly or as a redirect's target, is a FetchError in the reader's words,
    not a ValueError; so is one only httpx rejects (a control character)."""
    with pytest.raises(FetchError) as refused:
        normalize_url(url)
    assert refused.value.message == f"{url!r} is not a valid web address ({reason})"
    moved = news_server.redirect("/moved", url)
    with Fetcher(web_settings) as fetcher:
        for link in [url, moved, news_server.url("/a\x00b")]:
            with pytest.raises(FetchError, match=r"not a valid web address|redirected to an invalid address"):
                fetcher.fetch(link)


@pytest.mark.parametrize(("url", "reason"), MALFORMED)
def test_the_cli_reports_a_malformed_url_without_a_traceback(
    web_cli_env: Settings, capsys: pytest.CaptureFixture[str], url: str, reason: str
) -> None:
    """`newsdesk add URL` and `newsdesk feeds add URL` print one line naming the URL and exit 3."""
    assert main(["add", url]) == 3
    assert capsys.readouterr().err == f"skipped: {url!r} is not a valid web address ({reason})\n"
    assert main(["feeds", "add", url]) == 3
    assert capsys.readouterr().err == f"newsdesk: {url!r} is not a valid web address ({reason})\n"


def test_malformed_item_links_fail_only_their_items(ingest: Ingest, news_server: NewsServer) -> None:
    """A feed whose items include malformed links (with and without a guid) still indexes its good
    items; each bad one is a failed item, counted for a retry like any other fetch failure."""
    good = news_server.serve("/news/kelda", KELDA_PAGE)
    stamp = "Mon, 01 Jul 2024 08:00:00 GMT"
    feed = (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>Fjord Post</title>"
        f"<item><title>Ferry</title><link>{good}</link><guid>urn:kelda</guid><pubDate>{stamp}</pubDate></item>"
        "<item><title>Bad port</title><link>http://example.com:99999/story</link><guid>urn:port</guid></item>"
        "<item><title>Bad address</title><link>http://[::1/feed</link></item>"
        "</channel></rss>"
    )
    feed_url = news_server.serve("/bad-links.xml", feed, "application/rss+xml")
    ingest.feeds.subscribe(feed_url)
    result = ingest.feeds.poll().feeds[0]
    assert result.error == "" and [a.url for a in result.indexed] == [good]
    assert sorted(p.message for p in result.problems) == [
        "'http://[::1/feed' is not a valid web address (invalid IPv6 URL)",
        "'http://example.com:99999/story' is not a valid web address (port out of range 0-65535)",
    ]
    stored = ingest.registry.get(feed_url)
    assert stored.seen == ["urn:kelda"] and stored.failures == {"urn:port": 1, "http://[::1/feed": 1}


class HeaderDripServer(LocalServer):
    """Answers every request on 127.0.0.1 with a status line, then one header line every 0.2 s for 30 s:
    each read gets data well within any read timeout, yet the headers never end."""

    def __init__(self) -> None:
        super().__init__(_dripping_headers(self))


def _dripping_headers(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            with suppress(BrokenPipeError, ConnectionResetError):  # the client hangs up, as it should
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
                for line in range(150):
                    if server.stopping.wait(0.2):
                        return
                    self.wfile.write(f"X-Drip-{line}: still coming\r\n".encode())
                    self.wfile.flush()

    return Handler


def test_headers_dripped_forever_end_at_the_deadline(news_server: NewsServer, web_settings: Settings) -> None:
    """A server dripping header lines (never long enough apart for a read timeout) is cut off at the 1 s
    fetch deadline with a one-line error naming the URL, while another thread's fetch through the same
    Fetcher still gets its page."""
    settings = web_settings.model_copy(update={"fetch_timeout_seconds": 1.0})
    page = news_server.serve("/news/kelda", KELDA_PAGE)
    with HeaderDripServer() as drip, Fetcher(settings) as fetcher, ThreadPoolExecutor(2) as pool:
        dripping = pool.submit(fetcher.fetch, drip.url("/feed"))
        normal = pool.submit(fetcher.fetch, page)
        with pytest.raises(FetchError) as late:
            dripping.result(timeout=60)
        assert normal.result(timeout=60).body.decode() == KELDA_PAGE
    assert late.value.message == f"{drip.url('/feed')}: the site did not answer within 1 s"


def test_relative_item_links_are_joined_to_the_feed_after_redirects(
    ingest: Ingest, news_server: NewsServer
) -> None:
    """A feed reached through a redirect to /f/sub/feed2.xml resolves its item link "s5" against that
    address (/f/sub/s5), not against the subscribed /f/feed.xml."""
    article = news_server.serve("/f/sub/s5", KELDA_PAGE)
    item = Item("Ferry", "s5", "urn:kelda", datetime(2024, 7, 1, 8, 0, tzinfo=UTC))
    news_server.serve("/f/sub/feed2.xml", rss_feed("Fjord Post", [item]), "application/rss+xml")
    feed_url = news_server.redirect("/f/feed.xml", "/f/sub/feed2.xml")
    ingest.feeds.subscribe(feed_url)
    result = ingest.feeds.poll().feeds[0]
    assert result.problems == [] and [a.url for a in result.indexed] == [article]
    assert news_server.hits("/f/s5") == []
