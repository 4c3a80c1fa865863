"""Dates as articles and feeds write them."""

from __future__ import annotations

from datetime import date, datetime


def parse_date(value: object) -> date | None:
    """Read an ISO date or datetime; anything else is treated as unknown."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None
