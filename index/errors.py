"""One exception hierarchy; each error carries the sentence the user will read."""

from __future__ import annotations


class NewsdeskError(Exception):
    """Another error, told in one line.

    The base of every such error: `str(error)` is the user-facing message; `exit_code` is what the CLI
    exits with, and the first line of each class's docstring says what the code means.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ArticleError(NewsdeskError):
    """A file, article, link or feed could not be read or written (each is named); a batch goes on."""

    exit_code = 3


class QuestionError(NewsdeskError):
    """A question that cannot be answered as asked (empty, too long)."""

    exit_code = 2


class StoreError(NewsdeskError):
    """The index cannot be opened or written."""

    exit_code = 4


class StoreUnavailableError(StoreError):
    """Search is unavailable: the Chroma server cannot be reached (not "the articles don't say")."""

    exit_code = 5


class NotFoundError(NewsdeskError):
    """No such article, feed or watch."""

    exit_code = 6


class SetupError(NewsdeskError):
    """A setting cannot be used, or a token or address the bot needs is missing or rejected."""

    exit_code = 7


class UnreachableError(NewsdeskError):
    """A service the bot needs (the Telegram Bot API) cannot be reached."""

    exit_code = 8


def exit_codes() -> list[tuple[int, str]]:
    """Each exit code and what it means: the first line of the docstring of the most general error
    that exits with it."""
    meanings: dict[int, str] = {}
    errors: list[type[NewsdeskError]] = [NewsdeskError, *_subclasses(NewsdeskError)]
    for error in errors:
        meanings.setdefault(error.exit_code, (error.__doc__ or "").strip().splitlines()[0].rstrip("."))
    return sorted(meanings.items())


def _subclasses(error: type[NewsdeskError]) -> list[type[NewsdeskError]]:
    return [s for sub in error.__subclasses__() for s in (sub, *_subclasses(sub))]
