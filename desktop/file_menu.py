"""The File menu: New conversation, the patient handout (print or save as PDF), and Esc to stop
an answer. The handout is offered only for an answer with sources, or an emergency message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMainWindow

    from engine import Answer


class FileMenu(QObject):
    def __init__(self, window: QMainWindow, new_conversation: Callable[[], None],
                 stop_answer: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self.last_answer: Answer | None = None  # the shown answer, for the handout
        self.menu = window.menuBar().addMenu("&File")
        self.new_action = QAction("&New conversation", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)  # Ctrl+N
        self.new_action.triggered.connect(new_conversation)
        self.print_action = QAction("&Print handout…", self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.print_handout)
        self.pdf_action = QAction("&Save handout as PDF…", self)
        self.pdf_action.setShortcut(QKeySequence.StandardKey.Save)
        self.pdf_action.triggered.connect(self.save_handout_pdf)
        self.menu.addAction(self.new_action)
        self.menu.addSeparator()
        for action in (self.print_action, self.pdf_action):
            action.setEnabled(False)
            self.menu.addAction(action)
        # Not in a menu: Esc is the keyboard's Stop button.
        self.stop_action = QAction("Stop answering", self)
        self.stop_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.stop_action.triggered.connect(stop_answer)
        window.addAction(self.stop_action)

    def set_answer(self, answer: Answer | None) -> None:
        self.last_answer = answer if answer and (answer.citations or answer.emergency) else None
        for action in (self.print_action, self.pdf_action):
            action.setEnabled(self.last_answer is not None)

    @Slot()
    def print_handout(self) -> None:
        from desktop.handout import print_handout

        if self.last_answer is not None:
            print_handout(self.last_answer, self._window)

    @Slot()
    def save_handout_pdf(self) -> None:
        from desktop.handout import save_pdf

        if self.last_answer is None:
            return
        path, _ = QFileDialog.getSaveFileName(self._window, "Save handout as PDF",
                                              "handout.pdf", "PDF files (*.pdf)")
        if path:
            save_pdf(self.last_answer, path)
            self._window.statusBar().showMessage("Handout saved.")
