"""Prometheus metrics shared by every front end, and the /metrics and /healthz endpoint.

The library counts what it does (questions, checks, feed polls, errors) in process-wide metrics; a
long-running process (the bot) serves them with `MetricsServer` when NEWSDESK_METRICS_PORT is set.
/healthz answers 200 when the model is loaded and the index answers, 503 otherwise, with a JSON body that
says which part is not ready.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ParamSpec, Protocol, TypeVar

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest

from index.errors import NewsdeskError, SetupError

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# Seconds; the ask p95 target is 150 ms, so the buckets are fine-grained around it.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

QUESTIONS = Counter(
    "newsdesk_questions", "Questions answered, by outcome (answered, abstained).", ["outcome"]
)
QUESTION_SECONDS = Histogram(
    "newsdesk_question_seconds", "Time to answer a question.", buckets=LATENCY_BUCKETS
)
CHECKS = Counter("newsdesk_checks", "Claims checked, by overall verdict.", ["verdict"])
CHECK_SECONDS = Histogram("newsdesk_check_seconds", "Time to check a claim.", buckets=LATENCY_BUCKETS)
ERRORS = Counter(
    "newsdesk_errors", "Requests that failed, by operation and error kind.", ["operation", "kind"]
)
FEED_POLLS = Counter("newsdesk_feed_polls", "Feed polls, by result (ok, not_modified, error).", ["result"])
FEED_ITEMS = Counter("newsdesk_feed_items_indexed", "Feed items indexed as articles.")
INDEX_CHUNKS = Gauge("newsdesk_index_chunks", "Chunks the search index serves.")
INDEX_ARTICLES = Gauge("newsdesk_index_articles", "Articles the search index serves.")
STORE_UP = Gauge("newsdesk_store_up", "1 when the index answered the last health check, else 0.")


def measured(
    operation: str, count: Callable[[Any], None], seconds: Histogram
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Time each call, count its outcome with `count`, and count failures by kind."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            started = time.perf_counter()
            try:
                result = function(*args, **kwargs)
            except Exception as error:
                ERRORS.labels(operation, type(error).__name__).inc()
                raise
            seconds.observe(time.perf_counter() - started)
            count(result)
            return result

        return timed

    return decorate


class _Answered(Protocol):
    @property
    def abstained(self) -> bool: ...


class _Judged(Protocol):
    @property
    def verdict(self) -> Any: ...


class _Polled(Protocol):
    @property
    def error(self) -> str: ...
    @property
    def not_modified(self) -> bool: ...
    @property
    def indexed(self) -> list[Any]: ...


def _count_question(answer: _Answered) -> None:
    QUESTIONS.labels("abstained" if answer.abstained else "answered").inc()


def _count_check(result: _Judged) -> None:
    CHECKS.labels(str(getattr(result.verdict, "name", result.verdict))).inc()


# Decorators for `Newsdesk.ask` and for a fact-check entry point whose result has a `verdict`.
measure_question = measured("ask", _count_question, QUESTION_SECONDS)
measure_check = measured("check", _count_check, CHECK_SECONDS)


def count_feed_poll(result: _Polled) -> None:
    """Count one feed's poll result and the items it indexed."""
    FEED_POLLS.labels("error" if result.error else "not_modified" if result.not_modified else "ok").inc()
    FEED_ITEMS.inc(len(result.indexed))


class Served(Protocol):
    """What the endpoint reads from the desk it serves (`Newsdesk` provides it)."""

    @property
    def indexed_chunks(self) -> int: ...

    @property
    def article_count(self) -> int: ...

    @property
    def model_loaded(self) -> bool: ...

    def ping(self) -> None: ...


class MetricsServer:
    """/metrics and /healthz on a background thread; the desk is attached once it has loaded."""

    def __init__(self, host: str, port: int) -> None:
        self.desk: Served | None = None
        self.httpd = ThreadingHTTPServer((host, port), functools.partial(_Handler, self))
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="metrics", daemon=True)
        self.thread.start()
        log.info("metrics on http://%s:%d/metrics", host, self.port)

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def attach(self, desk: Served) -> None:
        """Serve this desk's index size and health."""
        self.desk = desk
        INDEX_CHUNKS.set_function(lambda: desk.indexed_chunks)
        INDEX_ARTICLES.set_function(lambda: desk.article_count)

    def health(self) -> dict[str, bool]:
        model = self.desk is not None and self.desk.model_loaded
        store = False
        if self.desk is not None:
            try:
                self.desk.ping()
                store = True
            except NewsdeskError:
                store = False
        STORE_UP.set(1 if store else 0)
        return {"ready": model and store, "model": model, "store": store}

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, server: MetricsServer, *args: Any) -> None:
        self.metrics = server
        super().__init__(*args)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/metrics":
            self.metrics.health()  # keeps newsdesk_store_up current for each scrape
            self._send(200, CONTENT_TYPE_LATEST, generate_latest(REGISTRY))
        elif path == "/healthz":
            health = self.metrics.health()
            self._send(200 if health["ready"] else 503, "application/json", json.dumps(health).encode())
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found: try /metrics or /healthz\n")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("metrics: " + format, *args)


def start_metrics(host: str, port: int) -> MetricsServer | None:
    """The endpoint on `port`, or None when metrics are off (port 0)."""
    if not port:
        return None
    try:
        return MetricsServer(host, port)
    except OSError as error:  # a setting to change, as for the webhook's port
        raise SetupError(
            f"cannot serve metrics on {host}:{port} ({error.strerror or error}); "
            "set NEWSDESK_METRICS_PORT to a free port, or 0 for none"
        ) from None
