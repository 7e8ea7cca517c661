"""Keyword search: a BM25 index (bm25s) over every passage's title, section and text.

BM25 finds the passages that share the question's rare words (a drug name, "shingles") even when
the embedding model does not know them. Like the FAISS index it is derived from the store and
named after the store generation (`bm25-<generation>/`), written to a temporary folder and
renamed, and rebuilt from the store's texts when missing or stale (no model needed).
bm25s cannot add documents to an index, so an import rebuilds it; removing documents only
masks them out (their words still count in the corpus statistics until the next rebuild).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from knowledge.store import Store

log = logging.getLogger(__name__)
_FOLDER_NAME = re.compile(r"bm25-(\d+)$")
_IDS_FILE = "passage_ids.npy"
_LIVE_FILE = "live.npy"  # 1 for a passage still in the store, 0 for a removed one
_STEMMER = Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased English word stems without stop words ("inhalers" and "inhaler" match)."""
    return bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, return_ids=False,
                          show_progress=False)


class LexicalIndex:
    def __init__(self, retriever: bm25s.BM25 | None, passage_ids: np.ndarray,
                 live: np.ndarray | None = None) -> None:
        self._retriever = retriever
        self.passage_ids = passage_ids
        self.live = live if live is not None else np.ones(len(passage_ids), dtype=np.float32)

    @property
    def size(self) -> int:
        """Passages searchable (removed ones excluded)."""
        return int(self.live.sum())

    def remove(self, passage_ids: list[int]) -> None:
        """Mask passages out of every later search, without rebuilding."""
        self.live[np.isin(self.passage_ids, passage_ids)] = 0.0

    @classmethod
    def build(cls, store: Store) -> LexicalIndex:
        ids: list[int] = []
        texts: list[str] = []
        for passage_id, text in store.lexical_texts():
            ids.append(passage_id)
            texts.append(text)
        if not texts:
            return cls(None, np.zeros(0, dtype=np.int64))
        retriever = bm25s.BM25()
        retriever.index(tokenize(texts), show_progress=False)
        return cls(retriever, np.asarray(ids, dtype=np.int64))

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(passage id, BM25 score) best first; empty when no query word is in the index."""
        if self._retriever is None or k <= 0 or self.size == 0:
            return []
        tokens = [t for t in tokenize([query])[0] if t in self._retriever.vocab_dict]
        if not tokens:
            return []
        positions, scores = self._retriever.retrieve(
            [tokens], k=min(k, self.size), show_progress=False, n_threads=0,
            weight_mask=self.live,
        )
        return [
            (int(self.passage_ids[p]), float(s))
            for p, s in zip(positions[0], scores[0], strict=True) if s > 0
        ]

    def save(self, directory: Path, generation: int) -> Path:
        """Write to a temporary folder, then rename it into place; older generations go."""
        target = directory / f"bm25-{generation}"
        tmp = Path(tempfile.mkdtemp(dir=directory, prefix=".bm25-", suffix=".tmp"))
        try:
            if self._retriever is not None:
                self._retriever.save(str(tmp), show_progress=False)
            np.save(tmp / _IDS_FILE, self.passage_ids)
            np.save(tmp / _LIVE_FILE, self.live)
            shutil.rmtree(target, ignore_errors=True)
            os.replace(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        remove_stale(directory, keep=generation)
        return target

    @classmethod
    def load(cls, directory: Path, store: Store) -> LexicalIndex | None:
        """The index matching the store's generation, or None if it is missing or unreadable."""
        folder = directory / f"bm25-{store.generation}"
        if not (folder / _IDS_FILE).is_file():
            return None
        try:
            ids = np.load(folder / _IDS_FILE)
            live = np.load(folder / _LIVE_FILE)
            retriever = bm25s.BM25.load(str(folder), show_progress=False) if len(ids) else None
        except (OSError, ValueError, KeyError) as exc:
            log.warning("keyword index %s is unreadable (%s); rebuilding it", folder, exc)
            return None
        return cls(retriever, ids, live)


def remove_stale(directory: Path, keep: int) -> None:
    for path in directory.iterdir():
        match = _FOLDER_NAME.match(path.name)
        if (match and int(match.group(1)) != keep) or (
            path.name.startswith(".bm25-") and path.name.endswith(".tmp")
        ):
            shutil.rmtree(path, ignore_errors=True)
