"""The two search indexes derived from the store, kept in step with it.

The FAISS (dense) and BM25 (keyword) indexes are named after the store generation they match;
when one is missing, damaged or behind the store (a crash mid-import), a writer rebuilds it from
the store and a reader rebuilds it in memory. Neither needs the embedding model. Only the
KnowledgeBase and the import pipeline (through `knowledge.importing.IndexSink`) touch them.
"""

from __future__ import annotations

import logging
from pathlib import Path

import faiss
import numpy as np

from knowledge import index as faiss_index
from knowledge.errors import IndexCorrupt
from knowledge.lexical import LexicalIndex
from knowledge.store import Store

log = logging.getLogger(__name__)


class SearchIndexes:
    """The dense and keyword indexes of one knowledge-base folder, loaded or rebuilt on open."""

    def __init__(self, directory: Path, store: Store, *, writable: bool) -> None:
        self._directory = directory
        self._store = store
        self._writable = writable
        self.load()

    # Both are set by load() (or the rebuild it falls back to) before anyone reads them.
    dense: faiss.Index
    lexical: LexicalIndex
    generation: int

    def load(self) -> None:
        """Read the saved indexes for the store's generation, rebuilding what is missing."""
        self.generation = self._store.generation
        dense: faiss.Index | None
        try:
            dense = faiss_index.load(self._directory, self._store)
        except IndexCorrupt:
            if not self._writable:  # readers report it; a writer (import, rebuild) repairs it
                raise
            log.warning("search index in %s is damaged; rebuilding it", self._directory)
            dense = None
        lexical = LexicalIndex.load(self._directory, self._store)
        if dense is None or lexical is None:
            if self.generation > 0:
                log.warning("search indexes missing or behind the store in %s; rebuilding them",
                            self._directory)
            self.rebuild(save=self._writable)
            return
        self.dense, self.lexical = dense, lexical

    def rebuild(self, *, save: bool = True) -> None:
        """Re-derive both indexes from the store (no model needed)."""
        self.dense = faiss_index.build_from_store(self._store)
        self.lexical = LexicalIndex.build(self._store)
        self.generation = self._store.generation
        if save:
            self._save_both()

    # --- the import pipeline's side (knowledge.importing.IndexSink) -------------------------
    def add(self, added: list[int], vectors: np.ndarray, replaced: list[int]) -> None:
        """Mirror one committed store change in the in-memory dense index."""
        if replaced:
            self._remove_dense(replaced)
        if self.dense.ntotal == 0 and self.dense.d != vectors.shape[1]:
            self.dense = faiss_index.build_from_store(self._store)  # first import sets the dimension
            return
        self.dense.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32),
                                np.asarray(added, dtype=np.int64))

    def checkpoint(self) -> None:
        """Save the dense index as it stands, mid-import (a crash then rebuilds less)."""
        faiss_index.save(self._directory, self._store.generation, self.dense)

    def settle(self, *, added: bool = True) -> None:
        """Persist both indexes for the store's new generation after imports or removals.

        New passages need a new keyword index; removals are already masked out of it.
        """
        self.generation = self._store.generation
        if faiss_index.needs_ivf(self.dense):
            self.dense = faiss_index.build_from_store(self._store)
        if added:
            self.lexical = LexicalIndex.build(self._store)
        self._save_both()

    def remove(self, passage_ids: list[int]) -> None:
        """Mirror a committed removal in both indexes in place (no rebuild)."""
        if passage_ids:
            self._remove_dense(passage_ids)
            self.lexical.remove(passage_ids)
            self.settle(added=False)

    def _remove_dense(self, passage_ids: list[int]) -> None:
        # faiss's Python wrapper turns an id array into an IDSelectorBatch; its stubs only
        # name the selector.
        self.dense.remove_ids(np.asarray(passage_ids, dtype=np.int64))  # type: ignore[arg-type]

    def _save_both(self) -> None:
        faiss_index.save(self._directory, self.generation, self.dense)
        self.lexical.save(self._directory, self.generation)
