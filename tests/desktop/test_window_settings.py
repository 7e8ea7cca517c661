"""Settings in the window: the status-bar summary, the staff-only Settings dialog applied at
once (emergency number, model reload), and the View menu's text size and contrast."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from desktop.theme import apply_theme
from engine import Settings, set_pin
from engine.fakes import FakeChatModel, FakeRetriever, passage
from engine.service import AnswerOptions, Assistant

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot):
    built: list[Assistant] = []

    def factory() -> Assistant:
        settings = Settings()  # as the real factory does: the saved settings, read again
        retriever = FakeRetriever([passage(1, "Salt raises blood pressure.", score=0.8)])
        assistant = Assistant(retriever, FakeChatModel("Less salt helps [1].",
                                                        name=settings.model), AnswerOptions())
        built.append(assistant)
        return assistant

    window = MainWindow(factory)
    window.built = built
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=5000):
        pass
    yield window
    apply_theme(QApplication.instance(), text_scale=1.0, high_contrast=False)  # as found


def unlock_staff(window: MainWindow, monkeypatch) -> None:
    set_pin("2468")
    monkeypatch.setattr("desktop.staff_mode.ask_pin", lambda _parent: "2468")
    assert window.staff.unlock()


def test_status_bar_shows_model_device_and_library_size(window):
    assert window.engine_label.text() == ("Model qwen2.5-1.5b · CPU · Library: 1 document, "
                                          "1 passage")
    assert window.engine_label.accessibleName() == "Engine"


def test_settings_are_for_staff_only(window, monkeypatch):
    assert not window.settings_actions.action.isVisible()
    window.settings_actions.open_dialog()
    assert window.settings_actions.dialog is None  # patients cannot change the model or number
    unlock_staff(window, monkeypatch)
    assert window.settings_actions.action.isVisible() and window.settings_actions.action.isEnabled()


def test_saved_settings_apply_at_once_and_a_new_model_is_loaded(qtbot, window, monkeypatch):
    unlock_staff(window, monkeypatch)
    window.settings_actions.open_dialog()
    dialog = window.settings_actions.dialog
    assert dialog.isVisible()
    dialog.emergency_edit.setText("112")
    dialog.model_combo.setCurrentIndex(dialog.model_combo.findData("qwen2.5-0.5b"))
    with qtbot.waitSignal(window.ready, timeout=5000) as ready:
        dialog.ok_button.click()
    assert ready.args == ["qwen2.5-0.5b"]
    assert len(window.built) == 2  # loaded again with the new model
    assert "In an emergency call 112." in window.note.text()
    with qtbot.waitSignal(window.answered, timeout=5000) as answered:
        qtbot.keyClicks(window.question_box, "I have crushing chest pain right now")
        qtbot.keyClick(window.question_box, Qt.Key.Key_Return)
    assert answered.args[0].emergency and "112" in answered.args[0].text
    assert window.banner.heading.text() == "EMERGENCY — call 112 now"


def test_dialog_ok_saves_and_applies(qtbot, window, monkeypatch):
    unlock_staff(window, monkeypatch)
    window.settings_actions.open_dialog()
    dialog = window.settings_actions.dialog
    dialog.emergency_edit.setText("000")
    dialog.length_combo.setCurrentIndex(0)  # Short
    dialog.ok_button.click()
    assert Settings().emergency_number == "000" and Settings().max_answer_tokens == 192
    assert window.settings.emergency_number == "000"
    assert "In an emergency call 000." in window.note.text()
    assert len(window.built) == 1  # nothing that needs a reload changed
    assert window.ask_button.isEnabled()


def test_view_menu_scales_text_and_switches_contrast(qtbot, window):
    app = QApplication.instance()
    before = app.font().pointSizeF()
    window.settings_actions.view_menu.larger.trigger()
    window.settings_actions.view_menu.larger.trigger()
    assert app.font().pointSizeF() == pytest.approx(before * 1.2, abs=0.06)
    assert Settings().text_scale == pytest.approx(1.2)
    window.settings_actions.view_menu.normal.trigger()
    assert app.font().pointSizeF() == pytest.approx(before)

    window.settings_actions.view_menu.contrast.trigger()
    assert Settings().high_contrast and window.settings_actions.view_menu.contrast.isChecked()
    text, base = app.palette().text().color(), app.palette().base().color()
    assert {text.name(), base.name()} == {"#000000", "#ffffff"}
    window.settings_actions.view_menu.contrast.trigger()
    assert not Settings().high_contrast


def test_locking_staff_mode_closes_the_settings_unsaved(window, monkeypatch):
    unlock_staff(window, monkeypatch)
    window.settings_actions.open_dialog()
    dialog = window.settings_actions.dialog
    dialog.emergency_edit.setText("999")
    window.staff.lock("idle")
    assert not dialog.isVisible() and window.settings_actions.dialog is None
    assert Settings().emergency_number == "911"
    assert not window.settings_actions.action.isVisible()
