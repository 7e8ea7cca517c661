"""Accessibility of the main window: names and descriptions, keyboard order and shortcuts,
text that follows the text size, readable colours in both themes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

from desktop.theme import apply_theme, contrast_ratio
from engine.fakes import FakeTagger
from tests.desktop.test_answer_reading import ask, make_window

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _normal_theme():
    yield
    apply_theme(QApplication.instance(), text_scale=1.0, high_contrast=False)


def focus_chain(start: QWidget) -> list[QWidget]:
    chain, widget = [], start
    while True:
        widget = widget.nextInFocusChain()
        if widget is start:
            return chain
        chain.append(widget)


def keyboard_stops(window) -> list[QWidget]:
    return [w for w in focus_chain(window.question_box) + [window.question_box]
            if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]


def test_every_control_a_keyboard_reaches_is_named_and_described(qtbot):
    window, _ = make_window(qtbot, tagger=FakeTagger({"blood pressure": "DISEASE"}))
    ask(qtbot, window, "How can I lower my blood pressure?")
    stops = keyboard_stops(window)
    assert len(stops) >= 8
    for widget in stops:
        assert widget.accessibleName(), widget
        assert widget.accessibleDescription(), widget.accessibleName()


def test_tab_follows_the_reading_order(qtbot):
    window, _ = make_window(qtbot, tagger=FakeTagger({"blood pressure": "DISEASE",
                                                     "salt": "DRUG"}))
    ask(qtbot, window, "How can I lower my blood pressure?")
    order = [w for w in focus_chain(window.question_box) if w in keyboard_stops(window)]
    expected = [window.ask_button, window.new_button, window.answer_view, *window.chips.chips,
                window.sources_list, window.passage_view, window.staff.button]
    assert [w for w in order if w in expected] == expected
    assert window.question_box.tabChangesFocus()  # Tab leaves the box instead of typing


def test_keyboard_shortcuts(qtbot):
    window, _ = make_window(qtbot)
    assert window.question_label.buddy() is window.question_box
    assert "&q" in window.question_label.text().lower()
    assert window.file_menu.stop_action.shortcut().toString() == "Esc"
    assert window.file_menu.new_action.shortcut().toString() == "Ctrl+N"
    assert window.file_menu.print_action.shortcut().toString() == "Ctrl+P"
    ask(qtbot, window, "How can I lower my blood pressure?")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.question_box.setFocus()
    qtbot.keyClick(window.question_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.answer_view.toPlainText() == "" and window.history == []


def test_emergency_banner_text_follows_the_text_size(qtbot):
    window, _ = make_window(qtbot)
    app = QApplication.instance()
    heading = window.banner.heading.font().pointSizeF()
    apply_theme(app, text_scale=1.5, high_contrast=False)  # while the banner is hidden
    window.banner.show_message("Call now.")
    assert window.banner.heading.font().pointSizeF() == pytest.approx(heading * 1.5, rel=0.05)
    apply_theme(app, text_scale=2.0, high_contrast=False)  # while it is shown
    qtbot.waitUntil(lambda: window.banner.heading.font().pointSizeF() > heading * 1.6)
    assert window.banner.heading.font().pointSizeF() == pytest.approx(heading * 2, rel=0.05)
    assert window.banner.heading.font().pointSizeF() > 2 * app.font().pointSizeF()


@pytest.mark.parametrize("high_contrast", [False, True])
def test_fixed_colours_in_styles_are_readable_in_both_themes(qtbot, high_contrast):
    window, _ = make_window(qtbot)
    apply_theme(QApplication.instance(), text_scale=1.0, high_contrast=high_contrast)
    for widget in window.findChildren(QWidget):
        style = widget.styleSheet()
        colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", style)
        background = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", style)
        if colour and background:  # a style that sets one colour must set both
            assert contrast_ratio(QColor(colour[1]), QColor(background[1])) >= 4.5, style
        else:
            assert not colour and not background, f"{widget.accessibleName()}: {style}"


def test_escape_stops_an_answer(qtbot):
    from tests.desktop.test_main_window import make_window as slow_window

    window = slow_window(qtbot, " ".join(["word"] * 300) + " [1].", delay_s=0.05)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.worker.token, timeout=5000):
        window.question_box.setPlainText("What is high blood pressure?")
        window.ask_button.click()
    with qtbot.waitSignal(window.stopped, timeout=3000):
        qtbot.keyClick(window.question_box, Qt.Key.Key_Escape)
    assert window.statusBar().currentMessage() == "Stopped."
