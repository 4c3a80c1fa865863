"""`newsdesk eval-check`: how often the fact-checker's verdict matches a labelled claim set.

Each line of the file is {"claim": ..., "verdict": SUPPORTED | CONTRADICTED | MIXED | NOT_IN_ARTICLES}, with
optional "article_id" (the article it was written from) and "kind" (number, date, name...). A wrong
SUPPORTED (any claim not labelled SUPPORTED that the checker calls SUPPORTED) is counted on its own: it is
the one mistake a reporter cannot afford.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.evaluate.questions import read_records
from index.factcheck.check import FactChecker
from index.model import Verdict

LABELS = (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.MIXED, Verdict.NOT_IN_ARTICLES)


@dataclass(frozen=True)
class LabelledClaim:
    claim: str
    verdict: Verdict
    article_id: str = ""  # the article the claim was written from, if the file says
    kind: str = ""  # what the claim tests (number, date, name...), if the file says


@dataclass
class CheckReport:
    """Verdicts against labels: per-class recall, accuracy by kind, confusion matrix, wrong-SUPPORTED rate."""

    pairs: list[tuple[LabelledClaim, Verdict]] = field(default_factory=list)

    def confusion(self) -> dict[Verdict, dict[Verdict, int]]:
        matrix = {label: dict.fromkeys(LABELS, 0) for label in LABELS}
        for labelled, predicted in self.pairs:
            matrix[labelled.verdict][predicted] += 1
        return matrix

    def metrics(self) -> dict[str, float | int]:
        total = len(self.pairs)
        correct = sum(labelled.verdict is predicted for labelled, predicted in self.pairs)
        wrong_supported = sum(
            predicted is Verdict.SUPPORTED and labelled.verdict is not Verdict.SUPPORTED
            for labelled, predicted in self.pairs
        )
        result: dict[str, float | int] = {"claims": total, "accuracy": _ratio(correct, total)}
        for label in LABELS:
            of_label = [predicted for labelled, predicted in self.pairs if labelled.verdict is label]
            result[f"recall_{label.value.lower()}"] = _ratio(of_label.count(label), len(of_label))
        result["wrong_supported"] = wrong_supported
        result["wrong_supported_rate"] = _ratio(wrong_supported, total)
        return result

    def by_kind(self) -> dict[str, dict[str, float | int]]:
        """Claims and accuracy for each kind the file names, in the order kinds first appear."""
        kinds: dict[str, list[bool]] = {}
        for labelled, predicted in self.pairs:
            kinds.setdefault(labelled.kind or "-", []).append(labelled.verdict is predicted)
        return {
            kind: {"claims": len(right), "right": sum(right), "accuracy": _ratio(sum(right), len(right))}
            for kind, right in kinds.items()
        }

    def failures(self) -> list[dict[str, str]]:
        return [
            {
                "claim": labelled.claim,
                "kind": labelled.kind,
                "expected": labelled.verdict.value,
                "got": predicted.value,
            }
            for labelled, predicted in self.pairs
            if labelled.verdict is not predicted
        ]

    def table(self) -> str:
        """The confusion matrix as text: one row per label, one column per verdict."""
        names = {v: v.value.replace("NOT_IN_ARTICLES", "NOT_IN") for v in LABELS}
        lines = ["label \\ verdict".ljust(16) + "".join(names[v].rjust(14) for v in LABELS)]
        for label, row in self.confusion().items():
            lines.append(names[label].ljust(16) + "".join(str(row[v]).rjust(14) for v in LABELS))
        return "\n".join(lines)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def read_claims(path: Path) -> Iterator[LabelledClaim]:
    expected = f'expected {{"claim": ..., "verdict": one of {", ".join(v.value for v in LABELS)}}}'
    return read_records(path, _claim_from_record, expected)


def _claim_from_record(record: dict[str, Any], number: int) -> LabelledClaim:
    return LabelledClaim(
        str(record["claim"]),
        Verdict(record["verdict"]),
        str(record.get("article_id", "")),
        str(record.get("kind", "")),
    )


def half_of(claims: Sequence[LabelledClaim], half: int) -> list[LabelledClaim]:
    """Half 0 or 1 of the claims, split by article alternately in file order (half 0 holds the first
    article's claims, the third's...): one half to adjust the rules on, the other to see whether an
    adjustment carries over to claims it was not made for. All claims about one article stay together."""
    keys = list(dict.fromkeys(c.article_id or c.claim for c in claims))
    wanted = {key for i, key in enumerate(keys) if i % 2 == half}
    return [c for c in claims if (c.article_id or c.claim) in wanted]


def evaluate_checks(checker: FactChecker, claims: list[LabelledClaim]) -> CheckReport:
    report = CheckReport()
    for labelled in claims:
        report.pairs.append((labelled, checker.check(labelled.claim).verdict))
    return report
