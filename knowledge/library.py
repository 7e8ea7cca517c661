"""The knowledge base on disk: a store plus its two derived indexes, opened to read or to import.

The SQLite store is the source of truth. The FAISS (dense) and BM25 (keyword) indexes are derived
from it and named after the store generation they match; when one is missing, damaged or behind
the store (a crash mid-import), a writer rebuilds it from the store and a reader rebuilds it in
memory. Neither needs the embedding model.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import numpy as np

from engine.entities import EntityTagger
from engine.errors import IndexCorrupt
from engine.types import Passage
from knowledge import index as faiss_index
from knowledge.fusion import drop_near_duplicates, reciprocal_rank_fusion
from knowledge.importing import Embedder, ImportProgress, ImportReport, ImportRun
from knowledge.lexical import LexicalIndex
from knowledge.store import CollectionInfo, DocumentInfo, EntityCount, Store, StoreStats

log = logging.getLogger(__name__)
__all__ = ["Embedder", "ImportProgress", "ImportReport", "KnowledgeBase", "SearchMode"]
CANDIDATES = 50  # taken from each search before fusion


class SearchMode(StrEnum):
    HYBRID = "hybrid"
    DENSE = "dense"
    LEXICAL = "lexical"


class KnowledgeBase:
    # Rank fusion weights, tuned on bench/data/retrieval_dev.jsonl over MedQuAD (a grid of
    # 0.3-1.0 keyword and 0.1-1.0 entity weights; MRR@10 0.702 -> 0.712, success@5 0.878 -> 0.903).
    DENSE_WEIGHT = 1.0
    LEXICAL_WEIGHT = 0.7
    ENTITY_WEIGHT = 0.1  # a third ranking: candidates whose title/tags/terms name a question term

    def __init__(self, directory: Path, *, readonly: bool = True) -> None:
        self.directory = directory
        self.readonly = readonly
        self.store = Store(directory, readonly=readonly)
        self._load_indexes()

    def _load_indexes(self) -> None:
        self._generation = self.store.generation
        try:
            self.index = faiss_index.load(self.directory, self.store)
        except IndexCorrupt:
            if self.readonly:  # readers report it; a writer (import, rebuild) repairs it
                raise
            log.warning("search index in %s is damaged; rebuilding it", self.directory)
            self.index = None
        self.lexical = LexicalIndex.load(self.directory, self.store)
        if self.index is None or self.lexical is None:
            if self._generation > 0:
                log.warning("search indexes missing or behind the store in %s; rebuilding them",
                            self.directory)
            self.rebuild_index(save=not self.readonly)

    def close(self) -> None:
        self.store.close()

    def refresh(self) -> bool:
        """Pick up changes another process committed; True when there were any."""
        if self.store.generation == self._generation:
            return False
        self._load_indexes()
        return True

    # --- derived indexes --------------------------------------------------------------------
    def rebuild_index(self, *, save: bool = True) -> None:
        """Re-derive both indexes from the store (no model needed)."""
        self.index = faiss_index.build_from_store(self.store)
        self.lexical = LexicalIndex.build(self.store)
        self._generation = self.store.generation
        if save:
            faiss_index.save(self.directory, self._generation, self.index)
            self.lexical.save(self.directory, self._generation)

    def apply_to_index(self, added: list[int], vectors: np.ndarray, replaced: list[int]) -> None:
        """Mirror one committed store change in the in-memory FAISS index."""
        if replaced:
            self.index.remove_ids(np.asarray(replaced, dtype=np.int64))
        if self.index.ntotal == 0 and self.index.d != vectors.shape[1]:
            self.index = faiss_index.build_from_store(self.store)  # first import sets the dimension
            return
        self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32),
                                np.asarray(added, dtype=np.int64))

    def save_index(self) -> None:
        faiss_index.save(self.directory, self.store.generation, self.index)

    def after_change(self, *, added: bool = True) -> None:
        """Persist the indexes for the store's new generation after imports or removals.

        New passages need a new keyword index; removals are already masked out of it.
        """
        self._generation = self.store.generation
        if faiss_index.needs_ivf(self.index):
            self.index = faiss_index.build_from_store(self.store)
        if added:
            self.lexical = LexicalIndex.build(self.store)
        faiss_index.save(self.directory, self._generation, self.index)
        self.lexical.save(self.directory, self._generation)

    # --- reading ----------------------------------------------------------------------------
    def stats(self) -> StoreStats:
        return self.store.stats()

    def collections(self) -> list[CollectionInfo]:
        return self.store.collections()

    def documents(self, collection: str | None = None, entity: str | None = None
                  ) -> list[DocumentInfo]:
        return self.store.documents(collection, entity)

    def entity_counts(self, label: str | None = None) -> list[EntityCount]:
        return self.store.entity_counts(label)

    def search(self, query: str, vector: np.ndarray | None, k: int,
               mode: SearchMode = SearchMode.HYBRID, entities: Sequence[str] = ()) -> list[Passage]:
        """The k best passages, near-duplicates dropped.

        `entities` are the medical terms recognised in the question (lower-case); in hybrid
        mode, candidates about one of them (by title, section, tags or tagged terms) get a
        third vote in the rank fusion. Each passage's score is its cosine similarity to the
        question (the calibrated relevance threshold applies to it), or the BM25 score in
        lexical-only mode.
        """
        dense = [] if mode is SearchMode.LEXICAL else faiss_index.search(self.index, vector, CANDIDATES)
        keyword = [] if mode is SearchMode.DENSE else self.lexical.search(query, CANDIDATES)
        if mode is SearchMode.HYBRID:
            rankings = [[i for i, _ in dense], [i for i, _ in keyword]]
            weights = [self.DENSE_WEIGHT, self.LEXICAL_WEIGHT]
            if entities:
                rankings.append(self._about(entities, rankings))
                weights.append(self.ENTITY_WEIGHT)
            ranked = [i for i, _ in reciprocal_rank_fusion(rankings, weights)]
        else:
            ranked = [i for i, _ in dense or keyword]
        vectors = self.store.vectors(ranked)
        kept = drop_near_duplicates(ranked, vectors, limit=k)
        found = self.store.passages(kept)
        if mode is SearchMode.LEXICAL:
            scores = dict(keyword)
        else:
            scores = {i: float(vectors[i] @ vector) for i in kept if i in vectors}
        return [replace(found[i], score=scores.get(i, 0.0)) for i in kept if i in found]

    def _about(self, entities: Sequence[str], rankings: list[list[int]]) -> list[int]:
        """Candidates that name a question term, in the order the other rankings agree on."""
        candidates = [i for i, _ in reciprocal_rank_fusion(rankings)]
        texts = self.store.match_text(candidates)
        patterns = [re.compile(rf"\b{re.escape(term)}\b") for term in entities]
        return [i for i in candidates
                if any(p.search(texts.get(i, "")) for p in patterns)]

    # --- writing ----------------------------------------------------------------------------
    def import_files(
        self,
        paths: Iterable[Path],
        embedder: Embedder,
        collection: str = "default",
        *,
        tags: Iterable[str] = (),
        relative_to: Path | None = None,
        progress: Callable[[ImportProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        tagger: EntityTagger | None = None,
    ) -> ImportReport:
        """Import files and folders; a file that fails is reported and the rest go on.

        `relative_to` records sources relative to a folder (for content shipped with the app,
        whose absolute location differs between machines). `cancelled` is polled between
        files and embedding batches; a cancelled import keeps every file committed before it.
        A `tagger` (the NER model) records each passage's diseases and drugs for browsing and
        for entity-aware retrieval.
        """
        run = ImportRun(self, embedder, collection, tags=tags, relative_to=relative_to,
                        progress=progress, cancelled=cancelled, tagger=tagger)
        return run.run(paths)

    def remove_collection(self, collection: str) -> int:
        """Remove a whole collection; returns the number of passages removed."""
        return self._removed(self.store.remove_collection(collection))

    def remove_document(self, collection: str, source: str) -> int:
        return self._removed(self.store.remove_document(collection, source))

    def _removed(self, passage_ids: list[int]) -> int:
        """Mirror a committed removal in both indexes in place (no rebuild)."""
        if passage_ids:
            self.index.remove_ids(np.asarray(passage_ids, dtype=np.int64))
            self.lexical.remove(passage_ids)
            self.after_change(added=False)
        return len(passage_ids)
