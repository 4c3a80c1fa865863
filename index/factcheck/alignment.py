"""Is an evidence sentence about the fact a claim states? A logistic regression over what they share.

The features are the MiniLM similarity of claim and sentence and what the language layer finds in both
(content words, names, figures, dates). The model's coefficients and its cut-offs live in
`alignment.json` beside this module; `newsdesk eval-check CLAIMS --half tune --fit --fit-with MORE`
refits them (docs/fact-checking.md gives the command).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).with_name("alignment.json")

FEATURES = (
    "similarity",  # cosine of the MiniLM embeddings of claim and sentence
    "topic",  # share of the claim's words (IDF-weighted) the sentence or headline has
    "predicate",  # the same, names left out
    "names_here",  # share of the claim's names the sentence gives
    "names_in_article",  # ...that the article gives
    "figures_here",  # share of the claim's figures the sentence gives (a label, "Tier 2": or the article)
    "dates_here",  # share of the claim's dates the sentence gives
    "rare_missing",  # 1 when a rare word of the claim is not in the sentence
)


@dataclass(frozen=True)
class AlignmentModel:
    """P(sentence states the claim's fact) = logistic(bias + weights . features); a sentence at least
    `clash` probable may contradict the claim, one at least `support` probable may support it, and one
    that gives every figure and date of the claim, one of them telling, may support it from `specific`
    (a figure like "1,879 dollars" or "2020" seldom matches by chance; "two" or "Saturday" may)."""

    weights: dict[str, float]
    bias: float
    support: float
    clash: float
    specific: float

    def probability(self, features: Mapping[str, float]) -> float:
        score = self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def save(self, path: Path = MODEL_PATH) -> Path:
        """Write the model (by default as the one `index.factcheck` ships); returns where."""
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> AlignmentModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            {k: float(v) for k, v in data["weights"].items()},
            float(data["bias"]),
            float(data["support"]),
            float(data["clash"]),
            float(data["specific"]),
        )


def fit_weights(
    rows: Sequence[Mapping[str, float]], labels: Sequence[bool], l2: float = 1.0
) -> tuple[dict[str, float], float]:
    """Logistic-regression coefficients (L2-penalised, bias free) by Newton's method."""
    x = np.array([[1.0, *(row.get(name, 0.0) for name in FEATURES)] for row in rows])
    y = np.array([1.0 if label else 0.0 for label in labels])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x.T * (p * (1 - p))) @ x + penalty + np.eye(x.shape[1]) * 1e-9
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return {name: round(float(v), 4) for name, v in zip(FEATURES, w[1:], strict=True)}, round(float(w[0]), 4)
