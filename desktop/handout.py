"""The patient handout: the last answer with its numbered sources, to print or save as a PDF.

Large, plain type and no colours, so it reads well on any printer. Nothing is written to disk
unless the user picks a file (patient privacy).
"""

from __future__ import annotations

import datetime
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from engine import Answer

DISCLAIMER = ("This handout is general health education, not medical advice. Ask your doctor, "
              "nurse or pharmacist about your own situation.")
MARGINS_MM = QMarginsF(20, 20, 20, 20)

_STYLE = """
body { font-size: 13pt; line-height: 140%; }
h1 { font-size: 20pt; }
h2 { font-size: 16pt; }
p, li { font-size: 13pt; }
.emergency { font-size: 16pt; font-weight: bold; border: 3px solid black; padding: 8px; }
.small { font-size: 11pt; }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _paragraphs(text: str) -> str:
    """Blank-line separated paragraphs; single line breaks kept."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{_esc(p).replace(chr(10), '<br>')}</p>" for p in parts)


def handout_html(answer: Answer, clinic_note: str = "", *,
                 date: datetime.date | None = None) -> str:
    """The handout as escaped HTML for QTextDocument."""
    day = date or datetime.date.today()
    out = [f"<html><head><meta charset='utf-8'><style>{_STYLE}</style></head><body>"]
    if answer.emergency:
        out.append("<table class='emergency' width='100%' border='1' cellpadding='8'><tr><td>"
                   f"<h2>EMERGENCY</h2>{_paragraphs(answer.text)}</td></tr></table>")
    out.append("<h1>Your question</h1>")
    out.append(_paragraphs(answer.question))
    if not answer.emergency:
        out.append("<h2>Answer</h2>")
        out.append(_paragraphs(answer.text))
    if answer.citations:
        out.append("<h2>Sources</h2><ol>")
        for citation in sorted(answer.citations, key=lambda c: c.n):
            p = citation.passage
            line = f"<b>{_esc(p.title)}</b>"
            if p.location:
                line += f" — {_esc(p.location)}"
            if p.url:
                line += f"<br><span class='small'>{_esc(p.url)}</span>"
            out.append(f"<li value='{int(citation.n)}'>{line}</li>")
        out.append("</ol>")
    if clinic_note.strip():
        out.append(f"<h2>From your clinic</h2>{_paragraphs(clinic_note)}")
    out.append(f"<hr><p><i>{_esc(DISCLAIMER)}</i></p>")
    out.append(f"<p class='small'>Printed {_esc(day.strftime('%d %B %Y'))}</p>")
    out.append("</body></html>")
    return "".join(out)


def _document(answer: Answer, clinic_note: str) -> QTextDocument:
    doc = QTextDocument()
    font = doc.defaultFont()
    font.setPointSize(13)
    doc.setDefaultFont(font)
    doc.setHtml(handout_html(answer, clinic_note))
    return doc


def page_size() -> QPageSize:
    """Letter where the locale measures in US units, A4 elsewhere."""
    if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def save_pdf(answer: Answer, path: str, clinic_note: str = "") -> None:
    """Write the handout to `path` as a PDF."""
    writer = QPdfWriter(str(path))
    writer.setTitle("Your question — patient handout")
    writer.setCreator("CareQA")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(page_size(), QPageLayout.Orientation.Portrait,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))
    _document(answer, clinic_note).print_(writer)
    del writer  # finishes and closes the file


def print_handout(answer: Answer, parent: QWidget | None = None,
                  clinic_note: str = "") -> bool:
    """Ask for a printer, then print; False if the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(page_size(), QPageLayout.Orientation.Portrait,
                                      MARGINS_MM, QPageLayout.Unit.Millimeter))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print handout")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _document(answer, clinic_note).print_(printer)
    return True
