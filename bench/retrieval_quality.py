"""Retrieval quality: success@k and MRR for keyword-only, dense-only and hybrid search.

    .venv/bin/python bench/retrieval_quality.py --kb DIR [--questions bench/data/retrieval_dev.jsonl]

DIR is a knowledge base holding MedQuAD (`bench/import_throughput.py --keep DIR`). Each question
line is {"question", "relevant": [record ids]}; a hit is a passage whose record id is relevant.
success@k: share of questions with a relevant passage in the top k; MRR@10: mean of 1/rank of
the first relevant passage (0 when none in the top 10). All modes search the same knowledge
base with the same questions; "hybrid+entities" adds the NER model's terms (the boost the
assistant uses) when the model is installed. Prints JSON. Tune on the dev set only: the held-out set
(bench/data/retrieval_heldout.jsonl) is for reporting.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import engine  # noqa: F401  (offline environment)
from engine.embeddings import SentenceEmbedder
from engine.entities import EntityTagger, terms
from engine.factory import build_tagger
from engine.settings import Settings
from knowledge.library import KnowledgeBase, SearchMode

DEV_SET = Path(__file__).resolve().parent / "data" / "retrieval_dev.jsonl"
CUTOFFS = (1, 3, 5, 10)


def load_questions(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def first_relevant_rank(record_ids: list[str], relevant: set[str]) -> int | None:
    return next((rank for rank, rid in enumerate(record_ids, 1) if rid in relevant), None)


def score(ranks: list[int | None]) -> dict[str, float]:
    result = {f"success@{k}": round(sum(r is not None and r <= k for r in ranks) / len(ranks), 3)
              for k in CUTOFFS}
    result["mrr@10"] = round(sum(1 / r for r in ranks if r is not None and r <= 10) / len(ranks), 3)
    return result


def evaluate(kb: KnowledgeBase, embedder: SentenceEmbedder, questions: list[dict],
             tagger: EntityTagger | None) -> dict:
    texts = [q["question"] for q in questions]
    vectors = embedder.encode(texts)
    recognised = [terms(found) for found in tagger.annotate(texts)] if tagger else None
    runs = [(mode.value, mode, None) for mode in SearchMode]
    if recognised is not None:
        runs.append(("hybrid+entities", SearchMode.HYBRID, recognised))
    report = {}
    for name, mode, entities in runs:
        ranks = []
        for n, (question, vector) in enumerate(zip(questions, vectors, strict=True)):
            passages = kb.search(question["question"], vector, max(CUTOFFS), mode,
                                 entities[n] if entities else ())
            ranks.append(first_relevant_rank([p.record_id for p in passages],
                                             set(question["relevant"])))
        report[name] = score(ranks)
    if recognised is not None:
        report["questions_with_entities"] = sum(bool(r) for r in recognised)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+", default=[DEV_SET])
    parser.add_argument("--no-entities", action="store_true",
                        help="skip the hybrid+entities run (the NER model boosting passages)")
    args = parser.parse_args()
    tagger = None if args.no_entities else build_tagger(Settings())
    embedder = SentenceEmbedder()
    kb = KnowledgeBase(args.kb)
    start = time.perf_counter()
    report = {"passages": kb.stats().passages, "sets": {}}
    for path in args.questions:
        questions = load_questions(path)
        report["sets"][path.name] = {"questions": len(questions)} | evaluate(kb, embedder, questions, tagger)
    report["seconds"] = round(time.perf_counter() - start, 1)
    kb.close()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
