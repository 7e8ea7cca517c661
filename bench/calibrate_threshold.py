"""Calibrate `min_relevance`: the best relevance score among the passages hybrid retrieval gives
the model, for questions the starter library answers versus questions it does not (health
topics it has no article on, and non-health questions). Prints JSON.

    .venv/bin/python bench/calibrate_threshold.py
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

import engine  # noqa: F401  (offline environment)
from engine.embeddings import SentenceEmbedder
from engine.retrieval import LibraryRetriever
from engine.settings import Settings
from knowledge.starter import build_starter

ANSWERED = [
    "What is high blood pressure and how can I lower it?", "what does 130 over 80 mean",
    "Can eating less salt help my blood pressure?", "What is type 2 diabetes?",
    "how do i know if i have sugar diabetes", "What is an A1C test?", "How do I use my inhaler?",
    "What triggers an asthma attack?", "Should I get a flu shot every year?",
    "How long does a cold last?", "What foods raise cholesterol?", "Why do I get heartburn at night?",
    "What are the signs of a bladder infection?", "What helps a migraine?",
    "My lower back hurts after lifting, what should I do?", "What are signs of depression?",
    "How do I stop my eczema from itching?", "What helps hay fever?", "How can I quit smoking?",
    "Are antibiotics useful for a cold?", "What is a statin?", "Can stress cause headaches?",
    "What is GERD?", "How do I get through nicotine cravings?",
    "can you get shingles twice", "What causes gout?", "How do I treat head lice?",
    "What vaccines does my baby need?", "what are the signs of a stroke",
    "my toddler has a fever of 102 what do i do", "how should i throw away old pills",
    "Is it safe to take ibuprofen with warfarin?", "what is afib", "why cant i sleep at night",
    "how do I know if my cut needs stitches", "is it ok to breastfeed with a cold",
]
NOT_ANSWERED = [
    "What is lupus?", "How is kidney stone pain treated?", "How is glaucoma treated?",
    "What is multiple sclerosis?", "How do I care for a broken arm cast?",
    "What is Parkinson's disease?", "What is psoriasis?", "What is celiac disease?",
    "How is tinnitus treated?", "What is endometriosis?", "How is a hernia repaired?",
    "What causes cataracts?",
    "How do I change the oil in my car?", "What is the capital of France?",
    "Write me a poem about the sea", "How do I reset my email password?",
    "Who won the football game last night?", "What time does the pharmacy close?",
]


def top_scores(retriever: LibraryRetriever, questions: list[str]) -> list[float]:
    """The best score among the passages the assistant would consider (top_k_passages)."""
    k = Settings().top_k_passages
    return [round(max(p.score for p in retriever.search(q, k)), 3) for q in questions]


def best_threshold(pos: list[float], neg: list[float]) -> tuple[float, float]:
    candidates = sorted(set(pos + neg))
    best = max(
        candidates,
        key=lambda t: (sum(s >= t for s in pos) + sum(s < t for s in neg), -abs(t - 0.4)),
    )
    accuracy = (sum(s >= best for s in pos) + sum(s < best for s in neg)) / (len(pos) + len(neg))
    return best, round(accuracy, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    embedder = SentenceEmbedder()
    with tempfile.TemporaryDirectory() as folder:
        build_starter(Path(folder), embedder)
        retriever = LibraryRetriever(Path(folder), embedder)
        retriever.load()
        pos, neg = top_scores(retriever, ANSWERED), top_scores(retriever, NOT_ANSWERED)
        retriever.close()
    threshold = Settings().min_relevance
    best, accuracy = best_threshold(pos, neg)
    print(json.dumps({
        "answered": {"n": len(pos), "min": min(pos), "median": statistics.median(pos)},
        "not_answered": {"n": len(neg), "max": max(neg), "median": statistics.median(neg)},
        "best_threshold": best, "best_accuracy": accuracy,
        "configured_threshold": threshold,
        "answered_below_threshold": [q for q, s in zip(ANSWERED, pos, strict=True) if s < threshold],
        "not_answered_above_threshold": [
            f"{q} ({s})" for q, s in zip(NOT_ANSWERED, neg, strict=True) if s >= threshold
        ],
    }, indent=2))


if __name__ == "__main__":
    main()
