"""`newsdesk ask --batch FILE`: many questions in one process, one JSON answer a line."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from index import Newsdesk, NewsdeskError

_FIELDS = frozenset({"question", "as_of", "source", "since"})


def answer_batch(
    desk: Newsdesk, lines: Iterable[bytes], defaults: Mapping[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """Each line's answer as `ask --json` gives it, with `latency_ms`; a line that cannot be asked (not
    UTF-8 either) gets `{"line": n, "error": ...}` and the rest go on. `defaults` (the command's `as_of`,
    `source`, `since` and `answerer`) hold for every line; a line's own `as_of`, `source` or `since` wins."""
    given = _given(defaults or {})
    desk.chain_for(given.get("answerer"))  # a model that is not configured fails the batch once, not per line
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            request = {**given, **_given(parse_request(line))}
            started = time.perf_counter()
            answer = desk.ask(
                request["question"],
                as_of=request.get("as_of"),
                source=request.get("source"),
                since=request.get("since"),
                answerer=request.get("answerer"),
            )
        except (ValueError, NewsdeskError) as error:
            yield {"line": number, "error": getattr(error, "message", str(error))}
            continue
        yield {**answer.as_dict(), "latency_ms": round((time.perf_counter() - started) * 1000, 1)}


def parse_request(line: bytes) -> dict[str, Any]:
    """One JSON object with `question` and optional `as_of`, `source` and `since` (ISO dates)."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError:
        raise ValueError("not a JSON object") from None
    if not isinstance(record, dict) or not isinstance(record.get("question"), str):
        raise ValueError('expected a JSON object with a "question" text')
    if not isinstance(record.get("source") or "", str):
        raise ValueError('"source" must be a text, e.g. "CNN"')
    unknown = sorted(set(record) - _FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(unknown)}")
    for field in ("as_of", "since"):
        if record.get(field) is not None:
            record[field] = date.fromisoformat(str(record[field]))
    return record


def _given(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that have a value: a line's `"as_of": null` leaves the command's --as-of in force."""
    return {name: value for name, value in fields.items() if value is not None}


def print_batch(desk: Newsdesk, lines: Iterable[bytes], defaults: Mapping[str, Any] | None = None) -> None:
    for result in answer_batch(desk, lines, defaults):
        print(json.dumps(result, ensure_ascii=False), flush=True)
