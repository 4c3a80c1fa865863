"""`python -m bot`: start the Telegram bot, or a terminal chat when no token is set."""

from __future__ import annotations

import sys

from index.cli import configure_logging
from index.cli import main as cli_main
from index.settings import Settings


def main() -> int:
    settings = Settings()
    if settings.telegram_bot_token is None:
        print(
            "No TELEGRAM_BOT_TOKEN set: starting a terminal chat. To connect Telegram, put "
            "TELEGRAM_BOT_TOKEN=<token from @BotFather> in .env and run `make run` again.",
            file=sys.stderr,
        )
        return cli_main(["chat"])
    configure_logging(verbose=False)
    from bot.app import run_bot

    return run_bot(settings)


if __name__ == "__main__":
    sys.exit(main())
