"""Staff work on the library, one path for the CLI and the desktop: preview, import, remove,
rebuild and the starter articles.

Each change writes its audit entry here, once, and every import tags its passages with the
configured NER model (unless the caller turns terms off, as `careqa kb import --no-terms` does).
The knowledge base opens, writable, on first use, on the caller's thread: the desktop calls it
from its library thread, the CLI from its only one. The models load on first need.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import CareQAError
from engine.modes import audit

if TYPE_CHECKING:
    from engine.settings import Settings
    from knowledge.classify import Outcome
    from knowledge.importing import Embedder, ImportProgress, ImportReport
    from knowledge.library import KnowledgeBase
    from knowledge.store import CollectionInfo, DocumentInfo
    from knowledge.terms import TermTagger
    from knowledge.types import Passage

__all__ = ["LibraryAdmin", "PreviewRow", "Removal"]

EmbedderFactory = Callable[[], "Embedder"]
TaggerFactory = Callable[[], "TermTagger | None"]
SEARCH_CANDIDATES = 50  # passages taken from the whole library before keeping one collection's


@dataclass(frozen=True)
class PreviewRow:
    """What an import would do with one file, decided by the import's own rule."""

    path: Path
    format: str  # "" when no importer would take the file
    records: int  # distinct records (QA pairs, rows, topics) in the file; 0 for a plain document
    sections: int
    warnings: tuple[str, ...]
    outcome: Outcome
    failure: str = ""  # why the file will fail (the importer's message)
    collection: str = ""  # where the unchanged document, or the one a duplicate repeats, is
    original: str = ""  # the source of the document a duplicate repeats


@dataclass(frozen=True)
class Removal:
    what: str  # "collection leaflets", "document a.md from leaflets"
    passages: int


def _configured_embedder() -> Embedder:
    from engine.embeddings import SentenceEmbedder

    return SentenceEmbedder()


def configured_tagger(settings: Settings | None = None) -> TaggerFactory:
    """The NER model the settings name (None when term recognition is off or not installed)."""

    def build() -> TermTagger | None:
        from engine.factory import build_tagger
        from engine.settings import Settings

        return build_tagger(settings or Settings())

    return build


class LibraryAdmin:
    """Staff changes to one knowledge-base folder. Close it when done."""

    def __init__(self, kb_dir: Path, *, embedder: EmbedderFactory | None = None,
                 tagger: TaggerFactory | None = None, actor: str = "staff") -> None:
        self.kb_dir = kb_dir
        self._embedder_factory = embedder or _configured_embedder
        self._tagger_factory = tagger or configured_tagger()
        self._actor = actor
        self._embedder: Embedder | None = None
        self._tagger: TermTagger | None = None
        self._tagger_built = False
        self._kb: KnowledgeBase | None = None

    # --- what it works on -------------------------------------------------------------------
    def library(self) -> KnowledgeBase:
        """The writable knowledge base, opened on first use and refreshed on every later one
        (the CLI or another window may have changed it)."""
        from knowledge.library import KnowledgeBase  # FAISS and BM25: not at import time

        if self._kb is None:
            try:
                self._kb = KnowledgeBase(self.kb_dir, readonly=False)
            except (OSError, sqlite3.Error) as exc:
                raise CareQAError(f"Could not open the knowledge base in {self.kb_dir} ({exc}). "
                                  "Check that the folder exists and that you may write to it.") from exc
        self._kb.refresh()
        return self._kb

    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory()
        return self._embedder

    def tagger(self) -> TermTagger | None:
        if not self._tagger_built:
            self._tagger, self._tagger_built = self._tagger_factory(), True
        return self._tagger

    def warm_up(self) -> None:
        """Import the parsers and search libraries (most of a second) before the first need."""
        import knowledge.importers  # noqa: F401
        import knowledge.library  # noqa: F401

    def close(self) -> None:
        if self._kb is not None:
            self._kb.close()
            self._kb = None

    # --- reading ----------------------------------------------------------------------------
    def collections(self) -> list[CollectionInfo]:
        return self.library().collections()

    def documents(self, collection: str | None = None) -> list[DocumentInfo]:
        return self.library().documents(collection)

    def search(self, query: str, collection: str) -> list[Passage]:
        """The best passages of one collection for a test question, best first."""
        vector = self.embedder().encode([query])[0]
        # The library searches every collection at once: keep the asked one's passages.
        passages = self.library().search(query, vector, SEARCH_CANDIDATES)
        return [p for p in passages if p.collection == collection]

    def preview(self, paths: Iterable[Path],
                cancelled: Callable[[], bool] = lambda: False) -> Iterator[PreviewRow]:
        """One row per file the import would read, in its order; no model, nothing written."""
        from knowledge.classify import Outcome
        from knowledge.importers import read_document
        from knowledge.importing import expand_paths

        classifier = self.library().classifier(collection=None)
        for path in expand_paths(paths):
            if cancelled():
                return
            try:
                doc = read_document(path)
            except CareQAError as exc:
                yield PreviewRow(path, _format(path), 0, 0, (), Outcome.FAILS, failure=str(exc))
                continue
            except OSError as exc:  # as the import words it
                yield PreviewRow(path, _format(path), 0, 0, (), Outcome.FAILS,
                                 failure=f"{path}: {exc.strerror or exc}")
                continue
            found = classifier.classify(str(path), doc.content_hash)
            if found.outcome is Outcome.NEW:
                classifier.expect(str(path), doc.content_hash)
            records = len({s.record_id for s in doc.sections if s.record_id})
            yield PreviewRow(path, doc.format, records, len(doc.sections), tuple(doc.warnings),
                             found.outcome, collection=found.collection, original=found.source
                             if found.outcome is Outcome.DUPLICATE else "")

    # --- changing ---------------------------------------------------------------------------
    def import_files(self, paths: Iterable[Path], collection: str, *, tags: Iterable[str] = (),
                     terms: bool = True, progress: Callable[[ImportProgress], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> ImportReport:
        """Import files and folders into a collection; audited as `kb.import`."""
        report = self.library().import_files(
            paths, self.embedder(), collection, tags=tags, progress=progress,
            cancelled=cancelled, tagger=self.tagger() if terms else None)
        self._audit_import("kb.import", collection, report)
        return report

    def import_starter(self) -> ImportReport:
        """Import (or update) the starter articles; audited as `kb.starter` when any changed."""
        from knowledge.starter import COLLECTION, import_starter

        report = import_starter(self.library(), self.embedder(), self.tagger())
        if report.imported:
            self._audit_import("kb.starter", COLLECTION, report)
        return report

    def remove_collection(self, name: str) -> Removal:
        """Remove a whole collection; audited as `kb.remove`."""
        return self._removed(f"collection {name}", self.library().remove_collection(name))

    def remove_document(self, collection: str, source: str) -> Removal:
        return self._removed(f"document {source} from {collection}",
                             self.library().remove_document(collection, source))

    def rebuild(self) -> int:
        """Re-derive the search indexes from the store; returns the passages indexed."""
        kb = self.library()
        kb.rebuild_index()
        passages = kb.stats().passages
        audit(self._actor, "kb.rebuild", passages=passages)
        return passages

    def _removed(self, what: str, passages: int) -> Removal:
        audit(self._actor, "kb.remove", target=what, passages=passages)
        return Removal(what, passages)

    def _audit_import(self, action: str, collection: str, report: ImportReport) -> None:
        audit(self._actor, action, collection=collection, imported=len(report.imported),
              unchanged=len(report.unchanged), duplicates=len(report.duplicates),
              failed=len(report.failed), passages_added=report.passages_added,
              cancelled=report.cancelled, files=report.imported)


def _format(path: Path) -> str:
    """The format an importer would read `path` as; "" when none would."""
    from knowledge.importers import detect_format

    try:
        return detect_format(path)
    except CareQAError:
        return ""
