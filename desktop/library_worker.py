"""The knowledge-base worker: previews, imports, searches, removals and rebuilds on their own QThread.

One writable KnowledgeBase, opened on that thread by the first request, serves the requests in
turn, so the UI thread never waits on the disk, the parsers or the embedding model. The UI
reaches the worker only through `LibraryTasks` (desktop.library_tasks) and hears back through
the worker's signals;
every result names the `Job` it answers, so a page can ignore the results of a job it dropped.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.import_metering import Throttle
from desktop.import_preview import Previewer
from desktop.kb_internals import expand_paths, warm_up
from engine import CareQAError, audit

if TYPE_CHECKING:
    from knowledge import Embedder, ImportReport, KnowledgeBase

log = logging.getLogger(__name__)
EmbedderFactory = Callable[[], "Embedder"]
PREVIEW_BATCH_S = 0.1  # preview rows are sent in batches this often
SEARCH_CANDIDATES = 50  # passages taken from the whole library before keeping one collection's
_UNEXPECTED = "Something went wrong in the knowledge base. Details are in the log file."


class Job:
    """One request to the worker. Cancel it from any thread; the worker polls `cancelled`."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.done = False  # set by the worker once its last signal is sent
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


def audit_import(collection: str, report: ImportReport) -> None:
    """The same entry `careqa kb import` writes."""
    audit("staff", "kb.import", collection=collection, imported=len(report.imported),
          unchanged=len(report.unchanged), duplicates=len(report.duplicates),
          failed=len(report.failed), passages_added=report.passages_added,
          cancelled=report.cancelled, files=report.imported)


class LibraryWorker(QObject):
    """Lives on the library thread; its slots are queued there by `LibraryTasks`."""

    previewed = Signal(object, object)  # job, [PreviewRow] (one batch; more may follow)
    progress = Signal(object, object)  # job, ImportProgress (~10 a second, the last always sent)
    imported = Signal(object, object)  # job, ImportReport
    found = Signal(object, object)  # job, [Passage] from the asked collection, best first
    collections_listed = Signal(object, object)  # job, [CollectionInfo]
    documents_listed = Signal(object, object)  # job, [DocumentInfo]
    changed = Signal(object, str)  # job, what a removal or rebuild did, in words
    failed = Signal(object, str)  # job, a message a person can read
    finished = Signal(object)  # job: its last signal (results or failure) has been sent

    def __init__(self, kb_dir: Path, embedder_factory: EmbedderFactory) -> None:
        super().__init__()
        self.kb_dir = kb_dir
        self._embedder_factory = embedder_factory
        self._embedder: Embedder | None = None
        self._kb: KnowledgeBase | None = None

    def _library(self) -> KnowledgeBase:
        from knowledge import KnowledgeBase  # loads FAISS and BM25: here, not on the UI thread

        if self._kb is None:
            try:
                self._kb = KnowledgeBase(self.kb_dir, readonly=False)
            except (OSError, sqlite3.Error) as exc:
                raise CareQAError(f"Could not open the knowledge base in {self.kb_dir} ({exc}). "
                                  "Check that the folder exists and that you may write to it.") from exc
        self._kb.refresh()  # the CLI or another window may have changed it
        return self._kb

    def _model(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory()
        return self._embedder

    def _run(self, job: Job, work: Callable[[], None]) -> None:
        """Do one job, turning any error into `failed`; always end with `finished`."""
        try:
            if not job.cancelled:  # dropped before its turn came
                work()
        except CareQAError as exc:
            self.failed.emit(job, str(exc))
        except Exception:  # a slot must report, or the page waits for ever
            log.exception("knowledge-base job %r failed", job.what)
            self.failed.emit(job, _UNEXPECTED)
        finally:
            job.done = True
            self.finished.emit(job)

    # --- requests (queued from LibraryTasks) ------------------------------------------------
    @Slot()
    def warm_up(self) -> None:
        """Import the parsers and search libraries here, before the first request needs them."""
        try:
            warm_up()
        except Exception:  # the request that needs them reports the same failure
            log.exception("importing the knowledge-base modules failed")

    @Slot(object, object)
    def preview(self, job: Job, paths: list[Path]) -> None:
        self._run(job, partial(self._preview, job, paths))

    def _preview(self, job: Job, paths: list[Path]) -> None:
        previewer = Previewer(self._library())
        batch, sent = [], time.monotonic()
        for path in expand_paths(paths):
            if job.cancelled:
                return
            batch.append(previewer.row(path))
            if time.monotonic() - sent >= PREVIEW_BATCH_S:
                self.previewed.emit(job, batch)
                batch, sent = [], time.monotonic()
        self.previewed.emit(job, batch)

    @Slot(object, object, str, object)
    def import_files(self, job: Job, paths: list[Path], collection: str, tags: list[str]) -> None:
        self._run(job, partial(self._import, job, paths, collection, tags))

    def _import(self, job: Job, paths: list[Path], collection: str, tags: list[str]) -> None:
        report_progress = Throttle(partial(self.progress.emit, job))
        try:
            report = self._library().import_files(
                paths, self._model(), collection, tags=tags, progress=report_progress,
                cancelled=lambda: job.cancelled)
        finally:
            report_progress.flush()  # the page ends on the import's last progress
        audit_import(collection, report)
        self.imported.emit(job, report)

    @Slot(object, str, str)
    def search(self, job: Job, query: str, collection: str) -> None:
        self._run(job, partial(self._search, job, query, collection))

    def _search(self, job: Job, query: str, collection: str) -> None:
        vector = self._model().encode([query])[0]
        # The library searches every collection at once: keep the asked one's passages.
        passages = self._library().search(query, vector, SEARCH_CANDIDATES)
        self.found.emit(job, [p for p in passages if p.collection == collection])

    @Slot(object)
    def list_collections(self, job: Job) -> None:
        self._run(job, lambda: self.collections_listed.emit(job, self._library().collections()))

    @Slot(object, str)
    def list_documents(self, job: Job, collection: str) -> None:
        self._run(job, lambda: self.documents_listed.emit(job, self._library().documents(collection)))

    @Slot(object, str)
    def remove_collection(self, job: Job, name: str) -> None:
        self._run(job, partial(self._remove, job, f"collection {name}",
                               lambda kb: kb.remove_collection(name)))

    @Slot(object, str, str)
    def remove_document(self, job: Job, collection: str, source: str) -> None:
        self._run(job, partial(self._remove, job, f"document {source} from {collection}",
                               lambda kb: kb.remove_document(collection, source)))

    def _remove(self, job: Job, what: str, remove: Callable[[KnowledgeBase], int]) -> None:
        removed = remove(self._library())
        audit("staff", "kb.remove", target=what, passages=removed)  # as `careqa kb remove`
        self.changed.emit(job, f"Removed {what} ({removed} passages).")

    @Slot(object)
    def rebuild(self, job: Job) -> None:
        self._run(job, partial(self._rebuild, job))

    def _rebuild(self, job: Job) -> None:
        kb = self._library()
        kb.rebuild_index()
        passages = kb.stats().passages
        audit("staff", "kb.rebuild", passages=passages)  # as `careqa kb rebuild`
        self.changed.emit(job, f"Rebuilt the search indexes ({passages} passages).")

    @Slot()
    def shutdown(self) -> None:
        """Close the knowledge base on its own thread, then end that thread's event loop."""
        try:
            if self._kb is not None:
                self._kb.close()
        except Exception:
            log.exception("closing the knowledge base failed")
        finally:
            self._kb = None
            QThread.currentThread().quit()
