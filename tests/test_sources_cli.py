"""`newsdesk sources` says where each article came from: real index, real model, pages and a feed served
on 127.0.0.1, the CLI run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.cli.commands import main
from index.ingest.feeds import Feed
from index.ingest.origins import CLI_ORIGIN
from index.ingest.service import Ingest
from index.settings import Settings
from tests.news_server import NewsServer
from tests.test_bot_ingest import BUDGET_NOTE, CHANNEL
from tests.test_feeds import publish, serve_rss
from tests.test_ingest import HARBOUR_PAGE

LAKE_NOTE = (
    "Orrin Lake Falls to a Record Low\n\n"
    "Orrin Lake dropped 40 centimetres over the dry winter, the water board said on Friday."
)
FORWARD = {
    "sender": "Admin (@desk_admin, 1001)",
    "chat": "Admin (1001)",
    "date": "2026-11-20T09:30:00+00:00",
    "forwarded_from": f"{CHANNEL['title']} ({CHANNEL['id']})",
}


def test_sources_lists_under_each_article_its_file_link_feed_or_telegram_sender(
    ingest: Ingest,
    news_server: NewsServer,
    web_cli_env: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Under each article: the file's path, "added by link" for `newsdesk add`, the feed's address, and
    for a post sent in through a front end (the bot) the channel, who sent it and when; --json carries
    the same line as `came_from`."""
    note = tmp_path / "notes" / "lake.txt"
    note.parent.mkdir()
    note.write_text(LAKE_NOTE, encoding="utf-8")
    ingest.desk.index_paths([note])
    ingest.add_link(news_server.serve("/news/harbour", HARBOUR_PAGE), origin=CLI_ORIGIN)
    feed_url = serve_rss(news_server, publish(news_server, 1))
    ingest.registry.add(Feed(url=feed_url))
    ingest.feeds.poll()
    ingest.add_post(BUDGET_NOTE, f"telegram:{CHANNEL['id']}/42", FORWARD)

    assert main(["sources"]) == 0
    listed = capsys.readouterr().out
    assert main(["sources", "--json"]) == 0
    came_from = {r["title"]: r["came_from"] for r in json.loads(capsys.readouterr().out)}

    assert came_from == {
        "Orrin Lake Falls to a Record Low": f"file {note}",
        "Lindqvist Harbour Reopens After Repairs": "added by link",
        "Velmar Opens Its First Tram Line": f"from the feed {feed_url}",
        "Council Approves Budget": (
            f"sent in as telegram:{CHANNEL['id']}/42, forwarded from Valley Courier Live (-1009876) "
            "by Admin (@desk_admin, 1001) in Admin (1001) on 2026-11-20"
        ),
    }
    lines = listed.splitlines()
    for title, origin in came_from.items():
        [row] = [n for n, line in enumerate(lines) if line.endswith(title)]
        assert lines[row + 1].strip() == origin
