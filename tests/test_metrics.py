"""Prometheus metrics and /healthz, scraped over real HTTP from the endpoint the bot serves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from index.desk import Newsdesk
from index.errors import QuestionError, SetupError
from index.factcheck.check import FactChecker
from index.ingest.service import Ingest
from index.ops.metrics import MetricsServer, start_metrics
from index.settings import Settings
from index.store.embeddings import Embedder
from tests.chroma_server import free_port
from tests.news_server import Item, NewsServer, article_html, rss_feed

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
def metrics() -> Iterator[MetricsServer]:
    server = MetricsServer("127.0.0.1", 0)
    yield server
    server.close()


def scrape(server: MetricsServer) -> Samples:
    text = httpx.get(f"http://127.0.0.1:{server.port}/metrics", timeout=10).text
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def sample(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_a_busy_metrics_port_is_a_setting_to_change(metrics: MetricsServer) -> None:
    """A metrics port another server holds stops the bot as a setting that cannot be used (exit 7, as the
    webhook's busy port does), naming NEWSDESK_METRICS_PORT and what to set it to."""
    with pytest.raises(SetupError, match="set NEWSDESK_METRICS_PORT to a free port, or 0 for none") as raised:
        start_metrics("127.0.0.1", metrics.port)
    assert raised.value.exit_code == 7
    assert f"cannot serve metrics on 127.0.0.1:{metrics.port}" in raised.value.message


def test_questions_abstentions_latency_and_index_size(metrics: MetricsServer, seeded_desk: Newsdesk) -> None:
    """Each question counts once as answered or abstained, with its latency; the index size is current."""
    metrics.attach(seeded_desk)
    before = scrape(metrics)
    assert "Walikale" in seeded_desk.ask("Which town did the M23 rebels advance into?").text
    assert seeded_desk.ask("What is the boiling point of tungsten?").abstained
    after = scrape(metrics)

    def delta(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert delta("newsdesk_questions_total", outcome="answered") == 1
    assert delta("newsdesk_questions_total", outcome="abstained") == 1
    assert delta("newsdesk_question_seconds_count") == 2
    assert delta("newsdesk_question_seconds_sum") > 0
    assert sample(after, "newsdesk_index_chunks") == len(seeded_desk.searcher.chunks) > 0
    assert sample(after, "newsdesk_index_articles") == 1
    assert sample(after, "newsdesk_store_up") == 1


def test_failed_questions_are_counted_by_kind(metrics: MetricsServer, seeded_desk: Newsdesk) -> None:
    """A refused question is an error of its kind, not an answer."""
    before = scrape(metrics)
    with pytest.raises(QuestionError):
        seeded_desk.ask("   ")
    after = scrape(metrics)
    labels = {"operation": "ask", "kind": "QuestionError"}
    assert (
        sample(after, "newsdesk_errors_total", **labels) - sample(before, "newsdesk_errors_total", **labels)
        == 1
    )
    answered = sample(after, "newsdesk_questions_total", outcome="answered")
    assert answered == sample(before, "newsdesk_questions_total", outcome="answered")


def test_healthz_says_which_part_is_not_ready(
    metrics: MetricsServer, seeded_desk: Newsdesk, embedder: Embedder, tmp_path: Path
) -> None:
    """503 while loading, 200 with model and store ready, 503 naming the store when Chroma is down."""
    url = f"http://127.0.0.1:{metrics.port}/healthz"
    loading = httpx.get(url, timeout=10)
    assert loading.status_code == 503
    assert loading.json() == {"ready": False, "model": False, "store": False}

    metrics.attach(seeded_desk)
    ready = httpx.get(url, timeout=10)
    assert ready.status_code == 200 and ready.json() == {"ready": True, "model": True, "store": True}

    down = Settings(data_dir=tmp_path / "d", chroma_url=f"http://127.0.0.1:{free_port()}", _env_file=None)
    metrics.attach(Newsdesk(down, embedder))
    unreachable = httpx.get(url, timeout=10)
    assert unreachable.status_code == 503
    assert unreachable.json() == {"ready": False, "model": True, "store": False}
    assert sample(scrape(metrics), "newsdesk_store_up") == 0
    assert httpx.get(f"http://127.0.0.1:{metrics.port}/other", timeout=10).status_code == 404


def test_feed_polls_are_counted_by_result(metrics: MetricsServer, tmp_path: Path, embedder: Embedder) -> None:
    """A poll that indexes an item, a 304, and a feed turned broken count as ok, not_modified, error."""
    settings = Settings(data_dir=tmp_path / "data", allow_private_urls=True, _env_file=None)
    with NewsServer() as server:
        page = article_html(
            "Velmar Opens Its First Tram Line",
            [
                "Velmar opened its first tram line on Saturday, linking the station with the university.",
                "The line is 9 kilometres long, has 14 stops and cost 310 million euros to build.",
                "Trams will run every six minutes at peak hours, the transport company said.",
            ],
            site="Valley Courier",
        )
        item = Item(
            "Velmar tram", server.serve("/news/tram", page), "urn:tram", datetime(2024, 6, 1, tzinfo=UTC)
        )
        feed = server.serve("/rss.xml", rss_feed("Courier", [item]), "application/rss+xml", etag='"v1"')
        ingest = Ingest(Newsdesk(settings, embedder))
        try:
            ingest.feeds.subscribe(feed)
            before = scrape(metrics)
            ingest.feeds.poll()
            ingest.feeds.poll()
            server.serve("/rss.xml", b"\x00\x01 not a feed", "application/rss+xml", etag='"v2"')
            ingest.feeds.poll()
            after = scrape(metrics)
        finally:
            ingest.close()

    def delta(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert delta("newsdesk_feed_polls_total", result="ok") == 1
    assert delta("newsdesk_feed_polls_total", result="not_modified") == 1
    assert delta("newsdesk_feed_polls_total", result="error") == 1
    assert delta("newsdesk_feed_items_indexed_total") == 1


def test_checks_are_counted_once_by_verdict(metrics: MetricsServer, seeded_desk: Newsdesk) -> None:
    """Each fact-check counts once, under its overall verdict, with its latency."""
    checker = FactChecker.for_desk(seeded_desk)
    before = scrape(metrics)
    result = checker.check("Rwanda-backed M23 rebels advanced into Walikale.")
    after = scrape(metrics)
    verdict = result.verdict.name
    assert (
        sample(after, "newsdesk_checks_total", verdict=verdict)
        - sample(before, "newsdesk_checks_total", verdict=verdict)
        == 1
    )
    assert sample(after, "newsdesk_check_seconds_count") - sample(before, "newsdesk_check_seconds_count") == 1
