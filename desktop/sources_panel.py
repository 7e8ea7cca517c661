"""The sources panel: one row per cited passage (number, title, source, section or page,
snippet) and, under it, the selected passage in full with the part the answer used highlighted."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QTextBrowser, QVBoxLayout, QWidget

from desktop.accessible import describe
from engine import cited_spans

if TYPE_CHECKING:
    from engine import Answer, Citation

SNIPPET_CHARS = 140
HIGHLIGHT_NOTE = "The highlighted part is what the answer used."
# Dark text on pale yellow (about 15:1) in both themes: the text colour is set with it.
_HIGHLIGHT = "background-color: #ffe680; color: #000000; font-weight: 600;"


def source_row_text(citation: Citation) -> str:
    p = citation.passage
    heading = f"[{citation.n}] {p.title}" + (f" — {p.location}" if p.location else "")
    snippet = " ".join(p.text.split())
    if len(snippet) > SNIPPET_CHARS:
        snippet = snippet[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    return f"{heading}\n{p.source}\n{snippet}"


def highlighted_html(text: str, spans: list[tuple[int, int]]) -> str:
    """The passage as HTML with `spans` marked; everything else escaped as it is."""
    parts, position = [], 0
    for start, end in spans:
        parts.append(html.escape(text[position:start]))
        parts.append(f"<span style='{_HIGHLIGHT}'>{html.escape(text[start:end])}</span>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


class SourcesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sources_list = QListWidget()
        self.sources_list.setWordWrap(True)  # long titles wrap instead of scrolling sideways
        self.sources_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sources_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sources_list.setAlternatingRowColors(True)
        self.passage_view = QTextBrowser()
        self.passage_view.setOpenLinks(False)
        heading = QLabel("&Sources")
        heading.setBuddy(self.sources_list)
        describe([
            (self.sources_list, "Sources", "The library passages the answer cites; choose one "
                                           "to read it in full below"),
            (self.passage_view, "Selected source passage",
             "The full passage; the part the answer used is highlighted"),
        ])
        self.sources_list.currentItemChanged.connect(self._show_passage)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.sources_list, 1)
        layout.addWidget(self.passage_view, 2)
        self._answer: Answer | None = None

    def clear(self) -> None:
        self._answer = None
        self.sources_list.clear()
        self.passage_view.clear()

    def count(self) -> int:
        return self.sources_list.count()

    def show_sources(self, answer: Answer) -> None:
        self.clear()
        self._answer = answer
        for citation in answer.citations:
            item = QListWidgetItem(source_row_text(citation))
            item.setData(Qt.ItemDataRole.UserRole, citation)
            item.setToolTip(citation.passage.text[:400])
            self.sources_list.addItem(item)
        self.sources_list.setCurrentRow(0)  # no-op when there are no sources

    def open_citation(self, n: int) -> bool:
        """Select citation [n] and show its passage; False if the answer has no such source."""
        for row in range(self.sources_list.count()):
            if self.sources_list.item(row).data(Qt.ItemDataRole.UserRole).n == n:
                self.sources_list.setCurrentRow(row)
                self.passage_view.setFocus()
                return True
        return False

    @Slot(QListWidgetItem, QListWidgetItem)
    def _show_passage(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None or self._answer is None:
            self.passage_view.clear()
            return
        citation: Citation = item.data(Qt.ItemDataRole.UserRole)
        p = citation.passage
        spans = cited_spans(self._answer.text, citation.n, p.text, self._answer.question)
        where = ", ".join(part for part in (p.source, p.location, p.url) if part)
        note = f"<p><i>{HIGHLIGHT_NOTE}</i></p>" if spans else ""
        self.passage_view.setHtml(
            f"<h3>[{citation.n}] {html.escape(p.title)}</h3><p><small>{html.escape(where)}"
            f"</small></p>{note}<p style='white-space: pre-wrap'>"
            f"{highlighted_html(p.text, spans)}</p>")
