"""The `check` and `eval-check` subcommands of `newsdesk`."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index import Settings
from index.cli.terminal import check_text

if TYPE_CHECKING:
    from index.evaluate.checks import LabelledClaim

# `eval-check --half`: the claims are split in two by article, one half to tune on, one held out.
HALVES = ("tune", "held-out")


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from index import FactChecker
    from index.cli.common import open_desk

    checker = FactChecker.for_desk(open_desk(settings))
    result = checker.check(args.claim, as_of=args.as_of, source=args.source)
    print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) if args.json else check_text(result))
    return 0


def cmd_eval_check(args: argparse.Namespace, settings: Settings) -> int:
    from index import FactChecker
    from index.cli.common import open_desk
    from index.evaluate.checks import evaluate_checks, read_claims

    claims = [claim for path in args.claims for claim in _claims_of(path, args.half)]
    desk = open_desk(settings)
    checker = FactChecker.for_desk(desk)
    if args.fit:
        from index.evaluate.fit_checks import fit, read_claims_for_fit

        training = claims + [c for extra in args.fit_with for c in read_claims(extra)]
        model = fit(read_claims_for_fit(checker, training))
        written = model.save()
        print(f"alignment model fitted on {len(training)} claims, written to {written}")
        checker = FactChecker.for_desk(desk, alignment=model)
    report = evaluate_checks(checker, claims)
    if args.failures:
        args.failures.write_text(
            "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in report.failures()), encoding="utf-8"
        )
    metrics = report.metrics()
    if args.json:
        print(json.dumps({**metrics, "by_kind": report.by_kind(), "confusion": _plain(report.confusion())}))
        return 0
    for name, value in metrics.items():
        print(f"{name:28} {value}")
    print()
    for kind, row in report.by_kind().items():
        print(f"kind {kind:23} {row['right']}/{row['claims']}  {row['accuracy']}")
    print()
    print(report.table())
    return 0


def _claims_of(path: Path, half: str | None) -> list[LabelledClaim]:
    """A file's claims, or one half of them split by the file's own articles: the tune halves of several
    sets can then fit the model together, each set's held-out half left out."""
    from index.evaluate.checks import half_of, read_claims

    claims = list(read_claims(path))
    return half_of(claims, HALVES.index(half)) if half else claims


def _plain(confusion: dict[Any, dict[Any, int]]) -> dict[str, dict[str, int]]:
    return {label.value: {verdict.value: n for verdict, n in row.items()} for label, row in confusion.items()}


def add_check_commands(commands: Any) -> None:
    """Register `check` and `eval-check` on the CLI's subparsers."""
    check = commands.add_parser("check", help="fact-check a claim against the indexed articles")
    check.add_argument("claim")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--as-of", type=date.fromisoformat, help="ignore articles published after this date")
    check.add_argument("--source", help="only articles from this source, e.g. CNN")
    check.set_defaults(run=cmd_check)

    evaluation = commands.add_parser("eval-check", help="measure the fact-checker on labelled claims (JSONL)")
    evaluation.add_argument("claims", type=Path, nargs="+", help="one or more claim files, measured together")
    evaluation.add_argument("--json", action="store_true")
    evaluation.add_argument("--failures", type=Path, help="write misjudged claims here (JSONL)")
    evaluation.add_argument(
        "--half",
        choices=HALVES,
        help="only one half of each file's claims, split by article: tune (for adjusting rules) or held-out",
    )
    evaluation.add_argument(
        "--fit",
        action="store_true",
        help="first refit the alignment model on these claims (use --half tune) and save it",
    )
    evaluation.add_argument(
        "--fit-with",
        type=Path,
        action="append",
        default=[],
        metavar="CLAIMS",
        help="with --fit, also fit on every claim of this file (its figures are then in-sample)",
    )
    evaluation.set_defaults(run=cmd_eval_check)
