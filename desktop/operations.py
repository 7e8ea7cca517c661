"""Work off the UI thread, written one way (in the spirit of Anki's `QueryOp`).

    library = WorkThread("careqa-library", on_stop=admin.close)
    job = BackgroundOp(lambda job: admin.search(query, collection), parent=page,
                       success=page.show_passages, failure=page.show_error).run_in(library)

`op` runs on the thread, one operation at a time in the order they were queued (the models and
the SQLite connection belong to that one thread). Then `success(result)` or `failure(error)` runs
on the UI thread, once. The error is the CareQAError the op raised, or, for anything else
(logged with its traceback), a CareQAError saying something unexpected went wrong. An op reports
progress with `job.report(value)` (to `progress` on the UI thread) and polls `job.cancelled`.
`job.cancel()` asks it to stop early and still hears how it ended; `job.drop()` also stops it
and hears nothing more (the page has moved on).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from engine import CareQAError

__all__ = ["UNEXPECTED", "BackgroundOp", "Job", "WorkThread"]

log = logging.getLogger(__name__)
T = TypeVar("T")
UNEXPECTED = "Something went wrong inside CareQA. Details are in the log file."


class Job:
    """One queued operation, as its page and its op see it. Safe to use from either thread."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.done = False  # set once its last callback has run (or been dropped)
        self._cancel = threading.Event()
        self._dropped = threading.Event()
        self._progress: Callable[[Any], None] | None = None

    def cancel(self) -> None:
        """Stop at the op's next check; its success or failure still arrives."""
        self._cancel.set()

    def drop(self) -> None:
        """Stop at the op's next check, and deliver nothing more."""
        self._dropped.set()
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def dropped(self) -> bool:
        return self._dropped.is_set()

    def report(self, value: Any) -> None:
        """From the op: pass a progress value (or a streamed piece) to the UI thread."""
        if self._progress is not None:
            self._progress(value)


class _Delivery(QObject):
    """Carries one op's outcome to the UI thread: created there, so its own queued signals
    run its slots there. A child of the op's parent: if the page goes, so does delivery."""

    progressed = Signal(object)
    ended = Signal(object, object)  # result, CareQAError or None

    def __init__(self, parent: QObject, job: Job, success: Callable[[Any], None],
                 failure: Callable[[CareQAError], None], progress: Callable[[Any], None] | None
                 ) -> None:
        super().__init__(parent)
        self._job, self._success, self._failure, self._progress = job, success, failure, progress
        self.progressed.connect(self._on_progressed, Qt.ConnectionType.QueuedConnection)
        self.ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)

    def send(self, signal_name: str, *values: Any) -> None:
        """From the work thread. A page deleted meanwhile has taken this object with it."""
        if shiboken6.isValid(self):
            try:
                getattr(self, signal_name).emit(*values)
            except RuntimeError:  # deleted between the check and the emit
                pass

    @Slot(object)
    def _on_progressed(self, value: Any) -> None:
        if self._progress is not None and not self._job.dropped:
            self._progress(value)

    @Slot(object, object)
    def _on_ended(self, result: Any, error: CareQAError | None) -> None:
        try:
            if not self._job.dropped:
                if error is None:
                    self._success(result)
                else:
                    self._failure(error)
        finally:
            self._job.done = True
            self.deleteLater()


def _log_failure(error: CareQAError) -> None:
    log.warning("background operation failed: %s", error)


class BackgroundOp(Generic[T]):
    """An operation for a WorkThread, with what to do on the UI thread when it ends."""

    def __init__(self, op: Callable[[Job], T], *, parent: QObject,
                 success: Callable[[T], None] = lambda _result: None,
                 failure: Callable[[CareQAError], None] | None = None,
                 progress: Callable[[Any], None] | None = None, what: str = "") -> None:
        self._op = op
        self.job = Job(what or getattr(op, "__name__", "operation"))
        self._delivery = _Delivery(parent, self.job, success, failure or _log_failure, progress)
        if progress is not None:
            self.job._progress = lambda value: self._delivery.send("progressed", value)

    def run_in(self, thread: WorkThread) -> Job:
        thread.submit(self)
        return self.job

    def execute(self) -> None:
        """On the work thread: run the op unless it was dropped first, then report once."""
        result: Any = None
        error: CareQAError | None = None
        try:
            if self.job.dropped:
                return
            result = self._op(self.job)
        except CareQAError as exc:
            error = exc
        except Exception:  # an op must report, or its page waits for ever
            log.exception("background operation %r failed", self.job.what)
            error = CareQAError(UNEXPECTED)
        finally:
            self._delivery.send("ended", result, error)


class _Runner(QObject):
    """Lives on the work thread and runs what is queued to it, in order."""

    def __init__(self, on_stop: Callable[[], None] | None) -> None:
        super().__init__()
        self._on_stop = on_stop

    @Slot(object)
    def run(self, op: BackgroundOp[Any]) -> None:
        op.execute()

    @Slot()
    def shutdown(self) -> None:
        try:
            if self._on_stop is not None:
                self._on_stop()
        except Exception:
            log.exception("closing the work thread's resources failed")
        finally:
            QThread.currentThread().quit()


class WorkThread(QObject):
    """One named thread for one kind of work: the only code that starts and stops a QThread.

    `on_stop` runs on the thread as it ends (close the models or the library there).
    """

    _queued = Signal(object)

    def __init__(self, name: str, *, on_stop: Callable[[], None] | None = None) -> None:
        super().__init__()
        # No parent on purpose: destroying a running QThread aborts the process; `stop` ends it.
        self.qthread = QThread()
        self.qthread.setObjectName(name)
        self._runner = _Runner(on_stop)
        self._runner.moveToThread(self.qthread)
        self._queued.connect(self._runner.run)
        self._jobs: list[Job] = []
        self.qthread.start()

    def submit(self, op: BackgroundOp[Any]) -> None:
        self._jobs[:] = [job for job in self._jobs if not job.done] + [op.job]
        self._queued.emit(op)

    @property
    def running(self) -> bool:
        return shiboken6.isValid(self.qthread) and self.qthread.isRunning()

    def stop(self, *_: object) -> None:
        """Cancel what is running or queued, run `on_stop` there, and wait for the thread."""
        # At interpreter exit a `destroyed` guard can fire after Qt deleted the (stopped) thread.
        if not self.running:
            return
        for job in self._jobs:
            job.cancel()
        # Queued behind the running op (which the cancel cuts short); it quits the thread.
        QMetaObject.invokeMethod(self._runner, "shutdown", Qt.ConnectionType.QueuedConnection)
        self.qthread.wait()
