"""`careqa ask QUESTION`: stream an answer to the terminal, or print it as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from engine.cli.options import add_kb_option, gpu_layers_arg, settings_from
from engine.errors import EmptyQuestion
from engine.types import Answer


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("ask", help="answer a health question from the library")
    parser.add_argument("question")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--model", help="catalogue key or path of a GGUF chat model")
    parser.add_argument("--k", type=int, help="number of passages to retrieve")
    parser.add_argument("--gpu-layers", type=gpu_layers_arg, help="auto, cpu or a layer count")
    add_kb_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from engine.factory import build_assistant

    if not args.question.strip():
        raise EmptyQuestion("The question is empty: type a health question in quotes.")
    assistant = build_assistant(settings_from(args))
    streamed: list[str] = []
    try:
        stream = assistant.stream(args.question)
        for piece in stream:
            streamed.append(piece)
            if not args.json:
                print(piece, end="", flush=True)
        answer = stream.answer
    finally:
        assistant.close()
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_after_stream(answer, "".join(streamed))
    return 0


def _print_after_stream(answer: Answer, streamed: str) -> None:
    """The checked answer when checking changed it, any flags, then the sources."""
    print()
    if answer.text.strip() != streamed.strip():
        print(f"\nChecked answer:\n{answer.text}")
    for flag in answer.flags:
        print(f"[{flag.code}] {flag.reason}", file=sys.stderr)
    if answer.citations:
        print("\nSources:")
        for citation in answer.citations:
            p = citation.passage
            where = f" ({p.location})" if p.location else ""
            print(f"  [{citation.n}] {p.title}{where} - {p.source}")
