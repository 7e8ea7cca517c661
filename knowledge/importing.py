"""The import pipeline: files in, passages committed one file at a time, progress out.

Each file is parsed and chunked, then embedded together with its neighbours (the embedding model
is several times faster on large batches), then committed to the store in its own transaction.
So a file is all in or not in at all; cancelling or killing the process loses only the files not
yet committed. The FAISS index follows in memory and is saved every few seconds and at the end;
if the process dies in between, the next writer sees the index is behind the store and rebuilds
it from the store's embeddings. The keyword index is rebuilt once at the end.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from knowledge.chunking import chunk_sections
from knowledge.classify import Classifier, Outcome
from knowledge.documents import Chunk, SourceDocument
from knowledge.errors import ImportFailed, KnowledgeBaseError
from knowledge.importers import SUPPORTED_SUFFIXES, read_document
from knowledge.store import Store
from knowledge.terms import TermTagger, labelled_terms

log = logging.getLogger(__name__)
FLUSH_CHUNKS = 2048  # parsed chunks gathered before embedding them together
EMBED_BATCH = 64  # chunks per model call; cancel and progress are checked between calls
INDEX_SAVE_SECONDS = 15.0


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (one row per text)."""

    name: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


class IndexSink(Protocol):
    """The search indexes an import keeps in step with the store (knowledge.search_indexes)."""

    def add(self, added: list[int], vectors: np.ndarray, replaced: list[int]) -> None:
        """Mirror one committed file in memory."""

    def checkpoint(self) -> None:
        """Save what is in memory, mid-import."""

    def settle(self) -> None:
        """Save both indexes for the store's new generation, after the last commit."""


@dataclass(frozen=True)
class ImportProgress:
    files_done: int
    files_total: int
    records: int  # records (QA pairs, rows, topics) or whole documents committed so far
    chunks: int  # passages committed so far
    current_file: str
    elapsed_s: float
    bytes_done: int  # files finished, plus the embedded share of the batch being embedded
    bytes_total: int
    embedded: int = 0  # passages embedded so far (ahead of `chunks` while a batch embeds)

    @property
    def rate(self) -> float:
        """Passages embedded per second (the work that takes the time)."""
        return self.embedded / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        """Seconds left, from the share of bytes done; None until there is a measurement."""
        if self.bytes_done <= 0 or self.elapsed_s <= 0:
            return None
        return self.elapsed_s * (self.bytes_total - self.bytes_done) / self.bytes_done


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)  # file -> the document it repeats
    failed: dict[str, str] = field(default_factory=dict)  # file -> reason
    warnings: dict[str, list[str]] = field(default_factory=dict)
    not_started: list[str] = field(default_factory=list)  # left when the import was cancelled
    passages_added: int = 0
    records_added: int = 0
    cancelled: bool = False


@dataclass
class _Prepared:
    path: Path
    doc: SourceDocument
    chunks: list[Chunk]
    texts: list[str]
    size: int

    @property
    def records(self) -> int:
        return len({s.record_id for s in self.doc.sections if s.record_id}) or 1


def embedding_text(title: str, section: str, text: str) -> str:
    """What gets embedded: the title and section give a short passage its context."""
    return ". ".join(part for part in (title, section, text) if part)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files


class ImportRun:
    """One import of a list of files and folders into one collection of a writable knowledge base."""

    def __init__(
        self,
        store: Store,
        indexes: IndexSink,
        embedder: Embedder,
        collection: str,
        *,
        tags: Iterable[str] = (),
        relative_to: Path | None = None,
        progress: Callable[[ImportProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        tagger: TermTagger | None = None,
    ) -> None:
        if not collection.strip():
            raise ValueError("a collection needs a name")
        self._store = store
        self._indexes = indexes
        self.embedder = embedder
        self.collection = collection.strip()
        self.tags = list(tags)
        self.relative_to = relative_to
        self._progress = progress
        self._cancelled = cancelled or (lambda: False)
        self._tagger = tagger
        self.report = ImportReport()
        self._pending: list[_Prepared] = []
        self._pending_flush: list[_Prepared] = []  # the batch being embedded now
        self._classifier = Classifier(store, self.collection)
        self._files_total = 0
        self._files_done = 0
        self._bytes_total = 0
        self._bytes_done = 0
        self._embedded = 0
        self._embedding_bytes = 0.0  # the embedded share of the pending files' bytes
        self._started = 0.0
        self._last_save = 0.0

    def run(self, paths: Iterable[Path]) -> ImportReport:
        files = expand_paths(paths)
        sizes = [_size(p) for p in files]
        self._files_total, self._bytes_total = len(files), sum(sizes)
        self._started = self._last_save = time.monotonic()
        try:
            for number, (path, size) in enumerate(zip(files, sizes, strict=True)):
                if self.report.cancelled or self._cancelled():
                    # drop what is parsed but not yet committed; list the rest in order
                    self._cancel([p.path for p in self._pending] + files[number:])
                    self._pending = []
                    break
                self._notify(str(path))
                self._prepare(path, size)
                if sum(len(p.chunks) for p in self._pending) >= FLUSH_CHUNKS:
                    self._flush()
            self._flush()
        finally:
            self._finish()
        return self.report

    # --- steps ------------------------------------------------------------------------------
    def _prepare(self, path: Path, size: int) -> None:
        """Parse and chunk one file, or record why it is skipped."""
        try:
            doc = read_document(path)
        except ImportFailed as exc:
            self._skip(path, size, failed=str(exc))
            return
        except OSError as exc:
            self._skip(path, size, failed=f"{path}: {exc.strerror or exc}")
            return
        doc.source = str(path.relative_to(self.relative_to)) if self.relative_to else str(path)
        if doc.warnings:  # skipped rows, guessed encodings and the like
            self.report.warnings[str(path)] = list(doc.warnings)
        found = self._classifier.classify(doc.source, doc.content_hash)
        if found.outcome is not Outcome.NEW:
            if found.outcome is Outcome.UNCHANGED:
                self.report.unchanged.append(str(path))
            else:
                self.report.duplicates[str(path)] = f"{found.collection}: {found.source}"
            self._skip(path, size)
            return
        chunks = chunk_sections(doc.sections)
        if not chunks:
            self._skip(path, size, failed=f"{path}: no text to import")
            return
        texts = [embedding_text(doc.title, c.section, c.text) for c in chunks]
        self._classifier.expect(doc.source, doc.content_hash)
        self._pending.append(_Prepared(path, doc, chunks, texts, size))

    def _flush(self) -> None:
        """Embed the pending files together, then commit them one transaction per file."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        self._pending_flush = pending
        vectors = self._encode([text for p in pending for text in p.texts])
        terms = self._tag([c.text for p in pending for c in p.chunks]) if vectors is not None else None
        if vectors is None or terms is None:
            self._cancel([p.path for p in pending])
            return
        offset = 0
        for number, prepared in enumerate(pending):
            if self._cancelled():
                self._cancel([p.path for p in pending[number:]])
                return
            end = offset + len(prepared.chunks)
            self._commit(prepared, vectors[offset:end], terms[offset:end])
            offset = end

    def _encode(self, texts: list[str]) -> np.ndarray | None:
        """Vectors for all texts, in slices so a cancel is noticed; None when cancelled.

        Texts are encoded in length order so each model batch pads to similar lengths (the
        model sorts within one call only; this sorts across the whole flush).
        """
        order = np.argsort([len(t) for t in texts], kind="stable")
        pending_bytes = sum(p.size for p in self._pending_flush)
        vectors: np.ndarray | None = None
        for start in range(0, len(texts), EMBED_BATCH):
            if self._cancelled():
                return None
            rows = order[start : start + EMBED_BATCH]
            encoded = self.embedder.encode([texts[i] for i in rows])
            if vectors is None:  # the model's dimension is known once it has run
                vectors = np.empty((len(texts), encoded.shape[1]), dtype=np.float32)
            vectors[rows] = encoded
            self._embedded += len(rows)
            self._embedding_bytes = pending_bytes * (start + len(rows)) / len(texts)
            self._notify("")  # between files: no current file while a batch embeds
        self._embedding_bytes = 0.0
        return vectors

    def _tag(self, texts: list[str]) -> list[list[dict[str, str]]] | None:
        """Each chunk's recognised terms (empty without a tagger); None when cancelled."""
        if self._tagger is None:
            return [[] for _ in texts]
        terms: list[list[dict[str, str]]] = []
        for start in range(0, len(texts), EMBED_BATCH):
            if self._cancelled():
                return None
            found = self._tagger.annotate(texts[start : start + EMBED_BATCH])
            terms.extend(labelled_terms(entities) for entities in found)
        return terms

    def _commit(self, prepared: _Prepared, vectors: np.ndarray,
                terms: list[list[dict[str, str]]]) -> None:
        try:
            added, replaced = self._store.add_document(
                self.collection, prepared.doc, prepared.chunks, vectors, self.embedder.name,
                tags=self.tags, entities=terms,
            )
        except sqlite3.Error as exc:  # disk full, read-only folder: the transaction rolled back
            raise KnowledgeBaseError(
                f"Could not write {prepared.path} to the knowledge base ({exc}); nothing of it "
                f"was saved, and the {len(self.report.imported)} files imported before it are "
                "kept. Free some disk space and import again."
            ) from exc
        self._indexes.add(added, vectors, replaced)
        self.report.imported.append(str(prepared.path))
        self.report.passages_added += len(added)
        self.report.records_added += prepared.records
        self._done(prepared.size)
        if time.monotonic() - self._last_save >= INDEX_SAVE_SECONDS:
            self._indexes.checkpoint()
            self._last_save = time.monotonic()

    def _skip(self, path: Path, size: int, failed: str | None = None) -> None:
        if failed is not None:
            self.report.failed[str(path)] = failed
            log.warning("import failed: %s", failed)
        self._done(size)

    def _cancel(self, paths: list[Path]) -> None:
        self.report.cancelled = True
        self.report.not_started += [str(p) for p in paths]

    def _done(self, size: int) -> None:
        self._files_done += 1
        self._bytes_done += size
        self._notify("")

    def _finish(self) -> None:
        """Leave the derived indexes matching what was committed."""
        if self.report.imported:
            self._indexes.settle()

    def _notify(self, current: str) -> None:
        if self._progress is None:
            return
        self._progress(ImportProgress(
            files_done=self._files_done, files_total=self._files_total,
            records=self.report.records_added, chunks=self.report.passages_added,
            current_file=current, elapsed_s=time.monotonic() - self._started,
            bytes_done=min(self._bytes_total, self._bytes_done + int(self._embedding_bytes)),
            bytes_total=self._bytes_total, embedded=self._embedded,
        ))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
