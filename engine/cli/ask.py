"""`careqa ask QUESTION`: stream an answer to the terminal, or print it as JSON.

`careqa ask --batch FILE`: one question per line, the models loaded once; with --json one JSON
line per question (the object `ask --json` prints), which benchmarks and evaluations read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cli.options import add_kb_option, gpu_layers_arg, settings_from
from engine.errors import ConfigError, EmptyQuestion

if TYPE_CHECKING:
    from engine.service import Assistant
    from engine.types import Answer


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("ask", help="answer a health question from the library")
    parser.add_argument("question", nargs="?", help="the question (or use --batch)")
    parser.add_argument("--batch", type=Path, metavar="FILE",
                        help="answer every line of FILE (- for standard input), models loaded once")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object (with --batch: one JSON line per question)")
    parser.add_argument("--model", help="catalogue key or path of a GGUF chat model")
    parser.add_argument("--k", type=int, help="number of passages to retrieve")
    parser.add_argument("--gpu-layers", type=gpu_layers_arg, help="auto, cpu or a layer count")
    add_kb_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.batch is not None:
        if args.question:
            raise ConfigError("Give either a question or --batch FILE, not both.")
        return _run_batch(args, list(_batch_questions(args.batch)))
    if not (args.question or "").strip():
        raise EmptyQuestion("The question is empty: type a health question in quotes.")
    with _assistant(args) as assistant:
        streamed: list[str] = []
        stream = assistant.stream(args.question)
        for piece in stream:
            streamed.append(piece)
            if not args.json:
                print(piece, end="", flush=True)
        answer = stream.answer
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_after_stream(answer, "".join(streamed))
    return 0


def _run_batch(args: argparse.Namespace, questions: list[str]) -> int:
    with _assistant(args) as assistant:
        assistant.load()
        for number, question in enumerate(questions, start=1):
            answer = assistant.ask(question)
            if args.json:
                print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
            else:
                print(f"[{number}/{len(questions)}] {question}\n{answer.text}")
                _print_sources(answer)
                print(flush=True)
    return 0


def _batch_questions(path: Path) -> Iterator[str]:
    """The file's non-blank lines; a clear error when it cannot be read."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read the questions file {path}: {exc}.") from exc
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise EmptyQuestion(f"The questions file {path} has no questions (one per line).")
    yield from lines


@contextmanager
def _assistant(args: argparse.Namespace) -> Iterator[Assistant]:
    """The Assistant built from the command's settings, closed whatever happens."""
    from engine.factory import build_assistant

    assistant = build_assistant(settings_from(args))
    try:
        yield assistant
    finally:
        assistant.close()


def _print_after_stream(answer: Answer, streamed: str) -> None:
    """The checked answer when checking changed it, any flags, then the sources."""
    print()
    if answer.text.strip() != streamed.strip():
        print(f"\nChecked against your library:\n{answer.text}")
    for flag in answer.flags:
        print(f"[{flag.code}] {flag.reason}", file=sys.stderr)
    _print_sources(answer)


def _print_sources(answer: Answer) -> None:
    if answer.citations:
        print("\nSources:")
        for citation in answer.citations:
            p = citation.passage
            where = f" ({p.location})" if p.location else ""
            print(f"  [{citation.n}] {p.title}{where} - {p.source}")
