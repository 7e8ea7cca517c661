"""Import throughput on MedQuAD against the embedding model alone, and memory during the import.

    .venv/bin/python bench/import_throughput.py [--data ../shared/data/medquad] [--limit N]
        [--every N] [--keep DIR]

Imports every answered MedQuAD file (folders 1-9; 10-12 have their answers removed) into a new
knowledge base, then encodes exactly the same passage texts with `SentenceTransformer.encode`
directly. The ratio is raw encode time / import time (1.0 = the import costs nothing beyond the
model; the target is >= 0.75). Resident memory is sampled as the import goes so you can see it
stays flat instead of growing with the corpus. Prints JSON. `--keep DIR` leaves the knowledge
base in DIR (bench/search_latency.py and bench/retrieval_quality.py use it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import engine  # noqa: F401  (offline environment)
from engine.embeddings import SentenceEmbedder
from knowledge.importing import ImportProgress, embedding_text
from knowledge.library import KnowledgeBase

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "medquad"
ANSWERED_FOLDERS = ("1_", "2_", "3_", "4_", "5_", "6_", "7_", "8_", "9_")


def memory_mb(key: str = "VmRSS") -> float:
    """Resident (VmRSS) or peak resident (VmHWM) memory of this process."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def medquad_files(data: Path, limit: int | None, every: int = 1) -> list[Path]:
    """The answered folders' files; `every` N-th file of each folder for a smaller sample
    with the same mix of sources."""
    folders = sorted(p for p in data.iterdir() if p.is_dir() and p.name.startswith(ANSWERED_FOLDERS))
    files = [f for folder in folders for f in sorted(folder.glob("*.xml"))[::every]]
    return files[:limit] if limit else files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, help="only the first N files (a quick run)")
    parser.add_argument("--every", type=int, default=1,
                        help="every N-th file of each folder (a sample with the same mix)")
    parser.add_argument("--keep", type=Path, help="build the knowledge base here and keep it")
    args = parser.parse_args()

    files = medquad_files(args.data, args.limit, args.every)
    embedder = SentenceEmbedder()
    embedder.load()
    embedder.encode(["warm up"])
    kb_dir = args.keep or Path(tempfile.mkdtemp(prefix="careqa-bench-"))
    if args.keep and kb_dir.exists():
        shutil.rmtree(kb_dir)
    memory: list[tuple[int, float]] = []

    def sample(progress: ImportProgress) -> None:
        if not memory or progress.files_done - memory[-1][0] >= max(1, len(files) // 20):
            memory.append((progress.files_done, memory_mb()))

    rss_before = memory_mb()
    kb = KnowledgeBase(kb_dir, readonly=False)
    start = time.perf_counter()
    report = kb.import_files(files, embedder, collection="medquad", progress=sample)
    import_s = time.perf_counter() - start
    memory.append((len(files), memory_mb()))
    peak_during_import = memory_mb("VmHWM")

    passages = kb.store.passages(i for i, _ in kb.store.lexical_texts())
    texts = [embedding_text(p.title, p.section, p.text) for p in passages.values()]
    kb.close()
    start = time.perf_counter()
    embedder._model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    raw_s = time.perf_counter() - start

    print(json.dumps({
        "files": len(files), "imported": len(report.imported), "failed": len(report.failed),
        "records": report.records_added, "passages": report.passages_added,
        "skipped_warnings": sum(len(w) for w in report.warnings.values()),
        "import_s": round(import_s, 1), "raw_encode_s": round(raw_s, 1),
        "records_per_s": round(report.records_added / import_s, 1),
        "passages_per_s_import": round(report.passages_added / import_s, 1),
        "passages_per_s_raw_encode": round(len(texts) / raw_s, 1),
        "throughput_ratio": round(raw_s / import_s, 3),
        "rss_mb_before_import": round(rss_before, 1),
        "rss_mb_during_import": [[done, round(mb, 1)] for done, mb in memory],
        "peak_rss_mb_import": round(peak_during_import, 1),
        "knowledge_base": str(kb_dir),
    }, indent=2))
    if not args.keep:
        shutil.rmtree(kb_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
