"""CareQA's main window: ask a question, watch the answer stream in, read the cited passages."""

from __future__ import annotations

import html
import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import AssistantFactory, start_worker, stop_worker

if TYPE_CHECKING:
    from engine import Answer, Passage

log = logging.getLogger(__name__)

# Flags that are an expected outcome, not an error: shown in a muted note under the answer.
_NOTE_FLAGS = {"no_information": "Nothing in the library matched closely enough",
               "ungrounded": "The draft answer could not be tied to the library, so it was hidden"}


def _emergency_number() -> str:
    from engine import Settings  # pydantic only: cheap, unlike engine.factory

    try:
        return Settings().emergency_number
    except Exception:  # a broken settings file must not stop the window opening
        log.exception("could not read the settings")
        return "your local emergency number"


def _label(text: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


def _column(*items: tuple[QWidget, int]) -> QWidget:
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget, stretch in items:
        layout.addWidget(widget, stretch)
    return column


class QuestionBox(QPlainTextEdit):
    """Multi-line question box: Enter asks, Shift+Enter starts a new line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.insertPlainText("\n")
        else:
            self.submitted.emit()


class MainWindow(QMainWindow):
    """The window. Its `_on_*` slots receive the worker's signals on the UI thread; do not
    override them in a subclass (PySide 6.12 then calls the override on the worker thread)."""

    # Emitted on the UI thread once the window shows the outcome (tests and later panels).
    ready = Signal(str)
    answered = Signal(object)
    stopped = Signal()
    failed = Signal(str)

    _load_requested = Signal()
    _ask_requested = Signal(str)

    def __init__(self, assistant_factory: AssistantFactory | None = None) -> None:
        super().__init__()
        self.setWindowTitle("CareQA")
        self.resize(960, 640)
        self._loaded = self._answering = False
        self._build_widgets()
        self._update_controls()
        self.statusBar().showMessage("Getting ready…")

        # Every model call runs on this one thread; signals cross to it as queued calls.
        self._thread, self.worker = start_worker(assistant_factory)
        self._load_requested.connect(self.worker.load)
        self._ask_requested.connect(self.worker.ask)
        self.worker.ready.connect(self._on_ready)
        self.worker.failed.connect(self._on_failed)
        self.worker.token.connect(self._on_token)
        self.worker.answered.connect(self._on_answered)
        self.worker.cancelled.connect(self._on_cancelled)
        # Also stop the thread if the window is deleted without being closed.
        self.destroyed.connect(partial(stop_worker, self._thread, self.worker))
        self._load_requested.emit()

    def _build_widgets(self) -> None:
        self.note = _label("General health education from your clinic's library — not medical "
                           f"advice. In an emergency call {_emergency_number()}.")
        self.question_box = QuestionBox()
        self.question_box.setPlaceholderText("Type your question, then press Enter")
        self.question_box.setFixedHeight(self.question_box.fontMetrics().lineSpacing() * 4)
        self.ask_button, self.stop_button = QPushButton("Ask"), QPushButton("Stop")
        self.error_label = _label(style="color: #a40000;")
        self.answer_view = QTextBrowser()
        self.flag_note = _label(style="color: palette(placeholder-text); font-style: italic;")
        self.sources_list = QListWidget()
        self.sources_list.setWordWrap(True)  # long titles wrap instead of scrolling sideways
        self.sources_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sources_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.passage_view = QTextBrowser()
        sources_label = QLabel("Sources")
        sources_label.setBuddy(self.sources_list)
        for widget, name in [
            (self.note, "Disclaimer"), (self.question_box, "Question"),
            (self.ask_button, "Ask"), (self.stop_button, "Stop answering"),
            (self.error_label, "Error message"), (self.answer_view, "Answer"),
            (self.flag_note, "Answer note"), (self.sources_list, "Sources"),
            (self.passage_view, "Selected source passage"), (self.statusBar(), "Status"),
        ]:
            widget.setAccessibleName(name)
        self.error_label.hide()
        self.flag_note.hide()

        self.question_box.submitted.connect(self._ask)
        self.ask_button.clicked.connect(self._ask)
        self.stop_button.clicked.connect(self.stop_answer)
        self.sources_list.currentItemChanged.connect(self._show_passage)

        buttons = QVBoxLayout()
        buttons.addWidget(self.ask_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch()
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.question_box, 1)
        ask_row.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(_column((self.answer_view, 1), (self.flag_note, 0)))
        splitter.addWidget(_column((sources_label, 0), (self.sources_list, 1),
                                   (self.passage_view, 2)))
        splitter.setSizes([600, 360])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.note)
        layout.addLayout(ask_row)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _update_controls(self) -> None:
        self.question_box.setEnabled(self._loaded)
        self.ask_button.setEnabled(self._loaded and not self._answering)
        self.stop_button.setEnabled(self._answering)

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
        for view in (self.answer_view, self.passage_view, self.sources_list):
            view.clear()
        self.flag_note.hide()
        self.error_label.hide()
        self.statusBar().showMessage("Looking in the library…")
        self.worker.new_question()
        self._ask_requested.emit(question)

    @Slot()
    def stop_answer(self) -> None:
        """Stop the answer being written (the Stop button)."""
        self.worker.cancel()
        self.statusBar().showMessage("Stopping…")

    @Slot(str)
    def _on_ready(self, model_name: str) -> None:
        self._loaded = True
        self._update_controls()
        self.question_box.setFocus()
        self.statusBar().showMessage(f"Ready — model {model_name}")
        self.ready.emit(model_name)

    @Slot(str)
    def _on_token(self, piece: str) -> None:
        if self.answer_view.document().isEmpty():
            self.statusBar().showMessage("Answering…")
        cursor = QTextCursor(self.answer_view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(piece)
        bar = self.answer_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    @Slot(object)
    def _on_answered(self, answer: Answer) -> None:
        self._answering = False
        self._update_controls()
        # The checked text replaces the draft: invalid citations removed, or no-information.
        self.answer_view.setPlainText(answer.text)
        for citation in answer.citations:
            p = citation.passage
            item = QListWidgetItem(f"[{citation.n}] {p.title}"
                                   + (f" — {p.location}" if p.location else ""))
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p.text if len(p.text) <= 400 else p.text[:400] + "…")
            self.sources_list.addItem(item)
        self.sources_list.setCurrentRow(0)  # no-op when there are no sources
        notes = [f"{_NOTE_FLAGS[f.code]} ({f.reason})." for f in answer.flags
                 if f.code in _NOTE_FLAGS]
        self.flag_note.setText(" ".join(notes))
        self.flag_note.setVisible(bool(notes))
        t = answer.timings
        first = f"first words after {t.ttft_ms / 1000:.1f} s, " if t.ttft_ms else ""
        self.statusBar().showMessage(
            f"Answered — {first}total {t.total_ms / 1000:.1f} s (model {answer.model})")
        self.answered.emit(answer)

    @Slot()
    def _on_cancelled(self) -> None:
        self._answering = False
        self._update_controls()
        self.statusBar().showMessage("Stopped.")
        self.stopped.emit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._answering = False
        self._update_controls()
        self.error_label.setText(message)
        self.error_label.show()
        self.statusBar().showMessage("Ready — the last question could not be answered."
                                     if self._loaded else "CareQA could not start.")
        self.failed.emit(message)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _show_passage(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            self.passage_view.clear()
            return
        p: Passage = item.data(Qt.ItemDataRole.UserRole)
        where = ", ".join(part for part in (p.source, p.location, p.url) if part)
        self.passage_view.setHtml(
            f"<b>{html.escape(p.title)}</b><br><small>{html.escape(where)}</small>"
            f"<p style='white-space: pre-wrap'>{html.escape(p.text)}</p>")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop any answer, free the models on their thread and wait for it to end."""
        stop_worker(self._thread, self.worker)
