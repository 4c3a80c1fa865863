"""`newsdesk`: index articles and ask questions from the terminal."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index import ArticleError, NewsdeskError, NotFoundError, QuestionError, Settings, load_settings
from index.cli.common import configure_logging, open_desk
from index.cli.terminal import check_text, format_answer

if TYPE_CHECKING:  # importing Newsdesk loads the model's libraries, which `newsdesk feeds list` never needs
    from index import Newsdesk

log = logging.getLogger("newsdesk")

Command = Callable[[argparse.Namespace, Settings], int]

DEFAULT_PATHS = [Path("seeds")]


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from index import progress_bar

    desk = open_desk(settings)
    update, close = progress_bar()
    try:
        report = desk.index_paths(args.paths or DEFAULT_PATHS, update)
    finally:
        close()
    for problem in report.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    print(f"{report.summary()}; {len(desk.articles())} article(s) in the index")
    return ArticleError.exit_code if report.problems else 0


def cmd_prepare(args: argparse.Namespace, settings: Settings) -> int:
    desk = open_desk(settings)
    started = time.perf_counter()
    desk.warm_up()  # the questions' own model: the stored vectors are theirs
    read = desk.read_sentences()
    print(f"read {read:,} sentence(s) ahead for answering in {time.perf_counter() - started:.0f} s")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    if (args.question is None) == (args.batch is None):
        raise QuestionError("Give a question, or --batch FILE with one JSON question a line.")
    if args.batch is not None:
        from index.cli.batch import print_batch

        # Opened before the model loads: a wrong path fails at once.
        with args.batch.open("rb") as lines:
            print_batch(open_desk(settings, many_questions=True), lines, batch_defaults(args))
        return 0
    desk = open_desk(settings)
    answer = desk.ask(
        args.question, as_of=args.as_of, source=args.source, since=args.since, answerer=args.answerer
    )
    shown = format_answer(answer, more=args.more)
    print(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2) if args.json else shown)
    return 0


def batch_defaults(args: argparse.Namespace) -> dict[str, Any]:
    """What `ask --batch` takes from the command line for every line. Its output is `--json`'s, which
    always carries the further quotes (`more`), so --json and --more change nothing there."""
    return {"as_of": args.as_of, "source": args.source, "since": args.since, "answerer": args.answerer}


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    desk = open_desk(settings)
    print(
        f"Newsdesk: ask about the {len(desk.articles())} indexed article(s), or /check a claim. "
        "Ctrl-D or 'quit' to leave."
    )
    while True:
        try:
            question = input("\n> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if question.strip().lower() in {"quit", "exit"}:
            return 0
        if not question.strip():
            continue
        try:
            print(chat_reply(desk, question))
        except NewsdeskError as error:
            print(error.message)


def chat_reply(desk: Newsdesk, line: str) -> str:
    """The answer to a question, or the verdict on `/check CLAIM`, as the bot's /check gives it."""
    command, _, claim = line.strip().partition(" ")
    if command.lower() == "/check":
        from index import FactChecker

        return check_text(FactChecker.for_desk(desk).check(claim))
    return format_answer(desk.ask(line))


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    from index import describe_origin

    desk = open_desk(settings)
    records = desk.articles()
    if args.json:
        listed = [{**r.__dict__, "came_from": describe_origin(r, who=True)} for r in records]
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print("No articles indexed yet: run `newsdesk index PATH`.")
    for record in records:
        print(
            f"{record.id}  {record.published or 'undated':10}  {record.source or '-':20.20}  "
            f"{record.chunks:3} chunks  {record.title}"
        )
        # Where it came from, under it: the operator sees who sent it via Telegram, and when.
        print(f"{'':10}{describe_origin(record, who=True) or 'origin unknown'}")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    desk = open_desk(settings)
    try:
        record = desk.remove(args.id)
    except NotFoundError as error:
        raise NotFoundError(f"{error.message}; `newsdesk sources` lists the indexed ids") from None
    print(f"removed {record.id}: {record.title}")
    return 0


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    """Readers' 👍 and 👎 from the bot, with the question, the answer and its sources, oldest first."""
    from index import FeedbackStore

    votes = FeedbackStore(settings.data_dir).feedback()
    if args.json:  # one JSON object a line, as the evaluation's other question files are
        for vote in votes:
            print(json.dumps(vote.as_dict(), ensure_ascii=False))
        return 0
    if not votes:
        print("No feedback yet: readers give it with 👍 and 👎 under the bot's answers.")
    for vote in votes:
        print(f"{'+' if vote.vote == 'up' else '-'}  {vote.question}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_desk_commands(commands)

    from index.cli.ingest import add_ingest_commands

    add_ingest_commands(commands)

    from index.cli.check import add_check_commands

    add_check_commands(commands)

    from index.cli.watch import add_watch_commands

    add_watch_commands(commands)

    from index.cli.evaluation import add_eval_commands

    add_eval_commands(commands)
    return parser


def add_desk_commands(commands: Any) -> None:
    """index, prepare, ask, chat, sources, remove, feedback."""
    index = commands.add_parser("index", help="index article files (default: seeds/)")
    index.add_argument("paths", nargs="*", type=Path, help=".txt, .md, .html or .jsonl files, or folders")
    index.set_defaults(run=cmd_index)

    prepare = commands.add_parser(
        "prepare", help="read the indexed sentences ahead (vectors, entities), so that answers are faster"
    )
    prepare.set_defaults(run=cmd_prepare)
    add_ask_command(commands)

    chat = commands.add_parser("chat", help="ask questions (and /check claims) in the terminal")
    chat.set_defaults(run=cmd_chat)

    sources = commands.add_parser("sources", help="list the indexed articles, newest first")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(run=cmd_sources)

    remove = commands.add_parser("remove", help="remove an article by id")
    remove.add_argument("id")
    remove.set_defaults(run=cmd_remove)

    feedback = commands.add_parser("feedback", help="readers' 👍 and 👎 on the bot's answers")
    feedback.add_argument(
        "--json", action="store_true", help="one JSON object a line: vote, question, answer with sources"
    )
    feedback.set_defaults(run=cmd_feedback)


def add_ask_command(commands: Any) -> None:
    ask = commands.add_parser("ask", help="answer one question with citations")
    ask.add_argument("question", nargs="?", help="the question (or use --batch)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--more", action="store_true", help="also print the further quotes")
    ask.add_argument(
        "--batch",
        type=Path,
        metavar="FILE",
        help='questions, one JSON object a line ({"question": ..., "as_of", "source", "since"}); --as-of,'
        " --since, --source and --answerer hold for every line that does not set its own; prints one JSON"
        " answer a line, as --json with --more does, with latency_ms",
    )
    ask.add_argument("--as-of", type=date.fromisoformat, help="ignore articles published after this date")
    ask.add_argument("--since", type=date.fromisoformat, help="only articles published on or after this date")
    ask.add_argument("--source", help="only articles from this source, e.g. CNN")
    ask.add_argument(
        "--answerer",
        choices=["extractive", "llm"],
        help="quote the articles, or ask the model set in NEWSDESK_LLM_URL (default: the model if set)",
    )
    ask.set_defaults(run=cmd_ask)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    try:
        settings = load_settings()
        code: int = args.run(args, settings)
        return code
    except NewsdeskError as error:
        log.debug("command failed", exc_info=True)
        print(f"newsdesk: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Whoever read our output stopped early (`newsdesk sources | head`): nothing went wrong here.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        # A file named on the command line (`--batch`, `--failures`) that cannot be read or written.
        log.debug("command failed", exc_info=True)
        print(f"newsdesk: {error.filename or 'a file'}: {error.strerror or error}", file=sys.stderr)
        return ArticleError.exit_code


if __name__ == "__main__":
    sys.exit(main())
