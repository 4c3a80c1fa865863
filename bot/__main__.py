"""`python -m bot`: start the Telegram bot, or a terminal chat when no token is set.

`python -m bot --telegram` runs only the bot: without a token it says so and exits.
"""

from __future__ import annotations

import argparse
import sys

from index import NewsdeskError, load_settings
from index.cli import configure_logging
from index.cli import main as cli_main


def main(argv: list[str] | None = None) -> int:
    telegram_only = build_parser().parse_args(argv).telegram
    try:
        settings = load_settings()
    except NewsdeskError as error:
        print(f"newsdesk: {error.message}", file=sys.stderr)
        return error.exit_code
    if settings.telegram_bot_token is None and not telegram_only:
        print(
            "No TELEGRAM_BOT_TOKEN set: starting a terminal chat. To connect Telegram, put "
            "TELEGRAM_BOT_TOKEN=<token from @BotFather> in .env and run `make run` again.",
            file=sys.stderr,
        )
        return cli_main(["chat"])
    configure_logging(verbose=False)
    from bot.app import run_bot

    return run_bot(settings)


def build_parser() -> argparse.ArgumentParser:
    """`--help` prints the usage, and an unknown argument is a usage error (exit 2), before anything runs."""
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--telegram", action="store_true", help="run only the Telegram bot: without a token, say so and exit"
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
