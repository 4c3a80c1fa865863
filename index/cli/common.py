"""What every `newsdesk` command shares: logging set-up and opening the desk."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from index import Settings

if TYPE_CHECKING:  # importing Newsdesk loads the model's libraries, which `newsdesk feeds list` never needs
    from index import Newsdesk


def configure_logging(verbose: bool) -> None:
    """Warnings and errors on stderr (with `verbose`, what happens too), without libraries' chatter."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "chromadb", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # trafilatura logs an ERROR for every page it finds no text in; Newsdesk says so in one line itself.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def open_desk(settings: Settings, *, many_questions: bool = False) -> Newsdesk:
    """The desk, with spaCy loading meanwhile; warmed up as the bot is for a command that asks many
    questions (a batch, an evaluation), which pays a slower start for faster questions."""
    from index import load_in_background

    # Started first, so spaCy's import and load overlap the embedding model's on the other core.
    load_in_background()
    from index import Newsdesk, loading_for_good

    with loading_for_good():
        desk = Newsdesk(settings)
        if many_questions:
            desk.warm_up()
        return desk
