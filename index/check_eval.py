"""`newsdesk eval-check`: how often the fact-checker's verdict matches a labelled claim set.

Each line of the file is {"claim": ..., "verdict": SUPPORTED | CONTRADICTED | NOT_IN_ARTICLES}. A wrong
SUPPORTED (any claim not labelled SUPPORTED that the checker calls SUPPORTED) is counted on its own: it is
the one mistake a reporter cannot afford.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index.check import FactChecker
from index.errors import ArticleError
from index.judge import Verdict

LABELS = (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.NOT_IN_ARTICLES)
PREDICTIONS = (*LABELS, Verdict.MIXED)


@dataclass(frozen=True)
class LabelledClaim:
    claim: str
    verdict: Verdict


@dataclass
class CheckReport:
    """Verdicts against labels: per-class accuracy, confusion matrix, wrong-SUPPORTED rate."""

    pairs: list[tuple[LabelledClaim, Verdict]] = field(default_factory=list)

    def confusion(self) -> dict[Verdict, dict[Verdict, int]]:
        matrix = {label: dict.fromkeys(PREDICTIONS, 0) for label in LABELS}
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

    def failures(self) -> list[dict[str, str]]:
        return [
            {"claim": labelled.claim, "expected": labelled.verdict.value, "got": predicted.value}
            for labelled, predicted in self.pairs
            if labelled.verdict is not predicted
        ]

    def table(self) -> str:
        """The confusion matrix as text: one row per label, one column per verdict."""
        names = {v: v.value.replace("NOT_IN_ARTICLES", "NOT_IN") for v in PREDICTIONS}
        lines = ["label \\ verdict".ljust(16) + "".join(names[v].rjust(14) for v in PREDICTIONS)]
        for label, row in self.confusion().items():
            lines.append(names[label].ljust(16) + "".join(str(row[v]).rjust(14) for v in PREDICTIONS))
        return "\n".join(lines)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def read_claims(path: Path) -> Iterator[LabelledClaim]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ArticleError(f"{path}: cannot be read ({error.strerror})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield LabelledClaim(str(record["claim"]), Verdict(record["verdict"]))
        except (json.JSONDecodeError, KeyError, ValueError, TypeError):
            raise ArticleError(
                f'{path}:{number}: expected {{"claim": ..., "verdict": one of '
                f"{', '.join(v.value for v in LABELS)}}}"
            ) from None


def evaluate_checks(checker: FactChecker, claims: list[LabelledClaim]) -> CheckReport:
    report = CheckReport()
    for labelled in claims:
        report.pairs.append((labelled, checker.check(labelled.claim).verdict))
    return report
