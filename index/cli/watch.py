"""`newsdesk watch add|list|remove|run`: watched claims from the terminal or cron.

Without --chat a watch is local: `watch run` prints its alerts. A chat's watches are the bot's, and their
alerts wait in the data folder until the running bot delivers them.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from index import Alert, Settings, Watch, WatchStore


def store_of(settings: Settings) -> WatchStore:
    return WatchStore(settings.data_dir, settings.max_watches)


def watch_line(number: int, watch: Watch) -> str:
    verdict = watch.verdict.value if watch.verdict else "no verdict yet"
    return f"{number}. [{verdict}] {watch.claim}"


def alert_text(alert: Alert) -> str:
    where = f"chat {alert.chat_id}" if alert.chat_id is not None else "local"
    was = alert.previous.value if alert.previous else "-"
    lines = [f"{alert.verdict.value} ({where}, was {was}): {alert.claim}"]
    for quote in alert.quotes:
        lines.append(f'  "{quote.quote}"')
        lines.append(
            f"  - {quote.title} · {quote.outlet or 'unknown source'} · {quote.published or 'undated'}"
        )
        if quote.url:
            lines.append(f"    {quote.url}")
    return "\n".join(lines)


def cmd_watch_add(args: argparse.Namespace, settings: Settings) -> int:
    from index import FactChecker, Watcher
    from index.cli.common import open_desk

    desk = open_desk(settings)
    watcher = Watcher(desk, FactChecker.for_desk(desk), store_of(settings))
    watch = watcher.add(args.claim, chat_id=args.chat)
    number = len(watcher.store.watches(args.chat))
    if args.json:
        print(json.dumps(watch.as_dict() | {"number": number}, ensure_ascii=False))
    else:
        print(f"watching: {watch_line(number, watch)}")
    return 0


def cmd_watch_list(args: argparse.Namespace, settings: Settings) -> int:
    watches = store_of(settings).watches(args.chat)
    if not watches and not args.json:
        print("No watched claims: `newsdesk watch add CLAIM` follows one.")
    for number, watch in enumerate(watches, start=1):
        shown = json.dumps(watch.as_dict() | {"number": number}, ensure_ascii=False)
        print(shown if args.json else watch_line(number, watch))
    return 0


def cmd_watch_remove(args: argparse.Namespace, settings: Settings) -> int:
    store = store_of(settings)
    watch = store.numbered(args.chat, args.number)
    store.remove(watch.id)
    print(f"stopped watching: {watch.claim}")
    return 0


def cmd_watch_run(args: argparse.Namespace, settings: Settings) -> int:
    """Judge the new articles; print this run's alerts and the local ones still waiting."""
    from index import FactChecker, Watcher
    from index.cli.common import open_desk

    desk = open_desk(settings)
    store = store_of(settings)
    made = Watcher(desk, FactChecker.for_desk(desk), store).run()
    waiting = store.pending(True)
    alerts = {a.id: a for a in [*made, *waiting]}
    for alert in sorted(alerts.values(), key=lambda a: a.id):
        print(json.dumps(alert.as_dict(), ensure_ascii=False) if args.json else alert_text(alert))
        if alert.chat_id is None:  # printed is delivered; a chat's alert waits for the bot
            store.delivered(alert.id)
    if not alerts and not args.json:
        print("No new verdicts.")
    return 0


def add_watch_commands(commands: Any) -> None:
    """Register `watch add|list|remove|run` on the CLI's subparsers."""
    watch = commands.add_parser("watch", help="follow claims: alerts when new articles settle them")
    actions = watch.add_subparsers(dest="action", required=True, metavar="ACTION")
    chat_help = "a Telegram chat's watches (default: the local ones)"

    add = actions.add_parser("add", help="watch a claim; prints its verdict so far")
    add.add_argument("claim")
    add.add_argument("--chat", type=int, help="the Telegram chat the bot alerts (default: a local watch)")
    add.add_argument("--json", action="store_true", help="print one JSON object")
    add.set_defaults(run=cmd_watch_add)

    listing = actions.add_parser("list", help="the watched claims with their last verdict")
    listing.add_argument("--chat", type=int, help=chat_help)
    listing.add_argument("--json", action="store_true", help="one JSON object a line")
    listing.set_defaults(run=cmd_watch_list)

    remove = actions.add_parser("remove", help="stop watching claim N (numbered as `watch list` shows)")
    remove.add_argument("number", type=int)
    remove.add_argument("--chat", type=int, help=chat_help)
    remove.set_defaults(run=cmd_watch_remove)

    run = actions.add_parser("run", help="check the watches against new articles; print the new verdicts")
    run.add_argument("--json", action="store_true", help="one JSON object a line (for cron)")
    run.set_defaults(run=cmd_watch_run)
