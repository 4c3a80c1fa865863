"""Whether a retrieved sentence answers the question: a few named signals, weighed by a small fitted model.

Similarity alone quotes a sentence from the right story that does not hold the fact asked for (the same
storm's other landfall, the semifinal instead of the final). The signals here ask what a reader would:
does the sentence name a thing of the asked kind (a company for "which company") that the question does
not, does it hold the question's rarer words, do the retrieved reports keep naming that thing, and does
the evidence name what the question is about? One linear model ranks the sentences; a second, over the
best sentence's signals, says how likely it is to answer, discounted by the share of the question's
weight that the sentence's own report leaves out (a name it never mentions, a rare word it never uses).
Both are fitted on RealTime QA dev by `newsdesk fit-answers`, which writes `answer_model.json` beside
this module.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]

# What each column of a sentence's signals means; the model file names them in this order.
FEATURES = (
    "similarity",  # MiniLM cosine between the sentence and the question
    "covered",  # share of the question's IDF weight whose words the sentence holds
    "chunk_similarity",  # MiniLM cosine of the chunk the sentence is from
    "chunk_rank",  # 1 / (rank of that chunk + 1)
    "recurring_name",  # how many retrieved reports name the sentence's best new name (1: the most)
    "kind_found",  # the sentence names a thing of the asked kind the question does not
    "kind_known",  # the question asks for a known kind (who, where, when, how many, which company)
    "kind_recurring",  # how many reports name that thing (1: the most)
    "new_entity",  # the sentence names any entity the question does not
    "recent",  # for a question about the last days' news, how recent the report is (1: that day; else 1)
)
# The answerability model reads the best sentence's signals and its lead over the runner-up.
ANSWERABLE_FEATURES = ("best_score", "lead", *FEATURES)
# Below this chance the answer is told as the closest the articles come, not as the answer: on dev,
# cross-validated (`newsdesk fit-answers`), answers below it held the gold answer 29-41% of the time,
# answers above it 66-85%.
UNSURE_BELOW = 0.3
MODEL_FILE = "answer_model.json"
# Where `newsdesk fit-answers --write` saves the model: beside this module, in the source tree.
MODEL_PATH = Path(__file__).with_name(MODEL_FILE)


@dataclass(frozen=True)
class AnswerModel:
    """Weights for ranking sentences and for the chance that the best one answers."""

    rank_weights: tuple[float, ...]
    answerable_weights: tuple[float, ...]
    answerable_bias: float
    threshold: float

    @classmethod
    def bundled(cls) -> AnswerModel:
        return cls.from_json(resources.files("index.answer").joinpath(MODEL_FILE).read_text("utf-8"))

    @classmethod
    def from_json(cls, text: str) -> AnswerModel:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{MODEL_FILE} was fitted on other signals: refit with `newsdesk fit-answers`")
        return cls(
            tuple(data["rank_weights"]),
            tuple(data["answerable_weights"]),
            float(data["answerable_bias"]),
            float(data["threshold"]),
        )

    def to_json(self, fitted_on: str) -> str:
        return json.dumps(
            {
                "features": FEATURES,
                "rank_weights": _rounded(self.rank_weights),
                "answerable_features": ANSWERABLE_FEATURES,
                "answerable_weights": _rounded(self.answerable_weights),
                "answerable_bias": round(self.answerable_bias, 4),
                "threshold": round(self.threshold, 4),
                "fitted_on": fitted_on,
                "command": "newsdesk fit-answers QUESTIONS.jsonl --write",
            },
            indent=2,
        )

    def save(self, fitted_on: str, path: Path = MODEL_PATH) -> Path:
        """Write the model (by default as the one `index.answer` ships); returns where."""
        path.write_text(self.to_json(fitted_on) + "\n", encoding="utf-8")
        return path

    def scores(self, signals: Matrix) -> NDArray[np.float64]:
        """Each sentence's ranking score (higher: more likely the answer)."""
        scores: NDArray[np.float64] = signals @ np.asarray(self.rank_weights)
        return scores

    def answerable(self, signals: Matrix, reach: NDArray[np.float64] | None = None) -> float:
        """The chance that the best-ranked sentence answers the question, times the share of the
        question its report can speak to (`reach`, one per sentence): when it never names what the
        question is about, no sentence of it answers, however well it scores."""
        scores = self.scores(signals)
        row = answerable_row(signals, scores)
        logit = float(row @ np.asarray(self.answerable_weights)) + self.answerable_bias
        best_reach = 1.0 if reach is None else float(reach[int(np.argmax(scores))])
        return best_reach / (1.0 + math.exp(-logit))


def answerable_row(signals: Matrix, scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """The answerability model's input: the best score, its lead over the runner-up, the best's signals."""
    order = np.argsort(-scores, kind="stable")
    best = order[0]
    lead = scores[best] - scores[order[1]] if len(order) > 1 else 1.0
    return np.concatenate([[scores[best], lead], signals[best]])


def _rounded(values: Sequence[float]) -> list[float]:
    return [round(float(v), 4) for v in values]
