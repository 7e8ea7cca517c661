"""The answer area: emergency banner, answer text, notes under it, and the cited sources."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.emergency_banner import EmergencyBanner

if TYPE_CHECKING:
    from engine import Answer, Passage

# Flags that are an expected outcome, not an error: shown in a muted note under the answer.
NOTE_FLAGS = {"no_information": "Nothing in the library matched closely enough",
              "ungrounded": "The draft answer could not be tied to the library, so it was hidden"}
SCOPE_NOTE = ("This is general information. Please ask your doctor, nurse or pharmacist about "
              "your own situation.")
EMERGENCY_POINTER = "Please read the emergency message above."
# Calm, not alarming: a soft blue box for "ask your care team".
_SCOPE_STYLE = ("background: #e8f1fb; color: #0b3d6e; border: 1px solid #9cc3ea; "
                "border-radius: 4px; padding: 6px;")
_MUTED_STYLE = "color: palette(placeholder-text); font-style: italic;"


def status_text(answer: Answer, emergency_number: str) -> str:
    """The status-bar line after an answer."""
    if answer.emergency:
        return f"Emergency message shown — call {emergency_number} now"
    t = answer.timings
    first = f"first words after {t.ttft_ms / 1000:.1f} s, " if t.ttft_ms else ""
    return f"Answered — {first}total {t.total_ms / 1000:.1f} s (model {answer.model})"


def reading_level_text(answer: Answer) -> str:
    if answer.reading_grade is None:  # emergency and no-information answers are not graded
        return ""
    simpler = ", reworded in simpler words" if answer.has_flag("simplified") else ""
    return f"Reading level: grade {answer.reading_grade:.1f}{simpler}"


def _label(style: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.hide()
    return label


def _column(*items: tuple[QWidget, int]) -> QWidget:
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget, stretch in items:
        layout.addWidget(widget, stretch)
    return column


class AnswerPanel(QWidget):
    """Shows one answer at a time; `clear` empties every part of it."""

    def __init__(self, emergency_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = EmergencyBanner(emergency_number)
        self.answer_view = QTextBrowser()
        self.scope_note = _label(_SCOPE_STYLE)
        self.scope_note.setText(SCOPE_NOTE)
        self.flag_note = _label(_MUTED_STYLE)
        self.sources_list = QListWidget()
        self.sources_list.setWordWrap(True)  # long titles wrap instead of scrolling sideways
        self.sources_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sources_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.passage_view = QTextBrowser()
        sources_label = QLabel("Sources")
        sources_label.setBuddy(self.sources_list)
        for widget, name, description in [
            (self.answer_view, "Answer", "The answer from the clinic's library"),
            (self.scope_note, "Ask your care team",
             "A reminder that the answer is general information"),
            (self.flag_note, "Answer note", "Why the answer looks the way it does"),
            (self.sources_list, "Sources", "The library passages the answer cites"),
            (self.passage_view, "Selected source passage", "The text of the selected source"),
        ]:
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)
        self.sources_list.currentItemChanged.connect(self._show_passage)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(_column((self.answer_view, 1), (self.scope_note, 0),
                                   (self.flag_note, 0)))
        splitter.addWidget(_column((sources_label, 0), (self.sources_list, 1),
                                   (self.passage_view, 2)))
        splitter.setSizes([600, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)  # above the answer, full width
        layout.addWidget(splitter, 1)

    def clear(self) -> None:
        for view in (self.answer_view, self.passage_view, self.sources_list, self.banner):
            view.clear()
        self.scope_note.hide()
        self.flag_note.hide()

    def has_content(self) -> bool:
        return bool(not self.answer_view.document().isEmpty() or self.sources_list.count()
                    or self.banner.isVisibleTo(self))

    def append_token(self, piece: str) -> None:
        cursor = QTextCursor(self.answer_view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(piece)
        bar = self.answer_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def show_answer(self, answer: Answer) -> None:
        """Replace the streamed draft with the checked answer (or the emergency banner)."""
        if answer.emergency:
            # The fixed message belongs in the banner only, never among ordinary answers.
            self.answer_view.setPlainText(EMERGENCY_POINTER)
            self.banner.show_message(answer.text)
            return
        self.answer_view.setPlainText(answer.text)
        for citation in answer.citations:
            p = citation.passage
            item = QListWidgetItem(f"[{citation.n}] {p.title}"
                                   + (f" — {p.location}" if p.location else ""))
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p.text if len(p.text) <= 400 else p.text[:400] + "…")
            self.sources_list.addItem(item)
        self.sources_list.setCurrentRow(0)  # no-op when there are no sources
        self.scope_note.setVisible(answer.has_flag("scope"))
        notes = [f"{NOTE_FLAGS[f.code]} ({f.reason})." for f in answer.flags
                 if f.code in NOTE_FLAGS]
        self.flag_note.setText(" ".join(notes))
        self.flag_note.setVisible(bool(notes))

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
