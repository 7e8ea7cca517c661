"""The model worker: owns the Assistant and runs every model call on one dedicated QThread.

The models are not thread-safe, so loading, answering and closing all happen on the same
thread. The worker never touches widgets; it reports through signals, which Qt delivers to the
window on the UI thread (queued connections).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from engine import Cancelled, CareQAError

if TYPE_CHECKING:  # the real Assistant pulls torch and llama.cpp: import it only when loading
    from engine import Assistant, Settings

log = logging.getLogger(__name__)

AssistantFactory = Callable[[], "Assistant"]

_UNEXPECTED = "Something went wrong inside CareQA. Details are in the log file."


def default_factory() -> Assistant:
    # Imported here, on the worker thread, so the window appears before torch/llama load.
    from engine import Settings, build_assistant

    return build_assistant(Settings())


class ModelWorker(QObject):
    ready = Signal(object)  # engine.EngineStatus: model, CPU or GPU, library size
    status = Signal(object)  # engine.EngineStatus again, when asked (after an import)
    failed = Signal(str)  # a message a person can read
    token = Signal(str)  # one streamed piece of the draft answer
    answered = Signal(object)  # engine.types.Answer
    cancelled = Signal()

    def __init__(self, factory: AssistantFactory | None = None) -> None:
        super().__init__()
        self._factory = factory or default_factory
        self._assistant: Assistant | None = None
        # Set from the UI thread, read between tokens here: threading.Event is thread-safe.
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop the current answer. A plain method (not a slot) so it runs at once, on the
        caller's thread, instead of waiting behind the answer it is meant to stop."""
        self._cancel.set()

    def new_question(self) -> None:
        """Clear a previous Stop. The window calls this just before queueing `ask`, so a Stop
        pressed before the worker picks the question up is not lost."""
        self._cancel.clear()

    @Slot()
    def load(self) -> None:
        try:
            assistant = self._factory()
            assistant.load()
            status = assistant.status()
        except CareQAError as exc:
            self.failed.emit(str(exc))
            return
        except Exception:  # a slot must report, or the window waits for ever
            log.exception("loading the models failed")
            self.failed.emit(_UNEXPECTED)
            return
        self._assistant = assistant
        self.ready.emit(status)

    @Slot()
    def reload(self) -> None:
        """Free the models and load them again from the (changed) settings."""
        self._close()
        self.load()

    @Slot(object)
    def apply_settings(self, settings: Settings) -> None:
        """Answer length, passages, emergency numbers: no reload needed."""
        from engine import answer_options  # with the factory: not needed to show the window

        if self._assistant is not None:
            self._assistant.options = answer_options(settings)

    @Slot()
    def report_status(self) -> None:
        if self._assistant is None:
            return
        try:
            self.status.emit(self._assistant.status())
        except CareQAError as exc:  # the library is being rebuilt: the status bar can wait
            log.warning("no status: %s", exc)

    @Slot(str, object)
    def ask(self, question: str, history: list[tuple[str, str]] | None = None) -> None:
        if self._assistant is None:
            self.failed.emit("CareQA is not ready yet.")
            return
        try:
            stream = self._assistant.stream(question, history=history or (), cancel=self._cancel)
            for piece in stream:
                # Also checked here: the no-information path never reaches the model.
                if self._cancel.is_set():
                    raise Cancelled("Answer stopped.")
                self.token.emit(piece)
            self.answered.emit(stream.answer)
        except Cancelled:
            self.cancelled.emit()
        except CareQAError as exc:
            self.failed.emit(str(exc))
        except Exception:
            log.exception("answering failed")
            self.failed.emit(_UNEXPECTED)

    @Slot()
    def shutdown(self) -> None:
        """Free the models on their own thread, then end that thread's event loop."""
        try:
            self._close()
        finally:
            QThread.currentThread().quit()

    def _close(self) -> None:
        try:
            if self._assistant is not None:
                self._assistant.close()
        except Exception:
            log.exception("closing the models failed")
        finally:
            self._assistant = None


def start_worker(factory: AssistantFactory | None = None) -> tuple[QThread, ModelWorker]:
    """A ModelWorker on its own, started thread. The thread has no parent on purpose: it must
    outlive its window until `stop_worker` (destroying a running QThread aborts the process)."""
    thread = QThread()
    thread.setObjectName("careqa-models")
    worker = ModelWorker(factory)
    worker.moveToThread(thread)
    thread.start()
    return thread, worker


def stop_worker(thread: QThread, worker: ModelWorker, *_: object) -> None:
    """Stop any answer, free the models on their own thread and wait for it to end."""
    # At interpreter exit the `destroyed` guard can fire after Qt deleted the (stopped) thread.
    if not shiboken6.isValid(thread) or not thread.isRunning():
        return
    worker.cancel()
    # Queued: runs after the current job (which the cancel cuts short); it quits the thread.
    QMetaObject.invokeMethod(worker, "shutdown", Qt.ConnectionType.QueuedConnection)
    thread.wait()
