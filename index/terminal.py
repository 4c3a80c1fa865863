"""How cited sources are printed on a terminal, under an answer (`newsdesk ask`) or a verdict
(`newsdesk check`)."""

from __future__ import annotations

from collections.abc import Sequence

from index.answer import Source


def source_lines(sources: Sequence[Source]) -> list[str]:
    """A blank line, "Sources:", then per source "[n] title (source, date)" and its link; nothing when
    there are no sources."""
    if not sources:
        return []
    lines = ["", "Sources:"]
    for source in sources:
        dated = source.published or "date unknown"
        lines.append(f"[{source.number}] {source.title} ({source.source or 'unknown source'}, {dated})")
        if source.also_ran_in:
            lines.append(f"    {source.also_ran_line}")
        if source.url:
            lines.append(f"    {source.url}")
    return lines
