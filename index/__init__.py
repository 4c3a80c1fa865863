"""Newsdesk: answer questions about news articles, and check claims against them, with citations.

Front ends (the CLI, the Telegram bot) use what this package exports and the desk's public methods. The
heavy parts (the model, the index) load on first use of a name, so `import index` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from index.errors import (
    ArticleError,
    NewsdeskError,
    NotFoundError,
    QuestionError,
    SetupError,
    StoreError,
    StoreUnavailableError,
    UnreachableError,
)
from index.settings import Settings, load_settings

if TYPE_CHECKING:
    from index.answer.compose import UNSURE_NOTE, without_as_of_line
    from index.desk import Newsdesk
    from index.factcheck.check import FactChecker
    from index.ingest.feed_commands import (
        FEED_ACTIONS,
        FeedDropped,
        FeedFollowed,
        FeedsListed,
        FeedsMisused,
        FeedsOutcome,
        FeedsPolled,
        feeds_command,
    )
    from index.ingest.feeds import FeedRegistry, PollReport, feeds_table
    from index.ingest.fetch import Fetcher
    from index.ingest.indexing import IndexReport, progress_bar
    from index.ingest.origins import CLI_ORIGIN, describe_origin
    from index.ingest.service import Ingest
    from index.language.names import inner_names, load_in_background
    from index.model import (
        Answer,
        Article,
        ArticleRecord,
        CheckResult,
        Citation,
        PartCheck,
        Source,
        StoredChunk,
        Verdict,
        human_date,
        shown_date,
    )
    from index.ops.feedback import Feedback, FeedbackStore, Usage
    from index.ops.memory import loading_for_good
    from index.ops.metrics import start_metrics
    from index.ops.watches import Alert, AlertQuote, Watch, Watcher, WatchStore
    from index.search.retriever import NewsdeskRetriever

_LAZY = {
    "Newsdesk": "index.desk",
    "FactChecker": "index.factcheck.check",
    "FEED_ACTIONS": "index.ingest.feed_commands",
    "FeedDropped": "index.ingest.feed_commands",
    "FeedFollowed": "index.ingest.feed_commands",
    "FeedsListed": "index.ingest.feed_commands",
    "FeedsMisused": "index.ingest.feed_commands",
    "FeedsOutcome": "index.ingest.feed_commands",
    "FeedsPolled": "index.ingest.feed_commands",
    "feeds_command": "index.ingest.feed_commands",
    "FeedRegistry": "index.ingest.feeds",
    "PollReport": "index.ingest.feeds",
    "feeds_table": "index.ingest.feeds",
    "Fetcher": "index.ingest.fetch",
    "progress_bar": "index.ingest.indexing",
    "IndexReport": "index.ingest.indexing",
    "CLI_ORIGIN": "index.ingest.origins",
    "describe_origin": "index.ingest.origins",
    "Ingest": "index.ingest.service",
    "load_in_background": "index.language.names",
    "inner_names": "index.language.names",
    "Answer": "index.model",
    "Article": "index.model",
    "ArticleRecord": "index.model",
    "CheckResult": "index.model",
    "Citation": "index.model",
    "PartCheck": "index.model",
    "Source": "index.model",
    "StoredChunk": "index.model",
    "Verdict": "index.model",
    "UNSURE_NOTE": "index.answer.compose",
    "human_date": "index.model",
    "shown_date": "index.model",
    "Feedback": "index.ops.feedback",
    "FeedbackStore": "index.ops.feedback",
    "Usage": "index.ops.feedback",
    "loading_for_good": "index.ops.memory",
    "start_metrics": "index.ops.metrics",
    "Alert": "index.ops.watches",
    "AlertQuote": "index.ops.watches",
    "Watch": "index.ops.watches",
    "Watcher": "index.ops.watches",
    "WatchStore": "index.ops.watches",
    "NewsdeskRetriever": "index.search.retriever",
    "without_as_of_line": "index.answer.compose",
}

__all__ = [
    "CLI_ORIGIN",
    "FEED_ACTIONS",
    "UNSURE_NOTE",
    "Alert",
    "AlertQuote",
    "Answer",
    "Article",
    "ArticleError",
    "ArticleRecord",
    "CheckResult",
    "Citation",
    "FactChecker",
    "FeedDropped",
    "FeedFollowed",
    "FeedRegistry",
    "Feedback",
    "FeedbackStore",
    "FeedsListed",
    "FeedsMisused",
    "FeedsOutcome",
    "FeedsPolled",
    "Fetcher",
    "IndexReport",
    "Ingest",
    "Newsdesk",
    "NewsdeskError",
    "NewsdeskRetriever",
    "NotFoundError",
    "PartCheck",
    "PollReport",
    "QuestionError",
    "Settings",
    "SetupError",
    "Source",
    "StoreError",
    "StoreUnavailableError",
    "StoredChunk",
    "UnreachableError",
    "Usage",
    "Verdict",
    "Watch",
    "WatchStore",
    "Watcher",
    "describe_origin",
    "feeds_command",
    "feeds_table",
    "human_date",
    "inner_names",
    "load_in_background",
    "load_settings",
    "loading_for_good",
    "progress_bar",
    "shown_date",
    "start_metrics",
    "without_as_of_line",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
