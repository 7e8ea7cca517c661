"""FAISS inner-product index over normalised passage embeddings, keyed by passage id.

The index file is named after the store generation it matches (`index-<generation>.faiss`) and
is written to a temporary name then renamed, so a crash leaves either the old file or the new
one, never half of one. A missing or stale file is rebuilt from the store's embeddings.

Small libraries use an exact flat index. Past IVF_MIN_PASSAGES an inverted-file index (IVF)
keeps a single search fast: only the `nprobe` nearest of ~4*sqrt(N) clusters are scanned.
Measured (bench/search_latency.py, one thread): flat takes 4 ms at 46k MedQuAD passages and
13 ms at 200k; IVF < 1 ms. On MedQuAD, IVF with nprobe 128 finds 96-98% of flat's top 50
(nprobe 24: 87%), so flat is kept while it is cheap. Both kinds add and remove in place.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from pathlib import Path

import faiss
import numpy as np

from knowledge.errors import IndexCorrupt, KnowledgeBaseError
from knowledge.store import Store

log = logging.getLogger(__name__)
_INDEX_NAME = re.compile(r"index-(\d+)\.faiss$")


def index_path(directory: Path, generation: int) -> Path:
    return directory / f"index-{generation}.faiss"


IVF_MIN_PASSAGES = 100_000
NPROBE = 128
_TRAINING_POINTS_PER_LIST = 40


def build_from_store(store: Store) -> faiss.Index:
    dim = int(store.meta("embedding_dim", "0")) or 1
    total = store.stats().passages
    index: faiss.Index
    if total < IVF_MIN_PASSAGES:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    else:
        index = _trained_ivf(store, dim, total)
    for ids, vectors in store.embeddings():
        index.add_with_ids(np.ascontiguousarray(vectors), ids)
    return index


def _trained_ivf(store: Store, dim: int, total: int) -> faiss.Index:
    lists = int(4 * np.sqrt(total))
    stride = max(1, total // (lists * _TRAINING_POINTS_PER_LIST))
    sample = np.concatenate([vectors[::stride] for _, vectors in store.embeddings()])
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
    index.train(np.ascontiguousarray(sample))
    index.nprobe = NPROBE
    return index


def kind(index: faiss.Index) -> str:
    return "ivf" if isinstance(index, faiss.IndexIVF) else "flat"


def needs_ivf(index: faiss.Index) -> bool:
    """A flat index that grew past the size where IVF pays off (rebuild it as IVF)."""
    return kind(index) == "flat" and index.ntotal >= IVF_MIN_PASSAGES


def load(directory: Path, store: Store) -> faiss.Index | None:
    """The index matching the store's generation, or None if there is none to load."""
    path = index_path(directory, store.generation)
    if not path.is_file():
        return None
    try:
        index = faiss.read_index(str(path))
        if isinstance(index, faiss.IndexIVF):
            index.nprobe = NPROBE
    except RuntimeError as exc:
        raise IndexCorrupt(f"The search index {path} is unreadable; run `careqa kb rebuild`.") from exc
    if index.ntotal != store.stats().passages:
        raise IndexCorrupt(
            f"The search index {path} has {index.ntotal} passages but the store has "
            f"{store.stats().passages}; run `careqa kb rebuild`."
        )
    return index


def save(directory: Path, generation: int, index: faiss.Index) -> Path:
    """Write atomically, then delete index files of older generations."""
    target = index_path(directory, generation)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".index-", suffix=".tmp")
    os.close(fd)
    try:
        faiss.write_index(index, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except (OSError, RuntimeError) as exc:  # faiss reports a full disk as RuntimeError
        raise KnowledgeBaseError(
            f"Could not save the search index in {directory} ({exc}); the documents are safe "
            "in the store and the index is rebuilt from it next time. Free some disk space."
        ) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    remove_stale(directory, keep=generation)
    return target


def remove_stale(directory: Path, keep: int) -> None:
    for path in directory.iterdir():
        match = _INDEX_NAME.match(path.name)
        stale_index = match and int(match.group(1)) != keep
        if stale_index or (path.name.startswith(".index-") and path.suffix == ".tmp"):
            path.unlink(missing_ok=True)


def search(index: faiss.Index, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    if index.ntotal == 0:
        return []
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]
