"""`newsdesk eval-check CLAIMS --fit`: fit the fact-checker's alignment model on labelled claims.

For every assertion of every claim, the checker's candidate sentences are read once (retrieval, typed
comparisons, features). The logistic regression learns whether the best-aligned sentence states the
claim's fact (a SUPPORTED, CONTRADICTED or MIXED claim) or not (NOT_IN_ARTICLES); the sentence counted
as best is re-chosen with each fit, starting from MiniLM similarity alone. Its cut-offs are then chosen
for the best accuracy, a wrong SUPPORTED costing five right answers and a wrong CONTRADICTED or MIXED
(of a true claim, or of one the articles never speak of) one more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.evaluate.checks import LabelledClaim
from index.factcheck.alignment import AlignmentModel, fit_weights
from index.factcheck.assertions import names_elsewhere, split_claim
from index.factcheck.check import FactChecker, decide, having_a_say, limited, overall_verdict
from index.factcheck.judge import Reading, RuleJudge, conclude
from index.model import PartCheck, Verdict
from index.search.searcher import SearchFilter

ROUNDS = 3
WRONG_SUPPORTED_COST = 5.0
# Telling a reporter that a true claim, or one the articles never speak of, is false: one right answer
# more than any other error.
WRONG_CLASH_COST = 1.0
_CLASHES = frozenset([Verdict.CONTRADICTED, Verdict.MIXED])
L2 = 0.1  # chosen on the tune half among 0.1, 0.3, 1 and 3
CUTOFFS = tuple(round(0.05 * i, 2) for i in range(2, 20))


@dataclass(frozen=True)
class ReadClaim:
    """A labelled claim with the readings of each assertion's candidate sentences."""

    labelled: LabelledClaim
    # Each assertion's candidates: the reading, and whether the passage may support the claim.
    parts: tuple[tuple[tuple[Reading, bool], ...], ...]


def read_claims_for_fit(checker: FactChecker, claims: Sequence[LabelledClaim]) -> list[ReadClaim]:
    judge = checker.judge
    if not isinstance(judge, RuleJudge):
        raise TypeError("only the RuleJudge's alignment model can be fitted")
    read: list[ReadClaim] = []
    for labelled in claims:
        assertions = split_claim(labelled.claim)
        parts = tuple(
            tuple(
                (judge.reading(part, checker.evidence(c)), c.may_support)
                for c in checker.candidates(part, SearchFilter(), names_elsewhere(part, assertions))
            )
            for part in assertions
        )
        read.append(ReadClaim(labelled, parts))
    return read


def verdict_with(model: AlignmentModel, claim: ReadClaim) -> Verdict:
    """The claim's verdict had the checker used this model."""
    parts = []
    for readings in claim.parts:
        judged = [((r, may), limited(conclude(r, model), may)) for r, may in readings]
        verdict, _ = decide(having_a_say(judged, lambda read: read[1]))
        parts.append(PartCheck("", verdict, ""))
    return overall_verdict(parts)


def score(model: AlignmentModel, claims: Sequence[ReadClaim]) -> float:
    verdicts = [(verdict_with(model, c), c.labelled.verdict) for c in claims]
    right = sum(got is label for got, label in verdicts)
    wrong_supported = sum(got is Verdict.SUPPORTED and label is not got for got, label in verdicts)
    wrongly_denied = sum(got in _CLASHES and label not in _CLASHES for got, label in verdicts)
    penalty = WRONG_SUPPORTED_COST * wrong_supported + WRONG_CLASH_COST * wrongly_denied
    return (right - penalty) / max(len(claims), 1)


# The first round picks each assertion's best sentence by MiniLM similarity alone: the fit then starts
# from the same place whatever alignment.json holds, so the command always writes the same file.
START = AlignmentModel({"similarity": 1.0}, 0.0, support=0.95, clash=0.45, specific=0.7)


def fit(claims: Sequence[ReadClaim], start: AlignmentModel = START) -> AlignmentModel:
    model = start
    for _ in range(ROUNDS):
        rows, labels = [], []
        for claim in claims:
            stated = claim.labelled.verdict is not Verdict.NOT_IN_ARTICLES
            for readings in claim.parts:
                if readings:
                    best = max((r for r, _ in readings), key=lambda r: model.probability(r.features))
                    rows.append(best.features)
                    labels.append(stated)
        weights, bias = fit_weights(rows, labels, L2)
        model = AlignmentModel(weights, bias, model.support, model.clash, model.specific)
    return best_cutoffs(model, claims)


def best_cutoffs(model: AlignmentModel, claims: Sequence[ReadClaim]) -> AlignmentModel:
    """The support and clash cut-offs that score best, then the telling-figures one (at most the
    support cut-off) that scores best with them; of cut-offs that score alike, the highest (the
    surest)."""
    highest_first = sorted(CUTOFFS, reverse=True)
    pairs = [
        AlignmentModel(model.weights, model.bias, support, clash, support)
        for support in highest_first
        for clash in highest_first
        if clash <= support
    ]
    best = max(pairs, key=lambda m: score(m, claims))
    options = [
        AlignmentModel(best.weights, best.bias, best.support, best.clash, specific)
        for specific in highest_first
        if specific <= best.support
    ]
    return max(options, key=lambda m: score(m, claims))
