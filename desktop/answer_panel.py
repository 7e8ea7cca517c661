"""The answer area: emergency banner, answer text, recognised terms, notes under it, and the
cited sources."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.accessible import describe
from desktop.answer_text import AnswerView
from desktop.emergency_banner import EmergencyBanner
from desktop.sources_panel import SourcesPanel
from desktop.term_chips import TermChips
from engine import emergency_screen

if TYPE_CHECKING:
    from engine import Answer

# Flags that are an expected outcome, not an error: shown in a muted note under the answer.
NOTE_FLAGS = {"no_information": "Nothing in the library matched closely enough",
              "ungrounded": "The draft answer could not be tied to the library, so it was hidden"}
# Said quietly when the checked answer differs from the draft that streamed in.
CHECKED_NOTE = "Checked against your library"
CHECKED_REASONS = {"extractive_fallback": "these are the library's own sentences",
                   "sentence_contradicted": "what the library says instead is shown",
                   "sentence_unsupported": "sentences it does not back were removed"}
SCOPE_NOTE = ("This is general information. Please ask your doctor, nurse or pharmacist about "
              "your own situation.")
# Calm, not alarming: a soft blue box for "ask your care team".
_SCOPE_STYLE = ("background: #e8f1fb; color: #0b3d6e; border: 1px solid #9cc3ea; "
                "border-radius: 4px; padding: 6px;")
# Ordinary text colour (placeholder grey is below 4.5:1 on white): italic sets it apart.
_MUTED_STYLE = "color: palette(text); font-style: italic;"


def status_text(answer: Answer, emergency_number: str) -> str:
    """The status-bar line after an answer."""
    if answer.emergency:
        return emergency_screen(emergency_number, answer.language).status
    t = answer.timings
    first = f"first words after {t.ttft_ms / 1000:.1f} s, " if t.ttft_ms else ""
    return f"Answered — {first}total {t.total_ms / 1000:.1f} s"  # the model: the engine label


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


def checked_note(answer: Answer) -> str:
    """"Checked against your library: ..." for an answer the checks changed."""
    reasons = list(dict.fromkeys(CHECKED_REASONS[f.code] for f in answer.flags
                                 if f.code in CHECKED_REASONS))
    return f"{CHECKED_NOTE}: {'; '.join(reasons)}." if reasons else f"{CHECKED_NOTE}."


class AnswerPanel(QWidget):
    """Shows one answer at a time; `clear` empties every part of it."""

    def __init__(self, emergency_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = EmergencyBanner(emergency_number)
        self.context_label = _label(_MUTED_STYLE)  # "Following on from: ..." for follow-ups
        self.answer_view = AnswerView()
        self.chips = TermChips()
        self.scope_note = _label(_SCOPE_STYLE)
        self.scope_note.setText(SCOPE_NOTE)
        self.flag_note = _label(_MUTED_STYLE)
        self.sources = SourcesPanel()
        self.sources_list, self.passage_view = self.sources.sources_list, self.sources.passage_view
        describe([
            (self.context_label, "Earlier question", "The question this one follows on from"),
            (self.answer_view, "Answer", "The answer from the clinic's library; the numbers in "
                                         "brackets open their sources"),
            (self.scope_note, "Ask your care team",
             "A reminder that the answer is general information"),
            (self.flag_note, "Answer note", "Why the answer looks the way it does"),
        ])
        self.answer_view.citation_clicked.connect(self.sources.open_citation)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(_column((self.context_label, 0), (self.answer_view, 1),
                                   (self.chips, 0), (self.scope_note, 0), (self.flag_note, 0)))
        splitter.addWidget(self.sources)
        splitter.setSizes([600, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)  # above the answer, full width
        layout.addWidget(splitter, 1)

    def clear(self) -> None:
        for view in (self.answer_view, self.sources, self.banner, self.chips):
            view.clear()
        for label in (self.context_label, self.scope_note, self.flag_note):
            label.hide()

    def has_content(self) -> bool:
        return bool(self.answer_view.draft() or self.sources.count()
                    or self.banner.isVisibleTo(self))

    def _chain_tab_order(self) -> None:
        """Answer, then its term chips (created per answer), then the sources."""
        chain = [self.answer_view, *self.chips.chips, self.sources_list, self.passage_view]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_context(self, earlier_question: str) -> None:
        self.context_label.setText(f"Following on from: {earlier_question}")
        self.context_label.show()

    def append_token(self, piece: str) -> None:
        self.answer_view.append_draft(piece)

    def show_answer(self, answer: Answer) -> None:
        """Replace the streamed draft with the checked answer (or the emergency banner)."""
        if answer.emergency:
            # The fixed message belongs in the banner only, never among ordinary answers.
            self.answer_view.show_text(
                emergency_screen(self.banner.emergency_number, answer.language).pointer)
            self.banner.show_message(answer.text, answer.language)
            return
        streamed = self.answer_view.draft()
        self.answer_view.show_text(answer.text)
        self.sources.show_sources(answer)
        self.chips.show_terms(answer.entities)
        self._chain_tab_order()
        self.scope_note.setVisible(answer.has_flag("scope"))
        notes = [f"{NOTE_FLAGS[f.code]} ({f.reason})." for f in answer.flags
                 if f.code in NOTE_FLAGS]
        if streamed.split() != answer.text.split() and not notes:
            notes.append(checked_note(answer))
        self.flag_note.setText(" ".join(notes))
        self.flag_note.setVisible(bool(notes))
