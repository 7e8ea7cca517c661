"""The UI's handle on the library thread: each request is a BackgroundOp on one WorkThread.

One LibraryAdmin (engine.library_admin, the same staff path as `careqa kb`) opens the writable
knowledge base on that thread and serves the requests in turn, so the UI thread never waits on
the disk, the parsers or the models. Each method queues its request and returns its Job at once;
its callbacks run on the UI thread (desktop.operations).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread

from desktop.import_metering import Throttle
from desktop.operations import BackgroundOp, Job, WorkThread
from engine import EmbedderFactory, LibraryAdmin, TaggerFactory

if TYPE_CHECKING:
    from engine import CareQAError

__all__ = ["Job", "LibraryTasks"]
PREVIEW_BATCH_S = 0.1  # preview rows are sent in batches this often
Failure = Callable[["CareQAError"], None]


class LibraryTasks(QObject):
    """Queue library work for a page; `parent` is the page, whose callbacks go with it.

    `embedder` and `tagger` make the models (defaults: the configured MiniLM and NER model,
    as the CLI uses); they are called on the library thread when first needed.
    """

    def __init__(self, kb_dir: Path, embedder: EmbedderFactory | None = None,
                 parent: QObject | None = None, *, tagger: TaggerFactory | None = None) -> None:
        super().__init__(parent)
        self.admin = LibraryAdmin(kb_dir, embedder=embedder, tagger=tagger)
        self.work = WorkThread("careqa-library", on_stop=self.admin.close)
        self._run("warm up", lambda job: self.admin.warm_up(), parent=self)
        # Also stop the thread if this handle is deleted (with its dialog) without `stop`.
        self.destroyed.connect(partial(WorkThread.stop, self.work))

    @property
    def library_thread(self) -> QThread:
        return self.work.qthread

    def _run(self, what: str, op: Callable[[Job], Any], *, parent: QObject,
             success: Callable[[Any], None] = lambda _result: None,
             failure: Failure | None = None, progress: Callable[[Any], None] | None = None) -> Job:
        return BackgroundOp(op, parent=parent, success=success, failure=failure,
                            progress=progress, what=what).run_in(self.work)

    def preview(self, paths: Iterable[Path], *, parent: QObject, rows: Callable[[list], None],
                success: Callable[[None], None], failure: Failure) -> Job:
        """What the import would do with each file: `rows` gets them in batches, then `success`."""
        chosen = list(paths)

        def preview(job: Job) -> None:
            batch, sent = [], time.monotonic()
            for row in self.admin.preview(chosen, cancelled=lambda: job.cancelled):
                batch.append(row)
                if time.monotonic() - sent >= PREVIEW_BATCH_S:
                    job.report(batch)
                    batch, sent = [], time.monotonic()
            job.report(batch)

        return self._run("preview", preview, parent=parent, success=success, failure=failure,
                         progress=rows)

    def import_files(self, files: Iterable[Path], collection: str, tags: Iterable[str], *,
                     parent: QObject, progress: Callable[[Any], None],
                     success: Callable[[Any], None], failure: Failure) -> Job:
        """Import with the configured NER tagging; `progress` gets ~10 updates a second."""
        chosen, labels = list(files), list(tags)

        def run(job: Job) -> Any:
            report_progress = Throttle(job.report)
            try:
                return self.admin.import_files(chosen, collection, tags=labels,
                                               progress=report_progress,
                                               cancelled=lambda: job.cancelled)
            finally:
                report_progress.flush()  # the page ends on the import's last progress

        return self._run("import", run, parent=parent, success=success, failure=failure,
                         progress=progress)

    def search(self, query: str, collection: str, *, parent: QObject,
               success: Callable[[list], None], failure: Failure) -> Job:
        return self._run("search", lambda job: self.admin.search(query, collection),
                         parent=parent, success=success, failure=failure)

    def list_collections(self, *, parent: QObject, success: Callable[[list], None],
                         failure: Failure | None = None) -> Job:
        return self._run("collections", lambda job: self.admin.collections(), parent=parent,
                         success=success, failure=failure)

    def list_documents(self, collection: str, *, parent: QObject,
                       success: Callable[[list], None], failure: Failure) -> Job:
        return self._run("documents", lambda job: self.admin.documents(collection),
                         parent=parent, success=success, failure=failure)

    def remove_collection(self, name: str, *, parent: QObject, success: Callable[[Any], None],
                          failure: Failure) -> Job:
        return self._run("remove collection", lambda job: self.admin.remove_collection(name),
                         parent=parent, success=success, failure=failure)

    def remove_document(self, collection: str, source: str, *, parent: QObject,
                        success: Callable[[Any], None], failure: Failure) -> Job:
        return self._run("remove document",
                         lambda job: self.admin.remove_document(collection, source),
                         parent=parent, success=success, failure=failure)

    def rebuild(self, *, parent: QObject, success: Callable[[int], None], failure: Failure) -> Job:
        return self._run("rebuild", lambda job: self.admin.rebuild(), parent=parent,
                         success=success, failure=failure)

    def stop(self) -> None:
        """Cancel what is running or queued, close the knowledge base and wait for the thread.

        An import stops at its next file or embedding batch, keeping what it committed.
        """
        self.work.stop()
