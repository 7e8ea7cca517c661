"""Retrieval over the knowledge base: embed the question, search keywords and vectors, fuse."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from engine.embeddings import SentenceEmbedder
from engine.types import Passage
from knowledge.library import KnowledgeBase, SearchMode


class Retriever(Protocol):
    def load(self) -> None: ...
    def search(self, query: str, k: int, entities: Sequence[str] = ()) -> list[Passage]: ...
    def library_size(self) -> tuple[int, int]: ...  # (documents, passages)
    def close(self) -> None: ...


class LibraryRetriever:
    """Hybrid (BM25 + dense) search by default; `mode` selects one side for comparisons."""

    def __init__(self, kb_dir: Path, embedder: SentenceEmbedder,
                 mode: SearchMode = SearchMode.HYBRID) -> None:
        self.kb_dir = kb_dir
        self.embedder = embedder
        self.mode = mode
        self._kb: KnowledgeBase | None = None

    def load(self) -> None:
        self._library()

    def _library(self) -> KnowledgeBase:
        if self._kb is None:
            import faiss

            faiss.omp_set_num_threads(1)  # one query at a time is faster on one thread
            self.embedder.load()
            self._kb = KnowledgeBase(self.kb_dir, readonly=True)
        return self._kb

    def search(self, query: str, k: int, entities: Sequence[str] = ()) -> list[Passage]:
        """`entities`: medical terms recognised in the query, to favour passages about them."""
        kb = self._library()
        kb.refresh()  # a staff import may have committed since the last question
        vector = None if self.mode is SearchMode.LEXICAL else self.embedder.encode([query])[0]
        return kb.search(query, vector, k, self.mode, entities)

    def library_size(self) -> tuple[int, int]:
        kb = self._library()
        kb.refresh()
        stats = kb.stats()
        return stats.documents, stats.passages

    def close(self) -> None:
        if self._kb is not None:
            self._kb.close()
            self._kb = None
