"""The knowledge base on disk: a store plus its index, opened for reading or for importing.

Import order for each file: parse and embed (nothing written yet), commit the store transaction,
then write the index for the new generation. A crash between the last two steps leaves the store
ahead of the index; opening the knowledge base notices and rebuilds the index from the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from engine.errors import ImportFailed, IndexCorrupt
from engine.types import Passage
from knowledge import index as faiss_index
from knowledge.chunking import chunk_sections
from knowledge.documents import SourceDocument
from knowledge.importers import SUPPORTED_SUFFIXES, read_document
from knowledge.store import Store, StoreStats

log = logging.getLogger(__name__)


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (one row per text)."""

    name: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # file -> reason
    passages_added: int = 0


def embedding_text(doc: SourceDocument, section: str, text: str) -> str:
    """What gets embedded: the title and section give a short passage its context."""
    return ". ".join(part for part in (doc.title, section, text) if part)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            files.append(path)
    return files


class KnowledgeBase:
    def __init__(self, directory: Path, *, readonly: bool = True) -> None:
        self.directory = directory
        self.store = Store(directory, readonly=readonly)
        try:
            self.index = faiss_index.load(directory, self.store)
        except IndexCorrupt:
            if readonly:  # readers report it; a writer (import, rebuild) repairs it
                raise
            log.warning("search index in %s is damaged; rebuilding it from the store", directory)
            self.index = None
        if self.index is None:
            self._repair_index(readonly)

    def _repair_index(self, readonly: bool) -> None:
        if self.store.generation > 0:
            log.warning("search index missing or behind the store in %s; rebuilding it",
                        self.directory)
        if readonly:
            self.index = faiss_index.build_from_store(self.store)
        else:
            self.rebuild_index()

    def close(self) -> None:
        self.store.close()

    def rebuild_index(self) -> None:
        """Re-derive the index from the store's embeddings (no model needed)."""
        self.index = faiss_index.build_from_store(self.store)
        faiss_index.save(self.directory, self.store.generation, self.index)

    # --- reading ----------------------------------------------------------------------------
    def stats(self) -> StoreStats:
        return self.store.stats()

    def search_vector(self, query: np.ndarray, k: int) -> list[Passage]:
        hits = faiss_index.search(self.index, query, k)
        found = self.store.passages(i for i, _ in hits)
        return [_with_score(found[i], s) for i, s in hits if i in found]

    # --- writing ----------------------------------------------------------------------------
    def import_files(
        self,
        paths: Iterable[Path],
        embedder: Embedder,
        collection: str = "default",
        on_file: Callable[[int, int, Path], None] | None = None,
        relative_to: Path | None = None,
    ) -> ImportReport:
        """Import files and folders; a file that fails is reported and the rest go on.

        `relative_to` records sources relative to a folder (for content shipped with the app,
        whose absolute location differs between machines).
        """
        report = ImportReport()
        files = expand_paths(paths)
        for number, path in enumerate(files, start=1):
            if on_file:
                on_file(number, len(files), path)
            try:
                source = str(path.relative_to(relative_to)) if relative_to else str(path)
                added = self._import_one(path, source, embedder, collection)
            except ImportFailed as exc:
                report.failed[str(path)] = str(exc)
                log.warning("import failed: %s", exc)
                continue
            except OSError as exc:
                report.failed[str(path)] = f"{path}: {exc.strerror or exc}"
                continue
            if added is None:
                report.unchanged.append(str(path))
            else:
                report.imported.append(str(path))
                report.passages_added += added
        return report

    def _import_one(self, path: Path, source: str, embedder: Embedder, collection: str) -> int | None:
        doc = read_document(path)
        doc.source = source
        if self.store.document_hash(collection, doc.source) == doc.content_hash:
            return None
        chunks = chunk_sections(doc.sections)
        texts = [embedding_text(doc, c.section, c.text) for c in chunks]
        vectors = embedder.encode(texts)
        added, replaced = self.store.add_document(collection, doc, chunks, vectors, embedder.name)
        if self.index.ntotal == 0:  # a fresh index takes the embedder's dimension
            self.index = faiss_index.build_from_store(self.store)
        else:
            self.index.remove_ids(np.asarray(replaced, dtype=np.int64))
            self.index.add_with_ids(vectors.astype(np.float32), np.asarray(added, dtype=np.int64))
        faiss_index.save(self.directory, self.store.generation, self.index)
        return len(chunks)


def _with_score(passage: Passage, score: float) -> Passage:
    return replace(passage, score=score)
