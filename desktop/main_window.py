"""CareQA's main window: ask a question, watch the answer stream in, read the cited passages.

Patient privacy: nothing typed here is written to disk or logged, and the conversation clears
itself after the configured idle time (desktop.idle).
"""

from __future__ import annotations

import logging
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.answer_panel import AnswerPanel, reading_level_text, status_text
from desktop.file_menu import FileMenu
from desktop.idle import IdleGuard
from desktop.library_actions import LibraryMenu
from desktop.operations import WorkThread
from desktop.question_box import QuestionBox
from desktop.settings_actions import SettingsActions
from desktop.staff_mode import StaffModeControl
from desktop.status_summary import status_summary
from desktop.theme import apply_theme
from desktop.worker import AssistantFactory, ModelWorker
from engine import ClinicSession, Settings

if TYPE_CHECKING:
    from engine import Answer, EngineStatus

log = logging.getLogger(__name__)
IDLE_MESSAGE = "Cleared after inactivity for privacy"
MAX_TURNS_KEPT = 4  # the engine uses the last two; a few more cost nothing


def disclaimer(emergency_number: str) -> str:
    return ("General health education from your clinic's library — not medical advice. "
            f"In an emergency call {emergency_number}.")


def _settings() -> Settings:
    try:
        return Settings()
    except Exception:  # a broken settings file must not stop the window opening
        log.exception("could not read the settings; using the defaults")
        return Settings.model_construct(emergency_number="your local emergency number")


def _application() -> QApplication:
    """The running QApplication (the window cannot exist without one)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("MainWindow needs a QApplication")
    return app


class MainWindow(QMainWindow):
    """The window. Its `_on_*` slots receive the worker's signals on the UI thread; do not
    override them in a subclass (PySide 6.12 then calls the override on the worker thread)."""

    # Emitted on the UI thread once the window shows the outcome (tests and later panels).
    ready = Signal(str)
    answered = Signal(object)
    stopped = Signal()
    failed = Signal(str)

    def __init__(self, assistant_factory: AssistantFactory | None = None) -> None:
        super().__init__()
        self.setWindowTitle("CareQA")
        self.resize(960, 640)
        self.settings = settings = _settings()
        apply_theme(_application(), text_scale=settings.text_scale,
                    high_contrast=settings.high_contrast)
        # Patient mode at every start; staff unlock with the PIN (desktop.staff_mode).
        self.session = ClinicSession(idle_reset_s=settings.idle_reset_minutes * 60)
        self._loaded = self._answering = False
        self._discarding = False  # a cleared answer is still winding down on the worker
        # Earlier turns of this conversation; the engine uses them when a question follows on.
        self.history: list[tuple[str, str]] = []
        self._build_widgets(settings.emergency_number)
        # Staff-only Knowledge menu: knowledge manager and import wizard.
        self.library_menu = LibraryMenu(self, self.staff, settings.resolved_kb_dir())
        self.library_menu.changed.connect(self._request_status)
        # File → Settings… (staff only) and the View menu's text size and contrast.
        self.settings_actions = SettingsActions(self, self.staff, self.file_menu.menu)
        self.settings_actions.changed.connect(self.apply_settings)
        self.settings_actions.failed.connect(self.statusBar().showMessage)
        self.idle_guard = IdleGuard(self.session, self._on_idle, self)
        self._update_controls()
        self.statusBar().showMessage("Getting ready…")

        # Every model call runs on the worker's one thread, in the order asked.
        self.worker = ModelWorker(assistant_factory)
        self.worker.status.connect(self._on_status)
        self.worker.ready.connect(self._on_ready)
        self.worker.failed.connect(self._on_failed)
        self.worker.token.connect(self._on_token)
        self.worker.answered.connect(self._on_answered)
        self.worker.cancelled.connect(self._on_cancelled)
        # Also stop the thread if the window is deleted without being closed.
        # partial holds the thread: the guard still works while Python tears the window down.
        self.destroyed.connect(partial(WorkThread.stop, self.worker.work_thread))
        self.worker.load()

    def _build_widgets(self, emergency_number: str) -> None:
        self.note = QLabel(disclaimer(emergency_number))
        self.note.setWordWrap(True)
        self.question_box = QuestionBox()
        self.question_box.setPlaceholderText("Type your question, then press Enter")
        self.question_box.setFixedHeight(self.question_box.fontMetrics().lineSpacing() * 4)
        self.question_label = QLabel("Your &question:")
        self.question_label.setBuddy(self.question_box)  # Alt+Q goes to the question box
        self.ask_button, self.stop_button = QPushButton("&Ask"), QPushButton("S&top")
        self.new_button = QPushButton("&New conversation")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        # The text keeps the theme's colour (readable in both themes); the red bar marks it.
        self.error_label.setStyleSheet("font-weight: bold; border-left: 4px solid #c00000; "
                                       "padding-left: 6px;")
        self.panel = AnswerPanel(emergency_number)
        # The panel's parts, by their old names (tests and later panels use them).
        self.banner, self.answer_view = self.panel.banner, self.panel.answer_view
        self.scope_note, self.flag_note = self.panel.scope_note, self.panel.flag_note
        self.sources_list, self.passage_view = self.panel.sources_list, self.panel.passage_view
        self.chips = self.panel.chips
        self.chips.asked.connect(self.ask_question)
        self.reading_label = QLabel()
        self.engine_label = QLabel()  # model · CPU or GPU · library size
        self.staff = StaffModeControl(self.session, self)
        for widget, name, description in [
            (self.note, "Disclaimer", "CareQA gives general education, not medical advice"),
            (self.question_box, "Question", "Type your question; Enter asks it"),
            (self.ask_button, "Ask", "Ask the question (Enter in the question box)"),
            (self.stop_button, "Stop answering", "Stop the answer being written (Escape)"),
            (self.new_button, "New conversation",
             "Clear the question, answer, sources and earlier questions (Ctrl+N)"),
            (self.error_label, "Error message", "What went wrong"),
            (self.reading_label, "Reading level", "How easy the last answer is to read"),
            (self.engine_label, "Engine", "The model, whether it runs on the CPU or the GPU, "
                                          "and the library's size"),
            (self.statusBar(), "Status", "What CareQA is doing"),
        ]:
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)
        self.error_label.hide()
        self.reading_label.hide()

        self.question_box.submitted.connect(self._ask)
        self.ask_button.clicked.connect(self._ask)
        self.stop_button.clicked.connect(self.stop_answer)
        self.new_button.clicked.connect(self.new_conversation)
        self.staff.message.connect(self.statusBar().showMessage)

        buttons = QVBoxLayout()
        for button in (self.ask_button, self.stop_button, self.new_button):
            buttons.addWidget(button)
        buttons.addStretch()
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.question_box, 1)
        ask_row.addLayout(buttons)
        for widget in (self.reading_label, self.engine_label, self.staff.label,
                       self.staff.button):
            self.statusBar().addPermanentWidget(widget)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.note)
        layout.addWidget(self.question_label)
        layout.addLayout(ask_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.panel, 1)
        self.setCentralWidget(central)
        # Reading order: ask, then the answer, its terms and sources, then the mode button.
        chain = [self.question_box, self.ask_button, self.stop_button, self.new_button,
                 self.banner, self.answer_view, self.sources_list, self.passage_view,
                 self.staff.button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.file_menu = FileMenu(self, self.new_conversation, self.stop_answer)

    def _update_controls(self) -> None:
        self.question_box.setEnabled(self._loaded)
        self.ask_button.setEnabled(self._loaded and not self._answering)
        self.stop_button.setEnabled(self._answering and not self._discarding)
        self.file_menu.stop_action.setEnabled(self.stop_button.isEnabled())
        self.chips.set_enabled_chips(self._loaded and not self._answering)

    def _clear_answer(self) -> None:
        self.file_menu.set_answer(None)
        self.panel.clear()
        self.reading_label.clear()
        self.reading_label.hide()
        if self._loaded:  # keep a start-up failure on screen: it explains the disabled Ask
            self.error_label.hide()

    @Slot(str)
    def ask_question(self, question: str) -> None:
        """Put `question` in the box and ask it (a term chip: "What is asthma?")."""
        if self._loaded and not self._answering:
            self.question_box.setPlainText(question)
            self._ask()

    @Slot()
    def _ask(self) -> None:
        question = self.question_box.toPlainText().strip()
        if not self._loaded or self._answering:
            return
        if not question:
            self.statusBar().showMessage("Please type a question first.")
            return
        self._answering = True
        self._update_controls()
        self._clear_answer()  # also hides the last emergency banner
        self.statusBar().showMessage("Looking in the library…")
        self.worker.new_question()
        self.worker.ask(question, list(self.history))

    @Slot()
    def stop_answer(self) -> None:
        """Stop the answer being written (the Stop button)."""
        self.worker.cancel()
        self.statusBar().showMessage("Stopping…")

    @Slot()
    def new_conversation(self) -> None:
        """Clear the question, the answer, its sources and notes, and any emergency banner."""
        if self._answering:  # its remaining words must not land in the cleared view
            self._discarding = True
            self.worker.cancel()
            self._update_controls()
        self.question_box.clear()
        self._clear_answer()
        self.history.clear()
        self.statusBar().showMessage("New conversation." if self._loaded else "")
        if self.question_box.isEnabled():
            self.question_box.setFocus()

    def has_conversation(self) -> bool:
        return bool(self.question_box.toPlainText().strip() or self._answering
                    or self.panel.has_content())

    def _on_idle(self) -> None:
        if not (self.has_conversation() or self.session.staff):
            return
        self.new_conversation()
        self.staff.lock("idle")
        self.statusBar().showMessage(IDLE_MESSAGE)
        self.session.touch()

    def _finish_answering(self) -> bool:
        """Back to idle after the worker's last signal; False if that answer was cleared."""
        shown = not self._discarding
        self._answering = self._discarding = False
        self._update_controls()
        return shown

    @Slot(object)
    def _on_ready(self, status: EngineStatus) -> None:
        self._loaded = True
        self._update_controls()
        self.question_box.setFocus()
        self.statusBar().showMessage(f"Ready — model {status.model}")
        self._on_status(status)
        self.ready.emit(status.model)

    @Slot()
    def _request_status(self) -> None:
        self.worker.report_status()

    @Slot(object)
    def _on_status(self, status: EngineStatus) -> None:
        self.settings_actions.detected = status.offload_reason
        self.engine_label.setText(status_summary(status))
        self.engine_label.setToolTip(status.offload_reason)

    @Slot(object)
    def apply_settings(self, new: Settings) -> None:
        """Use new settings now: theme and emergency number at once; answer settings on the
        worker; a changed model, GPU offload or thread count reloads the models."""
        from desktop.settings_dialog import needs_model_reload

        old, self.settings = self.settings, new
        apply_theme(_application(), text_scale=new.text_scale,
                    high_contrast=new.high_contrast)
        self.settings_actions.view_menu.show_settings(new)
        self.note.setText(disclaimer(new.emergency_number))
        self.banner.emergency_number = new.emergency_number
        if needs_model_reload(old, new):
            if self._answering:
                self.stop_answer()
            self._loaded = False
            self._update_controls()
            self.statusBar().showMessage("Getting ready…")
            self.worker.reload()
        self.worker.apply_settings(new)  # queued after any reload: the new models get them

    @Slot(str)
    def _on_token(self, piece: str) -> None:
        if self._discarding:
            return
        if not self.answer_view.draft():
            self.statusBar().showMessage("Answering…")
        self.panel.append_token(piece)

    @Slot(object)
    def _on_answered(self, answer: Answer) -> None:
        if not self._finish_answering():
            return
        # The checked text replaces the draft: invalid citations removed, or no-information;
        # an emergency goes to the red banner instead.
        self.panel.show_answer(answer)
        if answer.has_flag("follow_up") and self.history:
            self.panel.show_context(self.history[-1][0])
        if answer.citations:  # only grounded answers are context for a follow-up
            self.history = [*self.history, (answer.question, answer.text)][-MAX_TURNS_KEPT:]
        self.file_menu.set_answer(answer)
        self.statusBar().showMessage(status_text(answer, self.banner.emergency_number))
        self.reading_label.setText(reading_level_text(answer))
        self.reading_label.setVisible(answer.reading_grade is not None)
        self.answered.emit(answer)

    @Slot()
    def _on_cancelled(self) -> None:
        if self._finish_answering():
            self.statusBar().showMessage("Stopped.")
        self.stopped.emit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if not self._finish_answering():
            return  # the cleared question failed: nothing to tell
        self.error_label.setText(message)
        self.error_label.show()
        self.statusBar().showMessage("Ready — the last question could not be answered."
                                     if self._loaded else "CareQA could not start.")
        self.failed.emit(message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Close any knowledge-base dialog, stop any answer, free the models on their thread
        and wait for it to end."""
        self.library_menu.shutdown()
        self.worker.stop()
