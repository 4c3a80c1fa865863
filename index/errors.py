"""One exception hierarchy; each error carries the sentence the user will read."""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error Newsdesk reports to a user.

    `str(error)` is the user-facing message; `exit_code` is what the CLI exits with.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ArticleError(NewsdeskError):
    """An article file or record could not be read; the rest of the batch goes on."""

    exit_code = 3


class QuestionError(NewsdeskError):
    """A question that cannot be answered as asked (empty, too long)."""

    exit_code = 2


class StoreError(NewsdeskError):
    """The index cannot be opened or written."""

    exit_code = 4


class StoreUnavailableError(StoreError):
    """The search service is down; distinct from "the articles don't say"."""

    exit_code = 5


class NotFoundError(NewsdeskError):
    """An article id or other named thing does not exist."""

    exit_code = 6


class SetupError(NewsdeskError):
    """A front end is not set up to run: a token or address missing, or rejected."""

    exit_code = 7


class UnreachableError(NewsdeskError):
    """A service a front end needs (e.g. the Telegram Bot API) cannot be reached."""

    exit_code = 8
