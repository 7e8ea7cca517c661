"""The model worker: owns the Assistant and runs every model call on one dedicated thread.

The models are not thread-safe, so loading, answering and closing all happen on the same
WorkThread (desktop.operations). The worker never touches widgets; it reports through its
signals, which Qt delivers to the window on the UI thread, and streams the draft answer through
`token` as the model writes it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.operations import BackgroundOp, Job, WorkThread
from engine import Cancelled, CareQAError

if TYPE_CHECKING:  # the real Assistant pulls torch and llama.cpp: import it only when loading
    from engine import Answer, Assistant, EngineStatus, Settings

log = logging.getLogger(__name__)

AssistantFactory = Callable[[], "Assistant"]


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
        # Set from the UI thread, read between tokens there: threading.Event is thread-safe.
        self._cancel = threading.Event()
        self._thread = WorkThread("careqa-models", on_stop=self._close)

    @property
    def work_thread(self) -> WorkThread:
        return self._thread

    def cancel(self) -> None:
        """Stop the current answer at once (the flag is read between tokens)."""
        self._cancel.set()

    def new_question(self) -> None:
        """Clear a previous Stop. The window calls this just before `ask`, so a Stop pressed
        before the worker picks the question up is not lost."""
        self._cancel.clear()

    # --- requests, from the UI thread; each runs on the model thread in turn ------------------
    def load(self) -> None:
        self._queue(self._load, self.ready.emit)

    def reload(self) -> None:
        """Free the models and load them again from the (changed) settings."""
        def reload(job: Job) -> EngineStatus:
            self._close()
            return self._load(job)

        self._queue(reload, self.ready.emit)

    def apply_settings(self, settings: Settings) -> None:
        """Answer length, passages, emergency numbers: no reload needed."""
        def apply(_job: Job) -> None:
            from engine import answer_options  # with the factory: not needed to show the window

            if self._assistant is not None:
                self._assistant.options = answer_options(settings)

        self._queue(apply, lambda _none: None)

    def report_status(self) -> None:
        def report(_job: Job) -> EngineStatus | None:
            return None if self._assistant is None else self._assistant.status()

        def send(status: EngineStatus | None) -> None:
            if status is not None:
                self.status.emit(status)

        # The library is being rebuilt: the status bar can wait (the failure is only logged).
        self._queue(report, send, failure=lambda exc: log.warning("no status: %s", exc))

    def ask(self, question: str, history: list[tuple[str, str]] | None = None) -> None:
        self._queue(lambda job: self._ask(question, history or []), self.answered.emit)

    def stop(self) -> None:
        """Stop any answer, free the models on their own thread and wait for it to end."""
        self.cancel()
        self._thread.stop()

    # --- on the model thread ------------------------------------------------------------------
    def _queue(self, op: Callable[[Job], object], success: Callable, *,
               failure: Callable[[CareQAError], None] | None = None) -> None:
        BackgroundOp(op, parent=self, success=success,
                     failure=failure or self._on_failure).run_in(self._thread)

    def _on_failure(self, error: CareQAError) -> None:
        if isinstance(error, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(str(error))

    def _load(self, _job: Job) -> EngineStatus:
        assistant = self._factory()
        assistant.load()
        status = assistant.status()
        self._assistant = assistant
        return status

    def _ask(self, question: str, history: list[tuple[str, str]]) -> Answer:
        if self._assistant is None:
            raise CareQAError("CareQA is not ready yet.")
        stream = self._assistant.stream(question, history=history, cancel=self._cancel)
        for piece in stream:
            # Also checked here: the no-information path never reaches the model.
            if self._cancel.is_set():
                raise Cancelled("Answer stopped.")
            self.token.emit(piece)  # queued to the window: it arrives before the answer
        return stream.answer

    def _close(self) -> None:
        try:
            if self._assistant is not None:
                self._assistant.close()
        except Exception:
            log.exception("closing the models failed")
        finally:
            self._assistant = None
