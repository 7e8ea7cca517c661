"""The patient handout: its HTML, the saved PDF, and the window's File menu actions."""

from __future__ import annotations

import datetime
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest
from pypdf import PdfReader

from desktop.handout import DISCLAIMER, handout_html, save_pdf
from engine.types import Answer, Citation, Flag, Passage
from tests.desktop.test_main_window import ask, make_window

pytestmark = pytest.mark.gui


def _answer(question: str = "What is high blood pressure?") -> Answer:
    bp = Passage(1, "Blood pressure text.", "High blood pressure", "bp.md", section="What it is",
                 page=3, url="https://example.org/bp")
    salt = Passage(2, "Salt text.", "Eating less salt", "salt.md")
    return Answer(question=question,
                  text="It means your blood pushes too hard [1]. Eat less salt [2].",
                  citations=[Citation(1, bp), Citation(2, salt)])


def test_html_has_question_answer_sources_and_disclaimer():
    page = handout_html(_answer(), "Call the clinic on 555-0100.",
                        date=datetime.date(2026, 3, 4))
    assert "Your question" in page
    assert "What is high blood pressure?" in page
    assert "blood pushes too hard [1]" in page and "less salt [2]" in page
    assert "Sources" in page
    assert "<li value='1'><b>High blood pressure</b> — What it is, page 3" in page
    assert "https://example.org/bp" in page
    assert "<li value='2'><b>Eating less salt</b>" in page
    assert DISCLAIMER in page
    assert "Call the clinic on 555-0100." in page
    assert "Printed 04 March 2026" in page


def test_html_escapes_markup():
    page = handout_html(_answer("<script>alert(1)</script> & more?"), "<b>note</b>")
    assert "<script>" not in page and "<b>note</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more?" in page


def test_emergency_message_comes_first():
    answer = Answer(question="I have crushing chest pain",
                    text="Call 911 now. This could be a heart attack.",
                    flags=[Flag("emergency", "chest pain")])
    page = handout_html(answer, "")
    assert page.index("EMERGENCY") < page.index("Your question")
    assert "Call 911 now." in page


def test_save_pdf_writes_a_readable_pdf(qtbot, tmp_path):
    path = tmp_path / "handout.pdf"
    save_pdf(_answer(), str(path))
    assert path.read_bytes().startswith(b"%PDF")
    text = " ".join((page.extract_text() or "") for page in PdfReader(path).pages)
    flat = " ".join(text.split())
    assert "What is high blood pressure?" in flat
    assert "High blood pressure" in flat
    assert "general health education, not medical advice" in flat


def test_window_actions_follow_the_answer(qtbot):
    window = make_window(qtbot)
    actions = (window.file_menu.print_action, window.file_menu.pdf_action)
    assert not any(a.isEnabled() for a in actions) and window.file_menu.last_answer is None
    with qtbot.waitSignal(window.answered, timeout=5000):
        ask(qtbot, window, "What is high blood pressure?")
    assert all(a.isEnabled() for a in actions)
    assert window.file_menu.last_answer is not None and window.file_menu.last_answer.citations

    window.new_conversation()
    assert not any(a.isEnabled() for a in actions) and window.file_menu.last_answer is None


def test_window_saves_the_pdf(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = make_window(qtbot)
    with qtbot.waitSignal(window.answered, timeout=5000):
        ask(qtbot, window, "What is high blood pressure?")
    path = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "PDF files (*.pdf)")))
    window.file_menu.pdf_action.trigger()
    assert path.read_bytes().startswith(b"%PDF")
    assert window.statusBar().currentMessage() == "Handout saved."
