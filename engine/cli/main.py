"""`careqa` entry point: parse arguments, run one command, turn CareQA errors into one clear line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import engine  # noqa: F401  (sets the offline environment before anything else loads)
from engine import logging_setup
from engine.cli import ask, check, doctor, kb, models, ner, selftest, staff
from engine.errors import CareQAError

EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="careqa", description="Offline patient-education answers from your clinic's library."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (ask, check, kb, doctor, models, ner, staff, selftest):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging_setup.configure_logging(verbose=args.verbose)
    try:
        return int(args.run(args) or 0)
    except CareQAError as exc:
        print(f"careqa: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("careqa: stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
