"""The main window on the fake engine: streaming, sources, Stop, no-information, load failure."""

from __future__ import annotations

import gc
import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest
from PySide6.QtCore import Qt

from desktop.main_window import MainWindow
from engine.errors import ModelNotFound
from engine.fakes import FakeChatModel, FakeRetriever, passage
from engine.service import NO_INFORMATION, AnswerOptions, Assistant

pytestmark = pytest.mark.gui

BP_TEXT = "High blood pressure means your blood pushes too hard on your artery walls."


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    # Settings() reads the user's settings file: keep tests off the real one.
    monkeypatch.setenv("CAREQA_HOME", str(tmp_path))


def make_window(qtbot, reply: str = "It means your blood pushes too hard [1].", *,
                score: float = 0.8, delay_s: float = 0.01) -> MainWindow:
    def factory() -> Assistant:
        retriever = FakeRetriever([passage(1, BP_TEXT, title="High blood pressure", score=score,
                                           section="What it is")])
        return Assistant(retriever, FakeChatModel(reply, delay_s=delay_s), AnswerOptions())

    window = MainWindow(factory)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=5000) as blocker:
        pass
    assert blocker.args == ["fake-llm"]
    return window


def ask(qtbot, window: MainWindow, question: str) -> None:
    qtbot.keyClicks(window.question_box, question)
    qtbot.keyClick(window.question_box, Qt.Key.Key_Return)


def test_streams_answer_and_shows_its_source(qtbot):
    window = make_window(qtbot)
    assert window.windowTitle() == "CareQA"
    assert "In an emergency call 911" in window.note.text()
    assert window.ask_button.isEnabled() and not window.stop_button.isEnabled()
    assert window.statusBar().currentMessage() == "Ready — model fake-llm"

    tokens: list[str] = []
    window.worker.token.connect(tokens.append)
    # The window's signal is emitted by its handler: it must run on the UI thread.
    handled_on_main: list[bool] = []
    window.answered.connect(
        lambda _a: handled_on_main.append(threading.current_thread() is threading.main_thread()))
    with qtbot.waitSignal(window.answered, timeout=5000) as blocker:
        ask(qtbot, window, "What is high blood pressure?")
        assert window.stop_button.isEnabled() and not window.ask_button.isEnabled()
    answer = blocker.args[0]

    assert handled_on_main == [True]
    assert len(tokens) > 1  # it streamed, piece by piece
    assert window.answer_view.toPlainText() == answer.text
    assert "blood pushes too hard [1]" in answer.text
    assert window.sources_list.count() == 1
    row = window.sources_list.item(0)
    # Number, title, section; then the source file; then a snippet of the passage.
    assert row.text() == f"[1] High blood pressure — What it is\nhigh blood pressure.md\n{BP_TEXT}"
    assert row.toolTip() == BP_TEXT
    window.sources_list.setCurrentRow(-1)
    assert window.passage_view.toPlainText() == ""
    window.sources_list.setCurrentRow(0)
    assert BP_TEXT in window.passage_view.toPlainText()
    assert window.flag_note.isHidden() and window.error_label.isHidden()
    assert window.ask_button.isEnabled() and not window.stop_button.isEnabled()
    assert window.statusBar().currentMessage().startswith("Answered — first words after ")


def test_shift_enter_adds_a_line_instead_of_asking(qtbot):
    window = make_window(qtbot)
    qtbot.keyClicks(window.question_box, "line one")
    qtbot.keyClick(window.question_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.question_box, "line two")
    assert window.question_box.toPlainText() == "line one\nline two"
    assert not window.stop_button.isEnabled()  # nothing was asked


def test_stop_ends_a_slow_answer_quietly(qtbot):
    long_reply = " ".join(["word"] * 300) + " [1]."
    window = make_window(qtbot, long_reply, delay_s=0.05)  # about 15 s if not stopped
    with qtbot.waitSignal(window.worker.token, timeout=5000):
        ask(qtbot, window, "What is high blood pressure?")
    qtbot.waitUntil(lambda: window.answer_view.toPlainText() != "", timeout=5000)
    with qtbot.waitSignal(window.stopped, timeout=3000):
        qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)

    assert window.statusBar().currentMessage() == "Stopped."
    assert window.error_label.isHidden()
    assert window.ask_button.isEnabled() and not window.stop_button.isEnabled()
    assert 0 < len(window.answer_view.toPlainText()) < len(long_reply)
    assert window.sources_list.count() == 0

    # The next question is not stopped by the old Stop.
    window.question_box.clear()
    with qtbot.waitSignal(window.worker.token, timeout=5000):
        ask(qtbot, window, "And again?")
    with qtbot.waitSignal(window.stopped, timeout=3000):
        window.stop_button.click()


def test_unmatched_question_shows_no_information_note(qtbot):
    window = make_window(qtbot, score=0.1)
    with qtbot.waitSignal(window.answered, timeout=5000):
        ask(qtbot, window, "How do I fix my car?")

    assert window.answer_view.toPlainText() == NO_INFORMATION
    assert "no information" in window.answer_view.toPlainText()
    assert window.sources_list.count() == 0
    assert not window.flag_note.isHidden()
    assert "Nothing in the library matched" in window.flag_note.text()
    assert window.error_label.isHidden()  # an expected outcome, not an error
    assert window.ask_button.isEnabled()


def test_load_failure_is_shown_and_keeps_ask_disabled(qtbot):
    message = "The chat model file is missing. Run the set-up again."

    def broken_factory() -> Assistant:
        raise ModelNotFound(message)

    window = MainWindow(broken_factory)
    qtbot.addWidget(window)
    window.show()
    assert window.statusBar().currentMessage() == "Getting ready…"
    with qtbot.waitSignal(window.failed, timeout=5000):
        pass

    assert not window.error_label.isHidden()
    assert window.error_label.text() == message
    assert window.statusBar().currentMessage() == "CareQA could not start."
    assert not window.ask_button.isEnabled()
    assert not window.question_box.isEnabled()
    assert not window.stop_button.isEnabled()


class RecordingChatModel(FakeChatModel):
    """Remembers which thread closed it."""

    closed_on_main: bool | None = None

    def close(self) -> None:
        self.closed_on_main = threading.current_thread() is threading.main_thread()
        super().close()


def _window_with(qtbot, chat: FakeChatModel) -> MainWindow:
    retriever = FakeRetriever([passage(1, BP_TEXT, score=0.8)])
    window = MainWindow(lambda: Assistant(retriever, chat, AnswerOptions()))
    with qtbot.waitSignal(window.ready, timeout=5000):
        pass
    assert chat.loaded
    return window


def test_closing_frees_the_models_on_the_worker_thread(qtbot):
    chat = RecordingChatModel("Slow words " * 200, delay_s=0.05)
    window = _window_with(qtbot, chat)
    with qtbot.waitSignal(window.worker.token, timeout=5000):
        ask(qtbot, window, "What is high blood pressure?")
    window.close()  # mid-answer: it is cancelled, then the models are closed

    assert not chat.loaded
    assert chat.closed_on_main is False


def test_dropping_the_window_without_closing_still_stops_the_thread(qtbot):
    chat = RecordingChatModel("Reply [1].")
    window = _window_with(qtbot, chat)
    del window
    gc.collect()  # a running QThread destroyed with its window would abort the process

    assert not chat.loaded
    assert chat.closed_on_main is False


def test_checked_answer_replaces_the_draft_and_says_so_quietly(qtbot):
    window = make_window(qtbot, "It means your blood pushes too hard [1]. It is caused by "
                                "eating bananas [1].")
    with qtbot.waitSignal(window.answered, timeout=5000) as blocker:
        ask(qtbot, window, "What is high blood pressure?")
    answer = blocker.args[0]
    assert "bananas" in answer.draft and "bananas" not in answer.text
    assert window.answer_view.toPlainText() == "It means your blood pushes too hard [1]."
    assert not window.flag_note.isHidden()
    assert window.flag_note.text() == ("Checked against your library: sentences it does not "
                                       "back were removed.")


def test_an_answer_the_checks_leave_alone_has_no_checked_note(qtbot):
    window = make_window(qtbot)
    with qtbot.waitSignal(window.answered, timeout=5000):
        ask(qtbot, window, "What is high blood pressure?")
    assert window.flag_note.isHidden()
