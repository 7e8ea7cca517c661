"""Speed of the shipped NER model: sentences per second of `MedicalNER.annotate` on 1000
sentences (the NCBI-disease test split, 940 sentences of 26 words on average, cycled to 1000, as
plain text; `--data none` for short patient-style sentences), and the size of the model folder
on disk. Prints JSON.

    .venv/bin/python bench/ner_speed.py [--quantization int8] [--threads 2] [--repeats 3]
        [--data /work/shared/data/ner/NCBI-disease-IOB/test.tsv] [--model engine/models/ner]

Without the corpus, 1000 sentences are made from a fixed list of 8 patient-style sentences.
The best of `--repeats` timed passes is reported (the CPU may be shared), after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import engine  # noqa: F401  (offline environment)
from engine.ner import DEFAULT_MODEL_DIR, DEFAULT_QUANTIZATION, QUANTIZATIONS, MedicalNER

NCBI_TEST = Path(__file__).resolve().parents[2] / "shared/data/ner/NCBI-disease-IOB/test.tsv"
FALLBACK = [
    "I have type 2 diabetes and my doctor put me on metformin.",
    "Can ibuprofen make my asthma worse?",
    "My mother has high blood pressure and takes lisinopril every morning.",
    "Is it safe to take aspirin with warfarin?",
    "What are the early signs of Parkinson's disease?",
    "He was treated with amoxicillin for a middle ear infection.",
    "Does long-term use of omeprazole cause vitamin B12 deficiency?",
    "She developed a rash after starting lamotrigine for epilepsy.",
]


def sentences(data: Path | None, n: int) -> list[str]:
    if data is not None and data.is_file():
        from engine.training.data import read_conll

        texts = [" ".join(s.tokens) for s in read_conll(data)]
        if texts:  # NCBI-disease test has 940 sentences: cycle to n
            return [texts[i % len(texts)] for i in range(n)]
    return [FALLBACK[i % len(FALLBACK)] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--quantization", choices=QUANTIZATIONS, default=DEFAULT_QUANTIZATION)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--data", type=Path, default=NCBI_TEST)
    args = parser.parse_args()

    import torch

    texts = sentences(args.data, args.sentences)
    ner = MedicalNER(args.model, quantization=args.quantization, threads=args.threads,
                     batch_size=args.batch_size)
    started = time.perf_counter()
    ner.load()
    load_seconds = time.perf_counter() - started
    ner.annotate(texts[:64])  # warm-up
    passes = []
    entities = 0
    for _ in range(args.repeats):
        started = time.perf_counter()
        found = ner.annotate(texts)
        passes.append(time.perf_counter() - started)
        entities = sum(len(e) for e in found)
    size = sum(p.stat().st_size for p in args.model.iterdir() if p.is_file())
    print(json.dumps({
        "model": str(args.model), "quantization": args.quantization,
        "threads": args.threads, "torch": torch.__version__, "cpu": platform.processor(),
        "cpu_count": os.cpu_count(), "sentences": len(texts),
        "words_per_sentence": round(statistics.mean(len(t.split()) for t in texts), 1),
        "source": str(args.data) if args.data.is_file() else "built-in sentences",
        "load_seconds": round(load_seconds, 2),
        "sentences_per_second": round(len(texts) / min(passes), 1),
        "sentences_per_second_all": [round(len(texts) / p, 1) for p in passes],
        "entities_found": entities,
        "model_size_bytes": size, "model_size_mb": round(size / 1e6, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
