"""`newsdesk ask --batch FILE`: many questions in one process, one JSON answer a line."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from index import Newsdesk, NewsdeskError

_FIELDS = frozenset({"question", "as_of", "source", "since"})


def answer_batch(desk: Newsdesk, lines: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """Each line's answer as `ask --json` gives it, with `latency_ms`; a line that cannot be asked (not
    UTF-8 either) gets `{"line": n, "error": ...}` and the rest go on."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            request = parse_request(line)
            started = time.perf_counter()
            answer = desk.ask(
                request["question"],
                as_of=request.get("as_of"),
                source=request.get("source"),
                since=request.get("since"),
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


def print_batch(desk: Newsdesk, lines: Iterable[bytes]) -> None:
    for result in answer_batch(desk, lines):
        print(json.dumps(result, ensure_ascii=False), flush=True)
