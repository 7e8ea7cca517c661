"""Staff mode in the window (PIN set-up, unlock, lock, audit) and the idle privacy reset."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from desktop.idle import CHECK_INTERVAL_MS
from desktop.main_window import IDLE_MESSAGE, MainWindow
from desktop.staff_mode import PinSetupDialog
from engine import Mode, has_pin, set_pin
from engine.fakes import FakeChatModel, FakeRetriever, passage
from engine.modes import read_audit
from engine.service import AnswerOptions, Assistant

pytestmark = pytest.mark.gui


def make_window(qtbot) -> MainWindow:
    retriever = FakeRetriever([passage(1, "High blood pressure is too much force.", score=0.8)])
    chat = FakeChatModel("It means your blood pushes too hard [1].")
    window = MainWindow(lambda: Assistant(retriever, chat, AnswerOptions()))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=5000):
        pass
    return window


def answer_pin_prompt(monkeypatch, pin: str, ok: bool = True) -> list[tuple]:
    calls: list[tuple] = []

    def fake_get_text(*args, **kwargs):
        calls.append(args)
        return pin, ok

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake_get_text))
    return calls


def fill_setup_dialog(first: str, second: str) -> None:
    """Type into the modal PIN set-up dialog once it is open, then press OK."""
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PinSetupDialog)
        dialog.first.setText(first)
        dialog.second.setText(second)
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()

    QTimer.singleShot(0, fill)


def test_starts_in_patient_mode(qtbot):
    window = make_window(qtbot)
    assert window.session.mode is Mode.PATIENT
    assert window.staff.label.text() == "Patient mode"
    assert window.staff.button.text() == "Staff…"
    assert window.staff.button.accessibleName() == "Staff mode"
    assert window.session.idle_reset_s == 3 * 60  # Settings().idle_reset_minutes


def test_setup_dialog_accepts_only_matching_digit_pins(qtbot):
    dialog = PinSetupDialog()
    qtbot.addWidget(dialog)
    assert dialog.first.echoMode() == dialog.first.EchoMode.Password
    qtbot.keyClicks(dialog.first, "12ab3")  # letters are refused as typed
    assert dialog.first.text() == "123"
    assert not dialog.ok_button.isEnabled() and "at least 4 digits" in dialog.hint.text()
    dialog.first.setText("2468")
    dialog.second.setText("2469")
    assert not dialog.ok_button.isEnabled() and "do not match" in dialog.hint.text()
    dialog.second.setText("2468")
    assert dialog.ok_button.isEnabled() and dialog.pin() == "2468"


def test_first_pin_is_set_then_unlock_needs_the_right_pin(qtbot, monkeypatch):
    window = make_window(qtbot)
    assert not has_pin()

    fill_setup_dialog("2468", "2468")
    with qtbot.waitSignal(window.staff.changed, timeout=3000) as blocker:
        qtbot.mouseClick(window.staff.button, Qt.MouseButton.LeftButton)
    assert blocker.args == [True]
    assert has_pin()
    assert window.session.staff
    assert window.staff.label.text() == "Staff mode"
    assert window.staff.button.text() == "Lock (patient mode)"

    window.staff.button.click()  # lock
    assert window.session.mode is Mode.PATIENT
    assert window.staff.button.text() == "Staff…"

    calls = answer_pin_prompt(monkeypatch, "1111")
    window.staff.button.click()
    assert len(calls) == 1  # a PIN exists now: asked for it, not for a new one
    assert not window.session.staff
    assert window.staff.label.text() == "Patient mode"
    assert window.statusBar().currentMessage() == "Wrong PIN — still in patient mode."

    answer_pin_prompt(monkeypatch, "2468")
    window.staff.button.click()
    assert window.session.staff
    assert window.statusBar().currentMessage() == "Staff mode unlocked."

    answer_pin_prompt(monkeypatch, "", ok=False)  # Cancel changes nothing
    window.staff.button.click()  # lock
    window.staff.button.click()  # cancelled prompt
    assert not window.session.staff

    actions = [entry["action"] for entry in read_audit()]
    assert actions == ["staff_pin.set", "mode.unlock", "mode.patient", "mode.unlock_failed",
                       "mode.unlock", "mode.patient"]


def test_cancelling_the_first_pin_setup_sets_nothing(qtbot):
    window = make_window(qtbot)

    def cancel() -> None:
        QApplication.activeModalWidget().reject()

    QTimer.singleShot(0, cancel)
    window.staff.button.click()
    assert not has_pin() and not window.session.staff
    assert read_audit() == []


def test_activity_keeps_the_session_alive(qtbot):
    window = make_window(qtbot)
    assert window.idle_guard.timer.isActive()
    assert window.idle_guard.timer.interval() == CHECK_INTERVAL_MS == 5000
    window.session._last_activity -= 3600  # an hour without input
    assert window.session.is_idle()
    qtbot.keyClick(window.question_box, Qt.Key.Key_A)
    assert not window.session.is_idle()


def test_idle_clears_the_conversation_and_locks_staff_mode(qtbot, monkeypatch):
    set_pin("2468")
    window = make_window(qtbot)
    answer_pin_prompt(monkeypatch, "2468")
    window.staff.button.click()
    assert window.session.staff
    with qtbot.waitSignal(window.answered, timeout=5000):
        qtbot.keyClicks(window.question_box, "can I stop taking my lisinopril?")
        qtbot.keyClick(window.question_box, Qt.Key.Key_Return)
    qtbot.keyClicks(window.question_box, "next question")
    assert window.answer_view.toPlainText() != ""

    window.session.idle_reset_s = 0.01
    qtbot.wait(20)
    window.idle_guard.timer.timeout.emit()  # as if the 5-second check fired

    assert window.session.mode is Mode.PATIENT
    assert window.staff.label.text() == "Patient mode"
    assert window.question_box.toPlainText() == ""
    assert window.answer_view.toPlainText() == ""
    assert window.sources_list.count() == 0
    assert window.scope_note.isHidden() and window.reading_label.isHidden()
    assert window.statusBar().currentMessage() == IDLE_MESSAGE
    assert read_audit()[-1]["action"] == "mode.patient"
    assert read_audit()[-1]["reason"] == "idle"


def test_idle_with_nothing_on_screen_does_nothing(qtbot):
    window = make_window(qtbot)
    window.session.idle_reset_s = 0
    window.idle_guard.check()
    assert window.statusBar().currentMessage() == "Ready — model fake-llm"
    assert read_audit() == []
