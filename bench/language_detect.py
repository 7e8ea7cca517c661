"""Language detection on short patient questions (engine.languages.detect). Prints JSON.

    .venv/bin/python bench/language_detect.py [SET.jsonl ...]

Each line: {"text", "language" (ISO 639-1), optional "mixed": true}. Accuracy is reported over
all questions, per language, for mixed-language ones, and for "would CareQA answer in the right
language" (a supported language found exactly, an unsupported one found as unsupported).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import engine  # noqa: F401  (offline environment)
from engine.languages import supported
from engine.languages.detect import detect_language

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_SETS = [DATA / "language_detect.jsonl"]


def evaluate(path: Path) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    detect_language("warm up")
    started = time.perf_counter()
    guesses = [detect_language(row["text"]) for row in rows]
    ms = (time.perf_counter() - started) * 1000 / len(rows)
    by_language: dict[str, list[bool]] = defaultdict(list)
    routed, mixed, wrong = [], [], []
    for row, guess in zip(rows, guesses, strict=True):
        right = guess.code == row["language"]
        group = row["language"] if row["language"] in supported() else "other"
        by_language[group].append(right)
        routed.append(right if row["language"] in supported() else not guess.supported)
        if row.get("mixed"):
            mixed.append(right)
        if not right:
            wrong.append({"text": row["text"], "language": row["language"], "found": guess.code})
    return {
        "set": path.name, "questions": len(rows), "ms_per_question": round(ms, 3),
        "accuracy": round(sum(g.code == r["language"] for r, g in zip(rows, guesses, strict=True))
                          / len(rows), 4),
        "routing_accuracy": round(sum(routed) / len(routed), 4),
        "by_language": {k: round(sum(v) / len(v), 4) for k, v in sorted(by_language.items())},
        "mixed": round(sum(mixed) / len(mixed), 4) if mixed else None,
        "wrong": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", type=Path, default=DEFAULT_SETS, metavar="SET.jsonl")
    print(json.dumps([evaluate(path) for path in parser.parse_args().sets], indent=2,
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
