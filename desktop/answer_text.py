"""The answer as readable rich text: the model's Markdown (paragraphs, lists, bold) rendered,
every [n] citation marker a link (`cite:n`) that opens its passage. Raw HTML is never rendered:
the text comes from a language model."""

from __future__ import annotations

import re

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

_MARKER = re.compile(r"\[(\d+)\]")
CITE_SCHEME = "cite"
# Re-render the streamed draft at most this often: each render re-lays out the whole text.
RENDER_EVERY_MS = 40
_MARKDOWN = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
             | QTextDocument.MarkdownFeature.MarkdownNoHTML)


def linked_markdown(text: str) -> str:
    """The answer's Markdown with each [n] turned into a link to citation n."""
    return _MARKER.sub(lambda m: f"[\\[{m.group(1)}\\]]({CITE_SCHEME}:{m.group(1)})", text)


def citation_number(url: QUrl) -> int | None:
    """n for a `cite:n` link, None for anything else (never opened: links stay in the app)."""
    if url.scheme() != CITE_SCHEME or not url.path().isdigit():
        return None
    return int(url.path())


class AnswerView(QTextBrowser):
    """Shows the answer; `citation_clicked(n)` when a marker is activated (mouse or keyboard:
    Tab reaches each link, Enter follows it)."""

    citation_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # nothing opens outside the app
        self.anchorClicked.connect(self._on_anchor)
        self._draft = ""
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_EVERY_MS)
        self._render_timer.timeout.connect(self._render_draft)

    def show_text(self, text: str) -> None:
        """Replace what is shown with `text` (the checked answer or a fixed message)."""
        self._render_timer.stop()
        self._draft = text
        self.document().setMarkdown(linked_markdown(text), _MARKDOWN)

    def append_draft(self, piece: str) -> None:
        """Add a streamed piece; the view catches up within RENDER_EVERY_MS."""
        self._draft += piece
        if not self._render_timer.isActive():
            self._render_timer.start()

    def draft(self) -> str:
        return self._draft

    def clear(self) -> None:
        self._render_timer.stop()
        self._draft = ""
        super().clear()

    @Slot()
    def _render_draft(self) -> None:
        self.document().setMarkdown(linked_markdown(self._draft), _MARKDOWN)
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        number = citation_number(url)
        if number is not None:
            self.citation_clicked.emit(number)
