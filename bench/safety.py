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
from engine.safety import check_question

DATA = Path(__file__).resolve().parent / "data"
HELD_OUT = {"safety_en_consumer.jsonl", "safety_es_heldout.jsonl", "safety_zh_heldout.jsonl"}
DEFAULT_SUITES = [DATA / f"safety_{name}.jsonl" for name in (
    "suite", "heldout", "en_consumer", "es_dev", "es_heldout", "zh_dev", "zh_heldout")]


def evaluate(path: Path) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    check_question("warm up")
    started = time.perf_counter()
    results = [(row, check_question(row["text"])) for row in rows]
    per_question_ms = (time.perf_counter() - started) * 1000 / len(rows)
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
    return {
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suites", nargs="*", type=Path, default=DEFAULT_SUITES, metavar="SUITE.jsonl",
                        help="labelled suites to score (default: the two in bench/data/)")
    suites = parser.parse_args().suites
    print(json.dumps([evaluate(path) for path in suites], indent=2))


if __name__ == "__main__":
    main()
