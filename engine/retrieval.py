"""Dense retrieval over the knowledge base: embed the question, search FAISS, return passages."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from engine.embeddings import SentenceEmbedder
from engine.types import Passage
from knowledge.library import KnowledgeBase


class Retriever(Protocol):
    def load(self) -> None: ...
    def search(self, query: str, k: int) -> list[Passage]: ...
    def close(self) -> None: ...


class DenseRetriever:
    def __init__(self, kb_dir: Path, embedder: SentenceEmbedder) -> None:
        self.kb_dir = kb_dir
        self.embedder = embedder
        self._kb: KnowledgeBase | None = None

    def load(self) -> None:
        import faiss

        faiss.omp_set_num_threads(1)  # one query at a time is faster on one thread
        self.embedder.load()
        if self._kb is None:
            self._kb = KnowledgeBase(self.kb_dir, readonly=True)

    @property
    def knowledge_base(self) -> KnowledgeBase:
        self.load()
        return self._kb

    def search(self, query: str, k: int) -> list[Passage]:
        vector = self.embedder.encode([query])[0]
        return self.knowledge_base.search_vector(vector, k)

    def close(self) -> None:
        if self._kb is not None:
            self._kb.close()
            self._kb = None
