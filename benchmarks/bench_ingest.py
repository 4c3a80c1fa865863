"""Ingestion speed and responsiveness, same run: a local feed of N items against `newsdesk index` of the same
articles from files, and the bot's question latency while a large poll runs against idle.

    .venv/bin/python -m benchmarks.bench_ingest [--items 500] [--questions 40]

Pages and the RSS feed are synthetic and served by tests/news_server.py on 127.0.0.1. The feed run covers
the whole path: feed fetch and parse, one HTTP fetch and trafilatura extraction per item, indexing. The
file run indexes the same title and text from .txt files. The latency part uses the bot's own code path
(BotContext and bot/ingest.py's handlers, without Telegram): questions go to the desk's thread while the
poll fetches on a worker thread and indexes in groups on the desk's thread.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.context import BotContext
from bot.ingest import IngestHandlers
from index.desk import Newsdesk
from index.ingest.service import Ingest
from index.settings import Settings
from index.store.embeddings import Embedder, shared_embedder
from tests.news_server import Item, NewsServer, article_html, rss_feed

TOWNS = ["Velmar", "Dravia", "Halvik", "Sorrin", "Orlen", "Tolsund", "Lindqvist", "Oskarsvik", "Brannock"]
THINGS = ["bridge", "library", "tram line", "harbour", "school", "hospital wing", "bus depot", "stadium"]
VERBS = ["opened", "closed for repairs", "won new funding", "was delayed again", "doubled in size"]

Story = tuple[str, str, list[str]]


def synthetic_stories(count: int, seed: int) -> list[Story]:
    """Made-up local news, each with a distinct fact (the number) a question can ask for."""
    rng = random.Random(seed)
    stories = []
    for number in range(count):
        town, thing, verb = rng.choice(TOWNS), rng.choice(THINGS), rng.choice(VERBS)
        amount, workers, weeks = rng.randint(2, 900), rng.randint(10, 400), rng.randint(2, 40)
        title = f"{town} {thing.title()} {verb.capitalize()} (report {seed}-{number})"
        paragraphs = [
            f"The {thing} in {town} {verb} on {rng.choice(['Monday', 'Tuesday', 'Friday'])}, officials said, "
            f"after a project that cost {amount} million euros.",
            f"About {workers} workers took part over {weeks} weeks, according to the regional council, "
            f"which called report {seed}-{number} a milestone for the area.",
            f"Residents of {town} gave mixed reactions; some welcomed the {thing}, others questioned the "
            "price and asked for a public hearing before the next phase.",
        ]
        stories.append((f"s{seed}-{number}", title, paragraphs))
    return stories


def serve_feed(server: NewsServer, stories: list[Story], path: str) -> str:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    items = [
        Item(
            title, server.serve(f"/news/{slug}", article_html(title, body, site="Bench Courier")), slug, start
        )
        for slug, title, body in stories
    ]
    return server.serve(path, rss_feed("Bench Courier", items), "application/rss+xml")


def fresh_desk(root: Path, name: str, embedder: Embedder, items: int) -> Newsdesk:
    settings = Settings(
        _env_file=None, data_dir=root / name, allow_private_urls=True, feed_items_per_poll=items
    )
    return Newsdesk(settings, embedder)


def per_minute(count: int, seconds: float) -> float:
    return count / seconds * 60


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] * 1000


def time_feed(desk: Newsdesk, feed_url: str) -> tuple[int, float]:
    ingest = Ingest(desk)
    ingest.feeds.subscribe(feed_url)
    started = time.perf_counter()
    report = ingest.feeds.poll()
    seconds = time.perf_counter() - started
    ingest.close()
    return report.indexed, seconds


def time_files(desk: Newsdesk, stories: list[Story], folder: Path) -> tuple[int, float]:
    folder.mkdir()
    for slug, title, body in stories:
        (folder / f"{slug}.txt").write_text(title + "\n\n" + "\n\n".join(body), encoding="utf-8")
    started = time.perf_counter()
    report = desk.index_paths([folder])
    return len(report.added), time.perf_counter() - started


async def question_latencies(
    desk: Newsdesk, feed_url: str, questions: list[str]
) -> tuple[list[float], list[float], int]:
    """Latencies idle, then while the bot's poll of `feed_url` runs; and the articles that poll indexed."""
    context = BotContext.create(desk.settings, desk)
    handlers = IngestHandlers(context)

    async def timed(question: str) -> float:
        started = time.perf_counter()
        await context.ask(question)
        return time.perf_counter() - started

    await timed(questions[0])  # warm-up: the first search builds its caches
    idle = [await timed(q) for q in questions]
    handlers.ingest.feeds.subscribe(feed_url)
    poll = asyncio.ensure_future(asyncio.to_thread(handlers.ingest.feeds.poll))
    busy: list[float] = []
    while not poll.done():
        busy.append(await timed(questions[len(busy) % len(questions)]))
    indexed = (await poll).indexed
    context.close()
    return idle, busy, indexed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args()

    embedder = shared_embedder()
    embedder.embed_for_index(["warm-up"] * 32)  # as indexing: a question would slow the first poll
    stories = synthetic_stories(args.items, seed=1)
    more = synthetic_stories(args.items, seed=2)
    questions = [f"How much did the {t} in {town} cost?" for town in TOWNS for t in THINGS][: args.questions]
    with NewsServer() as server, tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        feed_count, feed_seconds = time_feed(
            fresh_desk(root, "feed", embedder, args.items), serve_feed(server, stories, "/feed.xml")
        )
        files_desk = fresh_desk(root, "files", embedder, args.items)
        file_count, file_seconds = time_files(files_desk, stories, root / "articles")
        idle, busy, polled = asyncio.run(
            question_latencies(files_desk, serve_feed(server, more, "/more.xml"), questions)
        )
    feed_rate, file_rate = per_minute(feed_count, feed_seconds), per_minute(file_count, file_seconds)
    print(f"feed : {feed_count} articles in {feed_seconds:.1f} s = {feed_rate:.0f} articles/min")
    print(f"files: {file_count} articles in {file_seconds:.1f} s = {file_rate:.0f} articles/min")
    print(f"feed / files speed ratio: {feed_rate / file_rate:.2f}")
    print(
        f"questions idle: {len(idle)}, p95 {p95(idle):.0f} ms, median {statistics.median(idle) * 1000:.0f} ms"
    )
    print(
        f"questions during a poll of {polled} new items: {len(busy)}, p95 {p95(busy):.0f} ms, "
        f"median {statistics.median(busy) * 1000:.0f} ms"
    )
    print(f"p95 during ingestion / idle: {p95(busy) / p95(idle):.2f}")


if __name__ == "__main__":
    main()
