"""Reading an answer: rich text, clickable [n] markers that open the highlighted passage,
term chips that ask "What is X?", and follow-up questions (fake engine)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument

from desktop.answer_text import citation_number, linked_markdown
from desktop.main_window import MainWindow
from engine.fakes import FakeChatModel, FakeRetriever, FakeTagger, passage
from engine.service import AnswerOptions, Assistant

pytestmark = pytest.mark.gui

SALT = ("High blood pressure often has no symptoms. Cutting down on salt lowers blood pressure "
        "within weeks. Ready meals hide a lot of salt.")
WALK = "Walking for thirty minutes most days strengthens the heart and lowers blood pressure."
REPLY = ("**Cutting down** on salt lowers blood pressure within weeks [1].\n\n"
         "- Walking thirty minutes most days strengthens the heart [2].")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREQA_HOME", str(tmp_path))


def make_window(qtbot, reply: str = REPLY, tagger: FakeTagger | None = None
                ) -> tuple[MainWindow, FakeRetriever]:
    retriever = FakeRetriever([
        passage(1, SALT, title="High blood pressure", score=0.8, section="Lowering it"),
        passage(2, WALK, title="Staying active", score=0.7),
    ])

    def factory() -> Assistant:
        return Assistant(retriever, FakeChatModel(reply), AnswerOptions(), tagger=tagger)

    window = MainWindow(factory)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=5000):
        pass
    return window, retriever


def ask(qtbot, window: MainWindow, question: str):
    window.question_box.setPlainText(question)
    with qtbot.waitSignal(window.answered, timeout=5000) as blocker:
        qtbot.keyClick(window.question_box, Qt.Key.Key_Return)
    return blocker.args[0]


def click_text(qtbot, window: MainWindow, text: str) -> None:
    """A real mouse click on `text` in the answer view."""
    view = window.answer_view
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.cursorRect(cursor).center())


def test_markers_become_links_and_only_cite_links_count():
    assert linked_markdown("Salt [1][2].") == "Salt [\\[1\\]](cite:1)[\\[2\\]](cite:2)."
    assert citation_number(QUrl("cite:2")) == 2
    assert citation_number(QUrl("https://example.org/1")) is None
    assert citation_number(QUrl("cite:x")) is None


def test_answer_is_rich_text_with_clickable_markers(qtbot):
    window, _ = make_window(qtbot)
    ask(qtbot, window, "How can I lower my blood pressure?")
    html = window.answer_view.toHtml()
    assert "font-weight:700" in html  # **Cutting down**
    assert "<li" in html  # the "- Walking" line is a list item
    assert 'href="cite:1"' in html and 'href="cite:2"' in html
    assert "**" not in window.answer_view.toPlainText()


def test_clicking_a_marker_opens_its_passage_with_the_cited_part_highlighted(qtbot):
    window, _ = make_window(qtbot)
    ask(qtbot, window, "How can I lower my blood pressure?")
    assert window.sources_list.currentRow() == 0

    click_text(qtbot, window, "[2]")
    assert window.sources_list.currentRow() == 1
    assert "Staying active" in window.passage_view.toPlainText()

    click_text(qtbot, window, "[1]")
    assert window.sources_list.currentRow() == 0
    shown = window.passage_view.toHtml()
    # The sentence the answer used is highlighted; the rest of the passage is not.
    highlighted = shown.split("background-color:#ffe680")
    assert len(highlighted) == 2
    assert highlighted[1].split("</span>")[0].endswith("Cutting down on salt lowers blood "
                                                      "pressure within weeks.")
    assert "The highlighted part is what the answer used." in window.passage_view.toPlainText()


def test_model_html_is_shown_as_text_never_rendered(qtbot):
    window, _ = make_window(qtbot, "Cutting down on salt <b>lowers</b> <img src=x> blood "
                                   "pressure [1].")
    ask(qtbot, window, "How can I lower my blood pressure?")
    assert "<b>lowers</b>" in window.answer_view.toPlainText()
    assert "<img" not in window.answer_view.toHtml().split("<body")[1].replace("&lt;img", "")


def test_chip_terms_once_each_question_first():
    from desktop.term_chips import chip_terms
    from engine import Entity

    found = [Entity("corticosteroids", "DRUG", 0, 15, found_in="answer"),
             Entity("Asthma", "DISEASE", 0, 6, found_in="question"),
             Entity("corticosteroid", "DRUG", 20, 34, found_in="answer"),
             Entity("asthma", "DISEASE", 40, 46, found_in="answer")]
    assert chip_terms(found) == [("Asthma", "DISEASE"), ("corticosteroids", "DRUG")]


def test_term_chips_ask_what_a_term_is(qtbot):
    tagger = FakeTagger({"blood pressure": "DISEASE", "salt": "DRUG"})
    window, retriever = make_window(qtbot, tagger=tagger)
    ask(qtbot, window, "How can I lower my blood pressure?")
    assert window.chips.isVisible()
    assert [chip.text() for chip in window.chips.chips] == ["blood pressure", "salt"]
    assert window.chips.chips[0].accessibleName() == "Ask: What is blood pressure?"

    with qtbot.waitSignal(window.answered, timeout=5000) as blocker:
        qtbot.mouseClick(window.chips.chips[1], Qt.MouseButton.LeftButton)
    assert blocker.args[0].question == "What is salt?"
    assert window.question_box.toPlainText() == "What is salt?"
    assert retriever.queries[-1] == "What is salt?"


def test_follow_up_uses_the_last_question_until_a_new_conversation(qtbot):
    window, retriever = make_window(qtbot)
    ask(qtbot, window, "How can I lower my blood pressure?")
    assert window.panel.context_label.isHidden()

    ask(qtbot, window, "Is it serious?")
    assert retriever.queries[-1] == "How can I lower my blood pressure? Is it serious?"
    assert window.panel.context_label.isVisible()
    assert window.panel.context_label.text() == \
        "Following on from: How can I lower my blood pressure?"

    qtbot.mouseClick(window.new_button, Qt.MouseButton.LeftButton)
    assert window.history == [] and window.panel.context_label.isHidden()
    ask(qtbot, window, "Is it serious?")
    assert retriever.queries[-1] == "Is it serious?"


def test_streamed_draft_is_shown_while_it_arrives(qtbot):
    window, _ = make_window(qtbot)
    view = window.answer_view
    view.append_draft("**Salt** ")
    view.append_draft("matters [1]")
    qtbot.waitUntil(lambda: view.toPlainText() == "Salt matters [1]", timeout=2000)
    assert 'href="cite:1"' in view.toHtml()
    assert view.document().find("Salt", 0, QTextDocument.FindFlag.FindCaseSensitively
                                ).charFormat().fontWeight() == 700
