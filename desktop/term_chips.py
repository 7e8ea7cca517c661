"""Chips for the medical terms recognised in the question and the answer. Choosing one asks
"What is <term>?" — a gentle way to learn the words in an answer."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

if TYPE_CHECKING:
    from engine import Entity

MAX_CHIPS = 8
KIND = {"DISEASE": "condition", "DRUG": "medicine"}
_CHIP_STYLE = ("QPushButton { border: 1px solid palette(mid); border-radius: 10px; "
               "padding: 2px 10px; } QPushButton:focus { border: 2px solid palette(highlight); }")


def chip_terms(entities: Sequence[Entity]) -> list[tuple[str, str]]:
    """(term, label) once each, question's terms first, at most MAX_CHIPS. Case and a plural
    "s" do not make a new term ("Corticosteroids", "corticosteroid")."""
    seen: dict[str, tuple[str, str]] = {}
    ordered = sorted(entities, key=lambda e: e.found_in != "question")  # stable
    for entity in ordered:
        term = " ".join(entity.text.split())
        key = term.lower().removesuffix("s")
        if term and key not in seen:
            seen[key] = (term, entity.label)
    return list(seen.values())[:MAX_CHIPS]


def question_about(term: str) -> str:
    return f"What is {term}?"


class TermChips(QWidget):
    """Hidden while there are no terms. `asked(question)` when a chip is chosen."""

    asked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Medical terms")
        self.setAccessibleDescription("Terms recognised in the question and answer; choose "
                                      "one to ask what it is")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(QLabel("Medical terms:"))
        self._layout.addStretch()
        self.chips: list[QPushButton] = []
        self.hide()

    def show_terms(self, entities: Sequence[Entity]) -> None:
        self.clear()
        for term, label in chip_terms(entities):
            kind = KIND.get(label, "term")
            chip = QPushButton(term)
            chip.setStyleSheet(_CHIP_STYLE)
            chip.setToolTip(f"{term} ({kind}): ask what it is")
            chip.setAccessibleName(f"Ask: {question_about(term)}")
            chip.setAccessibleDescription(f"{term} is a {kind} mentioned here")
            chip.clicked.connect(partial(self.asked.emit, question_about(term)))
            self._layout.insertWidget(self._layout.count() - 1, chip)
            self.chips.append(chip)
        self.setVisible(bool(self.chips))

    def set_enabled_chips(self, enabled: bool) -> None:
        for chip in self.chips:
            chip.setEnabled(enabled)

    def clear(self) -> None:
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        self.hide()
