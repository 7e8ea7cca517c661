"""The knowledge base on disk: a store plus its two derived indexes, opened to read or to import.

The SQLite store is the source of truth. The FAISS (dense) and BM25 (keyword) indexes are derived
from it (knowledge.search_indexes keeps them in step); neither needs the embedding model.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from knowledge import index as faiss_index
from knowledge.classify import Classifier
from knowledge.fusion import drop_near_duplicates, reciprocal_rank_fusion
from knowledge.importing import Embedder, ImportProgress, ImportReport, ImportRun
from knowledge.lexical import LexicalIndex
from knowledge.search_indexes import SearchIndexes
from knowledge.store import CollectionInfo, DocumentInfo, EntityCount, Store, StoreStats
from knowledge.terms import TermTagger
from knowledge.types import Passage

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
        self._indexes = SearchIndexes(directory, self.store, writable=not readonly)

    def close(self) -> None:
        self.store.close()

    def refresh(self) -> bool:
        """Pick up changes another process committed; True when there were any."""
        if self.store.generation == self._indexes.generation:
            return False
        self._indexes.load()
        return True

    @property
    def index(self) -> faiss.Index:
        """The dense (FAISS) index, read-only: diagnostics and tests count it."""
        return self._indexes.dense

    @property
    def lexical(self) -> LexicalIndex:
        """The keyword (BM25) index, read-only: diagnostics and tests count it."""
        return self._indexes.lexical

    def rebuild_index(self) -> None:
        """Re-derive both indexes from the store and save them (no model needed)."""
        self._indexes.rebuild()

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
        dense: list[tuple[int, float]] = []
        if mode is not SearchMode.LEXICAL:
            if vector is None:
                raise ValueError(f"{mode} search needs the question's vector")
            dense = faiss_index.search(self._indexes.dense, vector, CANDIDATES)
        keyword = [] if mode is SearchMode.DENSE else self._indexes.lexical.search(query, CANDIDATES)
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
        if mode is SearchMode.LEXICAL or vector is None:
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

    def classifier(self, collection: str | None) -> Classifier:
        """The import's rule for new / unchanged / duplicate files, for a preview (collection
        None: not chosen yet, so a file any collection holds unchanged counts as unchanged)."""
        return Classifier(self.store, collection)

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
        tagger: TermTagger | None = None,
    ) -> ImportReport:
        """Import files and folders; a file that fails is reported and the rest go on.

        `relative_to` records sources relative to a folder (for content shipped with the app,
        whose absolute location differs between machines). `cancelled` is polled between
        files and embedding batches; a cancelled import keeps every file committed before it.
        A `tagger` (the NER model) records each passage's diseases and drugs for browsing and
        for entity-aware retrieval.
        """
        return self.import_run(embedder, collection, tags=tags, relative_to=relative_to,
                               progress=progress, cancelled=cancelled, tagger=tagger).run(paths)

    def import_run(self, embedder: Embedder, collection: str = "default", **options: Any
                   ) -> ImportRun:
        """An import into this knowledge base (options as `import_files`), to start with
        `.run(paths)`; its `report` fills in file by file, for a caller that follows it."""
        return ImportRun(self.store, self._indexes, embedder, collection, **options)

    def remove_collection(self, collection: str) -> int:
        """Remove a whole collection; returns the number of passages removed."""
        return self._removed(self.store.remove_collection(collection))

    def remove_document(self, collection: str, source: str) -> int:
        return self._removed(self.store.remove_document(collection, source))

    def _removed(self, passage_ids: list[int]) -> int:
        self._indexes.remove(passage_ids)
        return len(passage_ids)
