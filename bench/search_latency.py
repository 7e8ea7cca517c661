"""Single-query search latency: on a real knowledge base and on synthetic ones up to 200k passages.

    .venv/bin/python bench/search_latency.py [--kb DIR] [--synthetic 50000 200000] [--queries 200]

`--kb DIR` (e.g. the MedQuAD base left by `bench/import_throughput.py --keep DIR`) times real
questions end to end (embedding the question + hybrid search + reading the passages) and the
search alone. `--synthetic N...` builds stores of N passages with clustered random vectors and
Zipf-distributed words, then times flat and IVF dense search (with IVF's recall@10 against
flat), BM25, and hybrid search as the knowledge base would run it. One thread, one query at a
time, as a clinic workstation asks. Prints JSON; p95 target < 50 ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np

import engine  # noqa: F401  (offline environment)
from knowledge import index as faiss_index
from knowledge.documents import Chunk, SourceDocument
from knowledge.library import KnowledgeBase, SearchMode
from knowledge.store import Store

DIM = 384
DEV_SET = Path(__file__).resolve().parent / "data" / "retrieval_dev.jsonl"


def percentiles(times_ms: list[float]) -> dict[str, float]:
    ordered = sorted(times_ms)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
            "max_ms": round(ordered[-1], 2)}


def timed(calls: list[Callable[[], object]]) -> dict[str, float]:
    calls[0]()  # warm caches
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def real_questions(count: int) -> list[str]:
    lines = DEV_SET.read_text(encoding="utf-8").splitlines() if DEV_SET.exists() else []
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    return (questions or ["What are the symptoms of shingles?"]) [:count]


def bench_real(kb_dir: Path, count: int) -> dict:
    from engine.embeddings import SentenceEmbedder

    embedder = SentenceEmbedder()
    embedder.load()
    kb = KnowledgeBase(kb_dir)
    questions = real_questions(count)
    vectors = embedder.encode(questions)
    result = {"passages": kb.stats().passages, "index": faiss_index.kind(kb.index),
              "queries": len(questions)}
    result["end_to_end_hybrid"] = timed(
        [lambda q=q: kb.search(q, embedder.encode([q])[0], 5) for q in questions])
    for mode in SearchMode:
        result[f"search_{mode.value}"] = timed(
            [lambda q=q, v=v, m=mode: kb.search(q, v, 5, m)
             for q, v in zip(questions, vectors, strict=True)])
    kb.close()
    return result


def synthetic_store(directory: Path, size: int, rng: np.random.Generator) -> np.ndarray:
    """A store of `size` passages; returns the cluster centres the vectors were drawn around."""
    centres = rng.standard_normal((max(64, size // 100), DIM)).astype(np.float32)
    vocabulary = [f"w{n}" for n in range(30_000)]
    weights = 1.0 / np.arange(1, len(vocabulary) + 1)
    weights /= weights.sum()
    store = Store(directory)
    per_document = 2000
    for start in range(0, size, per_document):
        count = min(per_document, size - start)
        vectors = centres[rng.integers(len(centres), size=count)]
        vectors = vectors + 0.6 * rng.standard_normal(vectors.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        words = rng.choice(len(vocabulary), size=(count, 60), p=weights)
        chunks = [Chunk(n, " ".join(vocabulary[w] for w in row)) for n, row in enumerate(words)]
        doc = SourceDocument(source=f"synthetic-{start}", title=f"Synthetic {start}",
                             format="synthetic", sections=[], content_hash=str(start))
        store.add_document("synthetic", doc, chunks, vectors, "synthetic")
    store.close()
    return centres


def bench_synthetic(size: int, count: int, rng: np.random.Generator) -> dict:
    directory = Path(tempfile.mkdtemp(prefix="careqa-latency-"))
    try:
        start = time.perf_counter()
        centres = synthetic_store(directory, size, rng)
        kb = KnowledgeBase(directory, readonly=False)  # builds and saves both indexes
        build_s = time.perf_counter() - start
        queries = centres[rng.integers(len(centres), size=count)]
        queries = queries + 0.6 * rng.standard_normal(queries.shape).astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        texts = [" ".join(f"w{w}" for w in rng.integers(0, 3000, size=6)) for _ in range(count)]

        flat = faiss.IndexIDMap2(faiss.IndexFlatIP(DIM))
        for ids, vectors in kb.store.embeddings():
            flat.add_with_ids(np.ascontiguousarray(vectors), ids)
        ivf = faiss_index._trained_ivf(kb.store, DIM, size) if size >= 10_000 else None
        if ivf is not None:
            for ids, vectors in kb.store.embeddings():
                ivf.add_with_ids(np.ascontiguousarray(vectors), ids)
        result = {"passages": size, "build_s": round(build_s, 1),
                  "index_used": faiss_index.kind(kb.index),
                  "dense_flat": timed([lambda q=q: faiss_index.search(flat, q, 50) for q in queries])}
        if ivf is not None:
            result["dense_ivf"] = timed([lambda q=q: faiss_index.search(ivf, q, 50) for q in queries])
            result["ivf_recall_at_10"] = round(float(np.mean([
                len({i for i, _ in faiss_index.search(ivf, q, 10)}
                    & {i for i, _ in faiss_index.search(flat, q, 10)}) / 10 for q in queries])), 3)
        result["bm25"] = timed([lambda t=t: kb.lexical.search(t, 50) for t in texts])
        result["hybrid"] = timed([lambda t=t, q=q: kb.search(t, q, 5)
                                  for t, q in zip(texts, queries, strict=True)])
        kb.close()
        return result
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, help="a real knowledge base to time questions on")
    parser.add_argument("--synthetic", type=int, nargs="*", default=[200_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(7)
    report: dict = {}
    if args.kb:
        report["real"] = bench_real(args.kb, args.queries)
    report["synthetic"] = [bench_synthetic(n, args.queries, rng) for n in args.synthetic]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
