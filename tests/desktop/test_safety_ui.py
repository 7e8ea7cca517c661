"""The window's patient-safety face on the fake engine: emergency banner, scope note, reading
level, New conversation and idle reset."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest
from PySide6.QtCore import Qt

from desktop.answer_panel import SCOPE_NOTE
from desktop.main_window import MainWindow
from engine.fakes import FakeChatModel, FakeRetriever, passage
from engine.service import AnswerOptions, Assistant

pytestmark = pytest.mark.gui

# The passage backs both wordings, so the support check keeps each of them.
BP_TEXT = ("High blood pressure means your blood pushes too hard on your artery walls. "
           "Hypertension constitutes a persistently elevated arterial pressure, characteristically "
           "necessitating comprehensive cardiovascular evaluation and individualized "
           "pharmacological management.")
SIMPLE = "It means your blood pushes too hard [1]."
HARD = ("Hypertension constitutes a persistently elevated arterial pressure, characteristically "
        "necessitating comprehensive cardiovascular evaluation and individualized "
        "pharmacological management [1].")


class ScriptedChatModel(FakeChatModel):
    """Gives each reply in turn (the second is the "simpler words" rewrite)."""

    def __init__(self, *replies: str, delay_s: float = 0.0) -> None:
        super().__init__(replies[0], delay_s=delay_s)
        self.replies = list(replies)

    def render(self, messages):
        self.reply = self.replies[min(len(self.prompts), len(self.replies) - 1)]
        return super().render(messages)


def make_window(qtbot, chat: FakeChatModel | None = None) -> tuple[MainWindow, FakeChatModel]:
    chat = chat or FakeChatModel(SIMPLE)
    retriever = FakeRetriever([passage(1, BP_TEXT, title="High blood pressure", score=0.8)])
    window = MainWindow(lambda: Assistant(retriever, chat, AnswerOptions()))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=5000):
        pass
    return window, chat


def ask(qtbot, window: MainWindow, question: str):
    window.question_box.clear()
    with qtbot.waitSignal(window.answered, timeout=5000) as blocker:
        qtbot.keyClicks(window.question_box, question)
        qtbot.keyClick(window.question_box, Qt.Key.Key_Return)
    return blocker.args[0]


def test_emergency_shows_the_banner_not_the_answer_view(qtbot):
    window, chat = make_window(qtbot)
    assert window.banner.isHidden()

    answer = ask(qtbot, window, "my dad has crushing chest pain right now")

    assert answer.emergency
    assert chat.prompts == []  # the model was never asked
    assert window.banner.isVisible()
    assert window.banner.accessibleName() == "Emergency message"
    assert window.banner.heading.text() == "EMERGENCY — call 911 now"
    assert window.banner.message.text() == answer.text
    assert "call 911" in answer.text.lower()
    assert "911" in window.banner.accessibleDescription()
    assert window.banner.hasFocus()
    # The fixed message is in the banner only; the answer view just points at it.
    assert window.answer_view.toPlainText() == "Please read the emergency message above."
    assert answer.text not in window.answer_view.toPlainText()
    assert window.sources_list.count() == 0
    assert window.scope_note.isHidden() and window.flag_note.isHidden()
    assert window.reading_label.isHidden()
    assert window.statusBar().currentMessage() == "Emergency message shown — call 911 now"

    answer = ask(qtbot, window, "What is high blood pressure?")
    assert not answer.emergency
    assert window.banner.isHidden()
    assert window.banner.text().strip() == ""
    assert window.answer_view.toPlainText() == answer.text
    assert len(chat.prompts) == 1


def test_emergency_number_comes_from_the_settings(qtbot, monkeypatch):
    monkeypatch.setenv("CAREQA_EMERGENCY_NUMBER", "112")
    window, _chat = make_window(qtbot)
    assert "In an emergency call 112" in window.note.text()
    ask(qtbot, window, "my dad has crushing chest pain right now")
    assert window.banner.heading.text() == "EMERGENCY — call 112 now"


def test_scope_question_shows_the_calm_note(qtbot):
    window, chat = make_window(qtbot)
    answer = ask(qtbot, window, "can I stop taking my lisinopril?")

    assert answer.has_flag("scope") and not answer.emergency
    assert window.banner.isHidden()
    assert window.scope_note.isVisible()
    assert window.scope_note.text() == SCOPE_NOTE
    # Rendered as Markdown: the preamble is its own paragraph (one line break in plain text).
    assert window.answer_view.toPlainText() == answer.text.replace("\n\n", "\n")
    assert answer.text.startswith("I can't tell you")
    assert window.flag_note.isHidden()
    assert len(chat.prompts) == 1

    ask(qtbot, window, "What is high blood pressure?")
    assert window.scope_note.isHidden()


def test_reading_level_is_shown_after_an_answer(qtbot):
    window, _chat = make_window(qtbot)
    answer = ask(qtbot, window, "What is high blood pressure?")

    assert answer.reading_grade is not None and answer.reading_grade < 8
    assert window.reading_label.isVisible()
    assert window.reading_label.text() == f"Reading level: grade {answer.reading_grade:.1f}"
    assert window.statusBar().currentMessage().startswith("Answered — ")


def test_reading_level_says_when_the_answer_was_reworded(qtbot):
    window, chat = make_window(qtbot, ScriptedChatModel(HARD, SIMPLE))
    answer = ask(qtbot, window, "What is high blood pressure?")

    assert len(chat.prompts) == 2  # the draft, then the simpler rewrite
    assert answer.has_flag("simplified")
    assert window.answer_view.toPlainText() == answer.text == SIMPLE
    assert window.reading_label.text() == (
        f"Reading level: grade {answer.reading_grade:.1f}, reworded in simpler words")


def test_new_conversation_clears_everything(qtbot):
    window, _chat = make_window(qtbot)
    ask(qtbot, window, "can I stop taking my lisinopril?")
    qtbot.keyClicks(window.question_box, "a half-typed follow-up")
    assert window.sources_list.count() == 1 and window.scope_note.isVisible()
    assert window.passage_view.toPlainText() != ""

    qtbot.mouseClick(window.new_button, Qt.MouseButton.LeftButton)

    assert window.question_box.toPlainText() == ""
    assert window.answer_view.toPlainText() == ""
    assert window.sources_list.count() == 0
    assert window.passage_view.toPlainText() == ""
    assert window.scope_note.isHidden() and window.flag_note.isHidden()
    assert window.banner.isHidden() and window.reading_label.isHidden()
    assert not window.has_conversation()
    assert window.statusBar().currentMessage() == "New conversation."

    ask(qtbot, window, "my dad has crushing chest pain right now")
    window.new_button.click()
    assert window.banner.isHidden()
    assert window.answer_view.toPlainText() == ""


def test_new_conversation_mid_answer_drops_the_rest_of_it(qtbot):
    window, chat = make_window(qtbot, FakeChatModel(" ".join(["word"] * 300), delay_s=0.02))
    with qtbot.waitSignal(window.worker.token, timeout=5000):
        qtbot.keyClicks(window.question_box, "What is high blood pressure?")
        qtbot.keyClick(window.question_box, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.stopped, timeout=3000):
        window.new_button.click()
    qtbot.wait(100)  # any late words would land now

    assert window.answer_view.toPlainText() == ""
    assert window.statusBar().currentMessage() == "New conversation."
    assert window.ask_button.isEnabled() and not window.stop_button.isEnabled()
    chat.reply, chat.delay_s = SIMPLE, 0.0
    answer = ask(qtbot, window, "And again?")  # the next question is answered normally
    assert window.answer_view.toPlainText() == answer.text == SIMPLE


def ask_typed(qtbot, window, question: str):
    """Ask a question typed with an input method (QTest cannot send non-ASCII key clicks)."""
    window.question_box.setPlainText(question)
    with qtbot.waitSignal(window.answered, timeout=5000) as blocker:
        qtbot.keyClick(window.question_box, Qt.Key.Key_Return)
    return blocker.args[0]


def test_a_spanish_or_chinese_emergency_shows_the_banner_in_that_language(qtbot):
    window, chat = make_window(qtbot)
    answer = ask_typed(qtbot, window, "mi papá tiene dolor fuerte en el pecho y no puede respirar")
    assert answer.emergency and answer.language == "es" and chat.prompts == []
    assert window.banner.heading.text() == "EMERGENCIA — llame al 911 ahora"
    assert window.banner.message.text().startswith("El dolor o la presión en el pecho")
    assert window.answer_view.toPlainText() == "Lea el mensaje de emergencia de arriba."

    answer = ask_typed(qtbot, window, "我爸爸胸口剧痛，喘不过气来")
    assert answer.emergency and answer.language == "zh"
    assert window.banner.heading.text() == "紧急情况——请现在就拨打 911"
    assert "请现在就拨打 911" in window.banner.message.text()
    assert window.statusBar().currentMessage() == "已显示紧急信息——请现在就拨打 911"
