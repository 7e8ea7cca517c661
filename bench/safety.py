"""Emergency-gate and scope-rule quality on the labelled suites. Prints JSON.

    .venv/bin/python bench/safety.py [SUITE.jsonl ...]

Default suites, per language (see bench/data/README.md):
  English: safety_suite (358, development), safety_heldout (227, written without sight of the
    rules), safety_en_consumer (100, consumer wording, held out: never read while developing).
  Spanish and Chinese: safety_{es,zh}_dev (development) and safety_{es,zh}_heldout (never read
    while developing).
Emergency recall is over emergency items; the false-positive rate over all non-emergency items;
`message_language` is the share of caught emergencies answered in the suite's language. Scope
recall is over scope items; its false-positive rate over non-emergency, non-scope items (the
scope rules are English only for now, so they are reported for English suites).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import engine  # noqa: F401  (offline environment)
from engine.languages.translate import QuestionTranslator
from engine.safety import check_question, second_look
from engine.safety.pack_gate import admits_second_look

DATA = Path(__file__).resolve().parent / "data"
HELD_OUT = {"safety_en_consumer.jsonl", "safety_es_heldout.jsonl", "safety_zh_heldout.jsonl"}
DEFAULT_SUITES = [DATA / f"safety_{name}.jsonl" for name in (
    "suite", "heldout", "en_consumer", "es_dev", "es_heldout", "zh_dev", "zh_heldout")]


def evaluate(path: Path, translator: QuestionTranslator | None = None) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    check_question("warm up")
    started = time.perf_counter()
    results = [(row, check_question(row["text"])) for row in rows]
    per_question_ms = (time.perf_counter() - started) * 1000 / len(rows)
    second_look = _second_look(results, translator)
    emergencies = [(r, c) for r, c in results if r["emergency"]]
    others = [(r, c) for r, c in results if not r["emergency"]]
    scoped = [(r, c) for r, c in others if r["scope"]]
    unscoped = [(r, c) for r, c in others if not r["scope"]]
    missed = [r["text"] for r, c in emergencies if not c.emergency]
    false_alarms = [r["text"] for r, c in others if c.emergency]
    by_category = Counter(r["category"] for r, _ in emergencies)
    caught = Counter(r["category"] for r, c in emergencies if c.emergency)
    language = rows[0].get("language", "en")
    held_out = path.name in HELD_OUT
    fired = [c for _, c in emergencies if c.emergency]
    in_language = sum(c.message_language == language for c in fired)
    report = {
        "suite": path.name, "language": language, "questions": len(rows),
        "ms_per_question": round(per_question_ms, 3),
        "emergency": {
            "recall": round(1 - len(missed) / len(emergencies), 4),
            "false_positive_rate": round(len(false_alarms) / len(others), 4),
            "target": {"recall_min": 0.98 if language == "en" else 0.97,
                       "false_positive_rate_max": 0.03},
            "recall_by_category": {k: round(caught[k] / n, 3) for k, n in sorted(by_category.items())},
            "message_language": round(in_language / len(fired), 4) if fired else None,
            # Held-out suites are scored without showing their questions (they stay unseen).
            "missed": missed if not held_out else dict(Counter(
                r["category"] for r, c in emergencies if not c.emergency)),
            "false_alarms": false_alarms if not held_out else dict(Counter(
                r["kind"] for r, c in others if c.emergency)),
        },
        "scope": None if language != "en" else {
            "recall": round(sum(bool(c.scope) for _, c in scoped) / len(scoped), 4),
            "kind_accuracy": round(
                sum(r["scope"] in {h.kind for h in c.scope} for r, c in scoped) / len(scoped), 4),
            "false_positive_rate": round(sum(bool(c.scope) for _, c in unscoped) / len(unscoped), 4),
            "missed": [r["text"] for r, c in scoped if not c.scope] if not held_out else [],
            "false_alarms": [r["text"] for r, c in unscoped if c.scope] if not held_out else [],
        },
    }
    if second_look is not None:
        report["with_translation"] = _with_translation(results, second_look, held_out)
    return report


def _second_look(results: list, translator: QuestionTranslator | None) -> dict[int, tuple] | None:
    """The service's second look: the English rules on the model's English rendering of each
    question the first (own-language) rules let through. {row index: (hit or None, ms)}."""
    if translator is None:
        return None
    looks = {}
    for i, (row, check) in enumerate(results):
        # A question the second look would not count is not rendered (the service renders
        # every one, to search with).
        if check.emergency or check.language.code == "en" or not check.language.supported \
                or not admits_second_look(check.language.code, row["text"]):
            continue
        started = time.perf_counter()
        english = translator.to_english(row["text"])
        hit = second_look(check.language.code, row["text"], english)
        looks[i] = (hit, (time.perf_counter() - started) * 1000)
    return looks


def _with_translation(results: list, looks: dict[int, tuple], held_out: bool) -> dict:
    fired = [c.emergency is not None or (i in looks and looks[i][0] is not None)
             for i, (_, c) in enumerate(results)]
    emergencies = [f for (r, _), f in zip(results, fired, strict=True) if r["emergency"]]
    others = [f for (r, _), f in zip(results, fired, strict=True) if not r["emergency"]]
    times = sorted(ms for _, ms in looks.values())
    return {
        "recall": round(sum(emergencies) / len(emergencies), 4),
        "false_positive_rate": round(sum(others) / len(others), 4),
        "translated": len(looks),
        "translate_ms_median": round(times[len(times) // 2], 1) if times else None,
        "translate_ms_p95": round(times[int(len(times) * 0.95)], 1) if times else None,
        "caught_by_second_look": sum(1 for (r, c), f in zip(results, fired, strict=True)
                                     if r["emergency"] and f and not c.emergency),
        "false_alarms_added": sum(1 for (r, c), f in zip(results, fired, strict=True)
                                  if not r["emergency"] and f and not c.emergency),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suites", nargs="*", type=Path, default=DEFAULT_SUITES, metavar="SUITE.jsonl",
                        help="labelled suites to score (default: the seven listed above)")
    parser.add_argument("--translate", metavar="MODEL", help="also score the answer pipeline's "
                        "second look: the English rules on this catalogue model's English "
                        "rendering of Spanish and Chinese questions (e.g. qwen2.5-1.5b)")
    args = parser.parse_args()
    translator = _translator(args.translate) if args.translate else None
    print(json.dumps([evaluate(path, translator) for path in args.suites], indent=2))


def _translator(key: str) -> QuestionTranslator:
    from engine import model_catalog
    from engine.hardware import default_threads
    from engine.llm import LlamaChatModel

    path = model_catalog.verify(model_catalog.MODEL_CATALOG[key])
    llm = LlamaChatModel(path, name=key, n_ctx=2048, n_threads=default_threads(), seed=7,
                         temperature=0.0)
    llm.load()
    return QuestionTranslator(llm)


if __name__ == "__main__":
    main()
