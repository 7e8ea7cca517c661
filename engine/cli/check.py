"""`careqa check QUESTION | --batch FILE`: only the pre-model safety checks, fast, at scale."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from engine.errors import ConfigError, EmptyQuestion
from engine.safety import check_question


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("check", help="run the emergency and scope checks only")
    parser.add_argument("question", nargs="?")
    parser.add_argument("--batch", type=Path, metavar="FILE", help="one question per line")
    parser.add_argument("--json", action="store_true", help="JSON (one line per question)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.batch:
        try:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"cannot read {args.batch}: {exc.strerror}") from exc
        for line in filter(str.strip, lines):
            _print(line.strip(), args.json)
        return 0
    if not args.question or not args.question.strip():
        raise EmptyQuestion("The question is empty: give a question or --batch FILE.")
    _print(args.question.strip(), args.json)
    return 0


def _print(question: str, as_json: bool) -> None:
    result = check_question(question).to_dict()
    if as_json:
        print(json.dumps(result, ensure_ascii=False), flush=True)
        return
    flags = ", ".join(result["flags"]) or "none"
    print(f"flags: {flags}")
    for reason in result["reasons"]:
        print(f"  - {reason}")
    print(f"entities: {result['entities']}")
