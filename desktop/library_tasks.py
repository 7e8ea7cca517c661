"""The UI's handle on the library thread: queue a request, get its Job, hear back by signal."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal

from desktop.library_worker import EmbedderFactory, Job, LibraryWorker


class LibraryTasks(QObject):
    """The UI's handle on one LibraryWorker and its thread.

    Each method queues a request and returns its Job at once; connect to `worker`'s signals
    (with bound slots of UI objects, so they run on the UI thread) for the results.
    """

    _warm_up = Signal()
    _preview = Signal(object, object)
    _import = Signal(object, object, str, object)
    _search = Signal(object, str, str)
    _collections = Signal(object)
    _documents = Signal(object, str)
    _remove_collection = Signal(object, str)
    _remove_document = Signal(object, str, str)
    _rebuild = Signal(object)

    def __init__(self, kb_dir: Path, embedder_factory: EmbedderFactory,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        # No parent on purpose: destroying a running QThread aborts the process; `stop` ends it.
        self.library_thread = QThread()
        self.library_thread.setObjectName("careqa-library")
        self.worker = LibraryWorker(kb_dir, embedder_factory)
        self.worker.moveToThread(self.library_thread)
        for request, slot in [
            (self._warm_up, self.worker.warm_up),
            (self._preview, self.worker.preview), (self._import, self.worker.import_files),
            (self._search, self.worker.search), (self._collections, self.worker.list_collections),
            (self._documents, self.worker.list_documents),
            (self._remove_collection, self.worker.remove_collection),
            (self._remove_document, self.worker.remove_document),
            (self._rebuild, self.worker.rebuild),
        ]:
            request.connect(slot)
        self._jobs: list[Job] = []
        self.library_thread.start()
        self._warm_up.emit()
        # Also stop the thread if this handle is deleted (with its dialog) without `stop`.
        self.destroyed.connect(partial(_stop_thread, self.library_thread, self.worker, self._jobs))

    def _job(self, what: str) -> Job:
        job = Job(what)
        self._jobs[:] = [j for j in self._jobs if not j.done] + [job]
        return job

    def preview(self, paths: Iterable[Path]) -> Job:
        job = self._job("preview")
        self._preview.emit(job, list(paths))
        return job

    def import_files(self, files: Iterable[Path], collection: str, tags: Iterable[str]) -> Job:
        job = self._job("import")
        self._import.emit(job, list(files), collection, list(tags))
        return job

    def search(self, query: str, collection: str) -> Job:
        job = self._job("search")
        self._search.emit(job, query, collection)
        return job

    def list_collections(self) -> Job:
        job = self._job("collections")
        self._collections.emit(job)
        return job

    def list_documents(self, collection: str) -> Job:
        job = self._job("documents")
        self._documents.emit(job, collection)
        return job

    def remove_collection(self, name: str) -> Job:
        job = self._job("remove collection")
        self._remove_collection.emit(job, name)
        return job

    def remove_document(self, collection: str, source: str) -> Job:
        job = self._job("remove document")
        self._remove_document.emit(job, collection, source)
        return job

    def rebuild(self) -> Job:
        job = self._job("rebuild")
        self._rebuild.emit(job)
        return job

    def stop(self) -> None:
        """Cancel what is running or queued, close the knowledge base and wait for the thread.

        An import stops at its next file or embedding batch, keeping what it committed.
        """
        _stop_thread(self.library_thread, self.worker, self._jobs)


def _stop_thread(thread: QThread, worker: LibraryWorker, jobs: list[Job], *_: object) -> None:
    if not shiboken6.isValid(thread) or not thread.isRunning():
        return
    for job in jobs:
        job.cancel()
    # Queued behind the running job (which the cancel cuts short); it quits the thread.
    QMetaObject.invokeMethod(worker, "shutdown", Qt.ConnectionType.QueuedConnection)
    thread.wait()
