"""How cited sources are printed on a terminal, under an answer (`newsdesk ask`) or a verdict
(`newsdesk check`)."""

from __future__ import annotations

from collections.abc import Sequence

from index import UNSURE_NOTE, Answer, CheckResult, Source, shown_date


def format_answer(answer: Answer, more: bool = False) -> str:
    """The short answer line, the answer, with `more` the further quotes, then the sources they cite."""
    lines = [UNSURE_NOTE, ""] if answer.unsure else []
    lines += [f"{answer.short} [1]", ""] if answer.short else []
    lines.append(answer.text)
    if more and answer.more:
        lines += ["", f"More: {answer.more}"]
    return "\n".join(lines + source_lines(answer.shown_sources(more)))


def source_lines(sources: Sequence[Source]) -> list[str]:
    """A blank line, "Sources:", then per source "[n] title (source, date)" and its link; nothing when
    there are no sources."""
    if not sources:
        return []
    lines = ["", "Sources:"]
    for source in sources:
        dated = shown_date(source.published)
        lines.append(f"[{source.number}] {source.title} ({source.source or 'unknown source'}, {dated})")
        if source.also_ran_in:
            lines.append(f"    {source.also_ran_line}")
        if source.url:
            lines.append(f"    {source.url}")
    return lines


def check_text(result: CheckResult) -> str:
    """The verdict as the terminal shows it: per part, why, the quotes, then the sources."""
    lines = [f"Verdict: {result.verdict.label}"]
    for part in result.parts:
        lines.append("")
        lines.append(f"- {part.text}")
        lines.append(f"  {part.verdict.label}: {part.explanation}")
        for citation in part.evidence:
            lines.append(f"    “{citation.quote.text}” [{citation.source.number}]")
        if part.closest:
            lines.append(f"    closest: “{part.closest.quote.text}” ({part.closest.source.title})")
    return "\n".join(lines + source_lines(result.sources))
