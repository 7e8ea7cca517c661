"""How often the real model answers common starter-library questions, per number of passages.
Prints JSON: for each `--top-k`, which questions got a cited answer and which the no-information
reply (the library has an article for every question here, so each should be answered).

    .venv/bin/python bench/answer_rate.py [--model qwen2.5-1.5b] [--top-k 4 6]

About 20-40 s per question with the default model on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace

import engine  # noqa: F401  (offline environment)
from engine.factory import build_assistant
from engine.settings import Settings

QUESTIONS = (
    "How is asthma treated?",
    "What are the signs of a urinary tract infection?",
    "How can I lower my cholesterol?",
    "What helps with heartburn?",
    "Is shingles contagious?",
    "How do I know if I have the flu or a cold?",
    "What causes gout attacks?",
    "How can I prevent migraines?",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=Settings().model)
    parser.add_argument("--top-k", type=int, nargs="+", default=[4, 6])
    args = parser.parse_args()
    assistant = build_assistant(Settings(model=args.model))
    assistant.load()
    results = {}
    try:
        for k in args.top_k:
            assistant.options = replace(assistant.options, top_k=k)
            rows = []
            for question in QUESTIONS:
                started = time.perf_counter()
                answer = assistant.ask(question)
                rows.append({"question": question, "citations": len(answer.citations),
                             "no_information": answer.has_flag("no_information"),
                             "seconds": round(time.perf_counter() - started, 1)})
            results[f"top_k={k}"] = {"answered": sum(bool(r["citations"]) for r in rows),
                                     "of": len(rows), "questions": rows}
    finally:
        assistant.close()
    print(json.dumps({"model": args.model, "results": results}, indent=2))


if __name__ == "__main__":
    main()
