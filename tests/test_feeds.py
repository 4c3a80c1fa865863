"""RSS and Atom feeds polled from a real HTTP server on 127.0.0.1: new items indexed, none lost or doubled."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from index.cli.commands import main
from index.desk import Newsdesk
from index.errors import NotFoundError, StoreError
from index.ingest.feeds import MAX_ITEM_ATTEMPTS, Feed, FeedRegistry, feeds_table
from index.ingest.fetch import FetchError
from index.ingest.origins import describe_origin
from index.ingest.service import Ingest
from index.settings import Settings
from index.store.embeddings import Embedder
from tests.news_server import Item, NewsServer, article_html, atom_feed, rss_feed

# Synthetic stories: (slug, title, paragraphs). Each holds one fact a question can ask for.
STORIES = [
    (
        "tram",
        "Velmar Opens Its First Tram Line",
        [
            "Velmar opened its first tram line on Saturday, linking the railway station with the university.",
            "The line is 9 kilometres long, has 14 stops and cost 310 million euros to build.",
            "Trams will run every six minutes at peak hours, the transport company said.",
        ],
    ),
    (
        "orchard",
        "Frost Damages Apricot Orchards in Dravia",
        [
            "A late frost damaged about 60 percent of the apricot orchards in the Dravia valley last week.",
            "Growers' association chair Mirela Kos said the harvest would be the smallest in two decades.",
            "The regional government promised emergency aid of 4 million euros to affected farms.",
        ],
    ),
    (
        "museum",
        "Maritime Museum Reopens in Port Ellery",
        [
            "The maritime museum of Port Ellery reopened on Friday after a two-year renovation.",
            "Its new hall displays the restored schooner Albatross, built in 1887 in the town's shipyard.",
            "Admission will be free for residents during the first month, the mayor announced.",
        ],
    ),
    (
        "strike",
        "Dock Workers in Halvik End Strike",
        [
            "Dock workers in Halvik ended a nine-day strike on Monday after accepting a 7 percent pay rise.",
            "The strike had left more than 40 cargo ships waiting outside the port.",
            "The union said the agreement also limits night shifts to three a week.",
        ],
    ),
    (
        "library",
        "Sorrin Library Gets Solar Roof",
        [
            "The central library of Sorrin switched on a solar roof of 1,200 panels on Wednesday.",
            "The panels are expected to cover two thirds of the building's electricity use.",
            "The project was funded by a local energy cooperative with 900 members.",
        ],
    ),
]


def publish(news_server: NewsServer, count: int, dated_pages: bool = True) -> list[Item]:
    """Serve the first `count` stories as pages; return them as feed items, newest first."""
    items = []
    for day, (slug, title, paragraphs) in enumerate(STORIES[:count], start=1):
        published = datetime(2024, 6, day, 8, 0, tzinfo=UTC)
        page = article_html(
            title, paragraphs, site="Valley Courier", published=published.isoformat() if dated_pages else ""
        )
        link = news_server.serve(f"/news/{slug}", page)
        items.append(Item(title, link + "?utm_source=rss", f"urn:courier:{slug}", published))
    return items[::-1]


def serve_rss(news_server: NewsServer, items: list[Item], etag: str = '"v1"', last_modified: str = "") -> str:
    return news_server.serve(
        "/rss.xml",
        rss_feed("Valley Courier", items),
        "application/rss+xml",
        etag=etag,
        last_modified=last_modified,
    )


def test_rss_items_are_indexed_with_their_metadata(ingest: Ingest, news_server: NewsServer) -> None:
    """Each new item's page is fetched and indexed; the feed supplies a date the page lacks, the day it
    was where it was published (23:30 on 3 June at UTC-5 is 3 June, though 4 June in UTC)."""
    items = publish(news_server, 3, dated_pages=False)
    late_evening = datetime(2024, 6, 3, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    items[0] = dataclasses.replace(items[0], published=late_evening)  # the museum story
    feed_url = serve_rss(news_server, items)
    ingest.feeds.subscribe(feed_url)
    report = ingest.feeds.poll()
    assert report.summary() == "Valley Courier: 3 new article(s), 3 chunk(s)"
    records = {r.title: r for r in ingest.desk.articles()}
    assert set(records) == {title for _, title, _ in STORIES[:3]}
    museum = records["Maritime Museum Reopens in Port Ellery"]
    assert (museum.url, museum.source, museum.published, museum.origin) == (
        news_server.url("/news/museum"),
        "Valley Courier",
        "2024-06-03",
        f"feed {feed_url}",
    )
    assert describe_origin(museum) == "from the feed 127.0.0.1"
    answer = ingest.desk.ask("How much did the Velmar tram line cost?")
    assert "310 million euros" in answer.text
    tram = news_server.url("/news/tram")
    assert [s.url for s in answer.sources if "310 million euros" in s.quote] == [tram]


def test_atom_feeds_are_indexed_too(ingest: Ingest, news_server: NewsServer) -> None:
    """An Atom feed's entries are indexed like RSS items, dated by the page."""
    feed_url = news_server.serve(
        "/atom.xml", atom_feed("Courier Atom", publish(news_server, 2)), "application/atom+xml"
    )
    feed = ingest.feeds.subscribe(feed_url)
    assert feed.title == "Courier Atom"
    assert ingest.feeds.poll().indexed == 2
    assert {r.published for r in ingest.desk.articles()} == {"2024-06-01", "2024-06-02"}
    assert "60 percent" in ingest.desk.ask("How many apricot orchards did the frost damage in Dravia?").text


def test_conditional_requests_are_honoured(ingest: Ingest, news_server: NewsServer) -> None:
    """The next poll sends If-None-Match / If-Modified-Since; a 304 costs no item fetch."""
    stamp = "Sat, 01 Jun 2024 08:00:00 GMT"
    feed_url = serve_rss(news_server, publish(news_server, 2), etag='"v1"', last_modified=stamp)
    ingest.feeds.subscribe(feed_url)
    ingest.feeds.poll()
    page_hits = len(news_server.hits("/news/tram"))
    second = ingest.feeds.poll()
    request = news_server.hits("/rss.xml")[-1]
    assert (request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since")) == ('"v1"', stamp)
    assert request.status == 304
    assert second.summary() == "Valley Courier: unchanged since the last poll"
    assert len(news_server.hits("/news/tram")) == page_hits


def test_new_items_are_picked_up_and_old_ones_not_refetched(ingest: Ingest, news_server: NewsServer) -> None:
    """When the feed changes, only the items not seen before are fetched and indexed."""
    feed_url = serve_rss(news_server, publish(news_server, 2), etag='"v1"')
    ingest.feeds.subscribe(feed_url)
    ingest.feeds.poll()
    serve_rss(news_server, publish(news_server, 3), etag='"v2"')
    report = ingest.feeds.poll()
    assert [a.title for a in report.feeds[0].indexed] == ["Maritime Museum Reopens in Port Ellery"]
    assert len(news_server.hits("/news/tram")) == 1
    assert ingest.registry.get(feed_url).etag == '"v2"'


def test_one_broken_feed_never_stops_the_others(ingest: Ingest, news_server: NewsServer) -> None:
    """Failing feeds keep their error, shown in the feed list; the working feed is indexed."""
    good = serve_rss(news_server, publish(news_server, 2))
    ingest.feeds.subscribe(good)
    broken = {
        news_server.serve("/feeds/error.xml", "oops", "text/plain", status=500): "answered 500",
        news_server.serve(
            "/feeds/page.xml", "<html><body>Hello</body></html>", "text/html"
        ): "not an RSS or Atom",
        news_server.serve(
            "/feeds/cut.xml", rss_feed("Cut", []), "application/rss+xml", behaviour="broken"
        ): "broke off",
    }
    for url in broken:
        # Subscribed while they still worked; they broke afterwards.
        ingest.registry.add(ingest.registry.get(good).model_copy(update={"url": url, "seen": [], "etag": ""}))
    report = ingest.feeds.poll()
    results = {f.url: f for f in report.feeds}
    assert len(results[good].indexed) == 2
    for url, reason in broken.items():
        assert reason in results[url].error and reason in ingest.registry.get(url).last_error
    table = feeds_table(ingest.registry.feeds())
    assert "answered 500" in table and "2 indexed" in table


def test_item_limit_spreads_a_large_backlog_over_polls(
    web_settings: Settings, embedder: Embedder, news_server: NewsServer
) -> None:
    """With 2 items per poll, 5 new items take 3 polls; validators are kept only once all are in."""
    limited = Ingest(Newsdesk(web_settings.model_copy(update={"feed_items_per_poll": 2}), embedder))
    feed_url = serve_rss(news_server, publish(news_server, 5), etag='"v1"')
    limited.feeds.subscribe(feed_url)
    counts = []
    for _ in range(3):
        result = limited.feeds.poll().feeds[0]
        counts.append((len(result.indexed), result.pending, limited.registry.get(feed_url).etag))
    limited.close()
    assert counts == [(2, 3, ""), (2, 1, ""), (1, 0, '"v1"')]
    assert len(limited.desk.articles()) == 5
    assert all("If-None-Match" not in r.headers for r in news_server.hits("/rss.xml"))


def test_a_failed_item_is_retried_then_given_up(ingest: Ingest, news_server: NewsServer) -> None:
    """An item page that fails is retried on later polls (no 304 hides it), and given up after a few."""
    items = publish(news_server, 2)
    feed_url = serve_rss(news_server, items)
    news_server.serve("/news/orchard", "", status=503)
    ingest.feeds.subscribe(feed_url)
    for attempt in range(1, MAX_ITEM_ATTEMPTS + 1):
        result = ingest.feeds.poll().feeds[0]
        assert "answered 503" in str(result.problems[0])
        feed = ingest.registry.get(feed_url)
        assert (feed.etag == "") == (attempt < MAX_ITEM_ATTEMPTS)
    assert ingest.feeds.poll().feeds[0].not_modified
    assert [r.title for r in ingest.desk.articles()] == ["Velmar Opens Its First Tram Line"]


def test_an_item_that_failed_half_way_is_picked_up_next_poll(ingest: Ingest, news_server: NewsServer) -> None:
    """A download cut off mid-page indexes nothing for that item; once the site recovers it gets in."""
    items = publish(news_server, 2)
    feed_url = serve_rss(news_server, items)
    tram_page = news_server.routes["/news/tram"].body
    news_server.serve("/news/tram", tram_page, behaviour="broken")
    ingest.feeds.subscribe(feed_url)
    first = ingest.feeds.poll().feeds[0]
    assert [a.title for a in first.indexed] == ["Frost Damages Apricot Orchards in Dravia"]
    assert "broke off" in str(first.problems[0])
    news_server.serve("/news/tram", tram_page)
    second = ingest.feeds.poll().feeds[0]
    assert [a.title for a in second.indexed] == ["Velmar Opens Its First Tram Line"]
    assert len(ingest.desk.articles()) == 2


def test_a_poll_killed_after_indexing_loses_and_doubles_nothing(
    ingest: Ingest, news_server: NewsServer
) -> None:
    """If the process dies before the feed list is saved, the next poll redoes the items, no duplicates."""
    feed_url = serve_rss(news_server, publish(news_server, 3))
    ingest.feeds.subscribe(feed_url)
    before_poll = ingest.registry.path.read_bytes()
    ingest.feeds.poll()
    ingest.registry.path.write_bytes(before_poll)  # the state a kill between indexing and saving leaves
    chunks = ingest.desk.store.chunk_count()
    redo = ingest.feeds.poll().feeds[0]
    assert redo.indexed == [] and redo.problems == []
    assert ingest.desk.store.chunk_count() == chunks and len(ingest.desk.articles()) == 3
    assert len(ingest.registry.get(feed_url).seen) == 3


def test_a_poll_process_killed_mid_way_is_completed_by_the_next(
    ingest: Ingest, news_server: NewsServer, web_settings: Settings
) -> None:
    """`newsdesk feeds poll` killed (SIGKILL) while it fetches leaves no lock, no half article and no
    seen mark behind: the next poll indexes every item exactly once."""
    feed_url = serve_rss(news_server, publish(news_server, 3))
    orchard_page = news_server.routes["/news/orchard"].body
    news_server.serve("/news/orchard", orchard_page, behaviour="stall")
    ingest.registry.add(Feed(url=feed_url))
    environment = os.environ | {
        "NEWSDESK_DATA_DIR": str(web_settings.data_dir),
        "NEWSDESK_ALLOW_PRIVATE_URLS": "1",
        "NEWSDESK_FETCH_TIMEOUT_SECONDS": "120",
    }
    poll = subprocess.Popen([sys.executable, "-m", "index.cli", "feeds", "poll"], env=environment)
    try:
        for _ in range(1200):  # a generous bound on waiting for the poll to reach the stalled page
            if news_server.hits("/news/orchard") or poll.poll() is not None:
                break
            time.sleep(0.1)
        assert poll.poll() is None, "the poll should still be waiting on the stalled page"
    finally:
        poll.kill()
        poll.wait()
    assert ingest.registry.get(feed_url).seen == [] and ingest.desk.articles() == []
    news_server.serve("/news/orchard", orchard_page)
    assert ingest.feeds.poll().indexed == 3
    assert len(ingest.desk.articles()) == 3 and len(ingest.registry.get(feed_url).seen) == 3


def test_subscribing_checks_the_feed(ingest: Ingest, news_server: NewsServer) -> None:
    """A page that is not a feed, or a second subscription, adds nothing; removal forgets the feed, and
    removing it again says so without naming a front end's command."""
    page = news_server.serve("/news/page", article_html("A Page", ["Not a feed at all."]))
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        ingest.feeds.subscribe(page)
    feed_url = serve_rss(news_server, publish(news_server, 1))
    ingest.feeds.subscribe(feed_url + "?utm_source=newsletter")
    ingest.feeds.subscribe(feed_url)
    assert [f.url for f in ingest.registry.feeds()] == [feed_url]
    assert ingest.registry.remove(feed_url).title == "Valley Courier"
    with pytest.raises(NotFoundError) as missing:
        ingest.registry.remove(feed_url)
    assert missing.value.message == f"no feed {feed_url} is followed"


def test_only_one_poll_runs_at_a_time(ingest: Ingest, news_server: NewsServer) -> None:
    """A poll started while another holds the lock (cron and bot together) steps aside."""
    ingest.feeds.subscribe(serve_rss(news_server, publish(news_server, 1)))
    with ingest.registry.polling() as acquired:
        assert acquired
        report = ingest.feeds.poll()
    assert report.busy and "another feed poll is running" in report.summary()
    assert ingest.feeds.poll().indexed == 1


def test_a_corrupt_feed_list_is_reported(tmp_path: Path) -> None:
    """A damaged feeds.json gives a message saying what to do, not a traceback."""
    registry = FeedRegistry(tmp_path)
    registry.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="fix or delete it"):
        registry.feeds()


def test_feeds_cli(
    news_server: NewsServer,
    web_cli_env: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`newsdesk feeds add|list|poll|remove` work end to end and print what happened; `remove` without a
    URL is a usage error (exit 2, as argparse's own); removing a feed not followed exits with
    NotFoundError's code and points to `newsdesk feeds list`."""
    feed_url = serve_rss(news_server, publish(news_server, 2))
    assert main(["feeds", "add", feed_url]) == 0
    assert capsys.readouterr().out.startswith(f"following {feed_url} (Valley Courier)")
    assert main(["feeds", "poll", "--json"]) == 0
    polled = json.loads(capsys.readouterr().out)
    assert [len(f["indexed"]) for f in polled] == [2]
    assert main(["feeds", "list"]) == 0
    assert "Valley Courier; 2 indexed" in capsys.readouterr().out
    assert main(["feeds", "remove", feed_url]) == 0
    assert main(["feeds", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("No feeds yet")
    with pytest.raises(SystemExit) as usage:
        main(["feeds", "remove"])
    assert usage.value.code == 2
    assert capsys.readouterr().err.endswith("newsdesk feeds: error: `remove` needs the feed's URL\n")
    assert main(["feeds", "remove", feed_url]) == NotFoundError.exit_code
    assert capsys.readouterr().err == (
        f"newsdesk: no feed {feed_url} is followed; `newsdesk feeds list` shows the followed feeds\n"
    )
