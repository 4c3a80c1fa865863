"""`newsdesk eval` and `newsdesk fit-answers`: answer quality on a question set, and the answer model."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from index import Settings
from index.cli.common import open_desk


def share(text: str) -> float:
    """A share between 0 and 1, for argparse."""
    value = float(text)
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not a share between 0 and 1")
    return value


def print_metrics(metrics: dict[str, Any], as_json: bool) -> int:
    if as_json:
        print(json.dumps(metrics))
    else:
        for name, value in metrics.items():
            print(f"{name:26} {value}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from index.evaluate.questions import read_questions, run_eval

    desk = open_desk(settings, many_questions=True)
    if args.answerer == "llm":
        from index.evaluate.llm import evaluate_llm

        desk.chain_for("llm")  # refuses at once when no model is configured
        return print_metrics(evaluate_llm(desk, list(read_questions(args.questions))), args.json)
    return print_metrics(run_eval(desk, list(read_questions(args.questions)), args), args.json)


def cmd_fit_answers(args: argparse.Namespace, settings: Settings) -> int:
    """Prints the answer model's cross-validated figures; with --write, fits it on every question and
    saves it as the bundled model. With --trade-off, prints the figures at several refusal shares."""
    from index.evaluate.fit_answers import MAX_ABSTAINED, cross_validated, fit, readings, trade_off
    from index.evaluate.questions import read_questions

    desk = open_desk(settings, many_questions=True)
    found = readings(desk, list(read_questions(args.questions)))
    if args.trade_off:
        print_trade_off(trade_off(found), args.json)
        return 0
    refuse = MAX_ABSTAINED if args.refuse is None else args.refuse
    print_metrics(cross_validated(found, refuse), args.json)
    if args.write:
        fit(found, refuse).save(fitted_on=args.questions.name)
    return 0


def print_trade_off(rows: list[dict[str, float]], as_json: bool) -> None:
    """One line a refusal share: the `min_evidence` setting that gives it, and what it trades."""
    if as_json:
        print(json.dumps(rows))
        return
    names = (
        "refuse",
        "min_evidence",
        "abstained_with_evidence",
        "two_sentences_gold",
        "answered_without_gold",
    )
    print("  ".join(names))
    for row in rows:
        print("  ".join(f"{row[name]:>{len(name)}}" for name in names))


def add_eval_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    evaluation = commands.add_parser("eval", help="measure retrieval and answers on a question set")
    evaluation.add_argument("questions", type=Path, help="questions, one JSON object a line")
    evaluation.add_argument("--json", action="store_true", help="print one JSON object")
    evaluation.add_argument("--failures", type=Path, help="write failed questions here (JSONL)")
    evaluation.add_argument(
        "--answerer",
        choices=["extractive", "llm"],
        default="extractive",
        help="llm: the configured model's answers after validation (fallback rate, citation precision)",
    )
    modes = evaluation.add_mutually_exclusive_group()
    modes.add_argument("--choices", action="store_true", help="multiple choice: share of right picks")
    modes.add_argument(
        "--drop-evidence",
        action="store_true",
        help="ask a copy of the index without the evidence articles: the near misses",
    )
    evaluation.set_defaults(run=cmd_eval)

    fitting = commands.add_parser(
        "fit-answers", help="fit the answer model on a question set, reported by 5-fold cross-validation"
    )
    fitting.add_argument("questions", type=Path, help="questions, one JSON object a line")
    fitting.add_argument("--json", action="store_true", help="print one JSON object")
    # --trade-off fits one model a refusal share: which one --write would save is not for us to guess.
    mode = fitting.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="save the model fitted on every question")
    fitting.add_argument(
        "--refuse",
        type=share,
        help="share of the questions asked with their evidence the threshold may refuse (default 0.07)",
    )
    mode.add_argument(
        "--trade-off",
        action="store_true",
        help="compare refusal shares: the min_evidence setting of each, cross-validated",
    )
    fitting.set_defaults(run=cmd_fit_answers)
