"""The Settings dialog (persisted to settings.json), the theme, and the status-bar summary."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QFileDialog, QMessageBox, QWidget

from desktop import theme
from desktop.settings_dialog import OTHER_GGUF, SettingsDialog, needs_model_reload
from desktop.status_summary import status_summary
from engine import paths
from engine.settings import Settings
from engine.types import EngineStatus

pytestmark = pytest.mark.gui

DETECTED = "CPU only: this llama.cpp build has no GPU support"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    # Settings() reads and Settings.save() writes the user's settings file: keep tests off it.
    monkeypatch.setenv("CAREQA_HOME", str(tmp_path))


@pytest.fixture
def messages(monkeypatch) -> list[tuple[str, str, str]]:
    """Message boxes shown, as (kind, title, text), instead of blocking the test."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda _parent, title, text, *_a, _kind=kind, **_k: shown.append((_kind, title, text))
            or QMessageBox.StandardButton.Ok))
    return shown


def make_dialog(qtbot, settings: Settings | None = None) -> SettingsDialog:
    dialog = SettingsDialog(settings or Settings(), DETECTED)
    qtbot.addWidget(dialog)
    return dialog


def press_ok(qtbot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def saved_file() -> dict:
    return json.loads(paths.settings_file().read_text())


# --- showing and saving ------------------------------------------------------------------------

def test_shows_the_current_values(qtbot, tmp_path):
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF")
    dialog = make_dialog(qtbot, Settings(model=str(gguf), gpu_layers=12, n_threads=1,
                                         max_answer_tokens=640, top_k_passages=6, text_scale=1.5,
                                         high_contrast=True, emergency_number="112"))
    assert dialog.model_combo.currentText() == "File: mine.gguf"
    assert dialog.model_note.text() == str(gguf)
    assert dialog.gpu_combo.currentData() == "layers" and dialog.gpu_layers_spin.value() == 12
    assert dialog.gpu_layers_spin.isEnabled()
    assert dialog.detected_label.text() == f"Detected: {DETECTED}"
    assert dialog.threads_spin.value() == 1
    assert dialog.length_combo.currentText().startswith("Long")
    assert dialog.passages_spin.value() == 6
    assert dialog.text_size_spin.value() == 150 and dialog.text_size_spin.text() == "150%"
    assert dialog.contrast_check.isChecked()
    assert dialog.emergency_edit.text() == "112"


def test_defaults_show_automatic_choices(qtbot):
    dialog = make_dialog(qtbot)
    assert dialog.model_combo.currentData() == "qwen2.5-1.5b"
    assert dialog.gpu_combo.currentData() == "auto" and not dialog.gpu_layers_spin.isEnabled()
    assert dialog.threads_spin.value() == 0 and dialog.threads_spin.text().startswith("Automatic")
    assert dialog.threads_spin.maximum() == (os.cpu_count() or 1)
    assert dialog.length_combo.currentText().startswith("Normal")
    assert (dialog.passages_spin.minimum(), dialog.passages_spin.maximum()) == (1, 10)
    assert dialog.text_size_spin.value() == 100
    # The catalogue's models are listed, with "Other GGUF file…" last.
    keys = [dialog.model_combo.itemData(i) for i in range(dialog.model_combo.count())]
    assert keys == ["qwen2.5-1.5b", "qwen2.5-0.5b", "smollm2-135m", OTHER_GGUF]


def test_models_that_are_not_installed_are_marked(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CAREQA_MODELS_DIR", str(tmp_path / "no-models"))
    dialog = make_dialog(qtbot)
    assert dialog.model_combo.itemText(0).endswith("— not installed")
    assert dialog.model_note.text().startswith("Not installed: run `careqa models install")


def test_changing_every_control_and_ok_saves_them(qtbot, messages):
    dialog = make_dialog(qtbot)
    with qtbot.waitSignal(dialog.saved) as blocker:
        dialog.model_combo.setCurrentIndex(dialog.model_combo.findData("qwen2.5-0.5b"))
        dialog.gpu_combo.setCurrentIndex(dialog.gpu_combo.findData("layers"))
        dialog.gpu_layers_spin.setValue(24)
        dialog.threads_spin.setValue(1)
        dialog.length_combo.setCurrentIndex(0)
        dialog.passages_spin.setValue(7)
        dialog.text_size_spin.setValue(130)
        dialog.contrast_check.setChecked(True)
        dialog.emergency_edit.setText("112")
        press_ok(qtbot, dialog)
    assert messages == []
    assert saved_file() == {"model": "qwen2.5-0.5b", "gpu_layers": 24, "n_threads": 1,
                            "max_answer_tokens": 192, "top_k_passages": 7, "text_scale": 1.3,
                            "high_contrast": True, "emergency_number": "112"}
    fresh = Settings()
    assert (fresh.model, fresh.gpu_layers, fresh.n_threads) == ("qwen2.5-0.5b", 24, 1)
    assert (fresh.max_answer_tokens, fresh.top_k_passages) == (192, 7)
    assert (fresh.text_scale, fresh.high_contrast, fresh.emergency_number) == (1.3, True, "112")
    assert blocker.args[0] == fresh
    assert dialog.result() == SettingsDialog.DialogCode.Accepted


def test_gpu_off_and_automatic_threads_round_trip(qtbot):
    Settings(n_threads=1, gpu_layers=8).save()
    dialog = make_dialog(qtbot, Settings())
    dialog.gpu_combo.setCurrentIndex(dialog.gpu_combo.findData("cpu"))
    assert not dialog.gpu_layers_spin.isEnabled()
    dialog.threads_spin.setValue(0)
    press_ok(qtbot, dialog)
    assert Settings().gpu_layers == "cpu" and Settings().n_threads is None
    assert saved_file() == {"gpu_layers": "cpu"}


def test_settings_the_dialog_does_not_show_are_kept(qtbot):
    Settings(temperature=0.7, idle_reset_minutes=10).save()
    dialog = make_dialog(qtbot, Settings())
    dialog.passages_spin.setValue(3)
    press_ok(qtbot, dialog)
    fresh = Settings()
    assert (fresh.temperature, fresh.idle_reset_minutes, fresh.top_k_passages) == (0.7, 10, 3)


def test_a_custom_answer_length_is_kept(qtbot):
    dialog = make_dialog(qtbot, Settings(max_answer_tokens=500))
    assert dialog.length_combo.currentText() == "Custom (up to 500 tokens)"
    press_ok(qtbot, dialog)
    assert Settings().max_answer_tokens == 500


def test_cancel_writes_nothing(qtbot):
    dialog = make_dialog(qtbot)
    dialog.emergency_edit.setText("999")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not paths.settings_file().exists()
    assert dialog.result() == SettingsDialog.DialogCode.Rejected


# --- choosing a GGUF file ----------------------------------------------------------------------

def test_other_gguf_file_browses_and_saves_the_path(qtbot, tmp_path, monkeypatch):
    gguf = tmp_path / "models" / "llama.gguf"
    gguf.parent.mkdir()
    gguf.write_bytes(b"GGUF")
    asked: list[str] = []

    def choose(_parent, _caption, _start, file_filter):
        asked.append(file_filter)
        return str(gguf), file_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    dialog = make_dialog(qtbot)
    dialog.show()
    dialog.model_combo.setFocus()
    qtbot.keyClick(dialog.model_combo, Qt.Key.Key_End)  # keyboard: the last entry, "Other…"
    assert asked == ["GGUF model files (*.gguf)"]
    assert dialog.model_combo.currentText() == "File: llama.gguf"
    assert dialog.model_note.text() == str(gguf)
    press_ok(qtbot, dialog)
    assert Settings().model == str(gguf)
    # Opened again, the chosen file is an entry of its own.
    again = make_dialog(qtbot, Settings())
    assert again.model_combo.currentData() == str(gguf)
    assert again.model_combo.itemData(again.model_combo.count() - 1) == OTHER_GGUF


def test_cancelling_the_file_dialog_keeps_the_model(qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_args: ("", "")))
    dialog = make_dialog(qtbot, Settings(model="smollm2-135m"))
    other = dialog.model_combo.findData(OTHER_GGUF)
    dialog.model_combo.setCurrentIndex(other)
    dialog.model_combo.activated.emit(other)
    assert dialog.model_combo.currentData() == "smollm2-135m"
    assert dialog.values()["model"] == "smollm2-135m"


def test_a_missing_model_file_is_named(qtbot, tmp_path):
    dialog = make_dialog(qtbot, Settings(model=str(tmp_path / "gone.gguf")))
    assert dialog.model_note.text() == f"File not found: {tmp_path / 'gone.gguf'}"


# --- problems ----------------------------------------------------------------------------------

def test_an_empty_emergency_number_is_refused_with_a_message(qtbot, messages):
    dialog = make_dialog(qtbot)
    dialog.show()
    dialog.emergency_edit.setText("   ")
    with qtbot.assertNotEmitted(dialog.saved):
        press_ok(qtbot, dialog)
    assert len(messages) == 1
    kind, title, text = messages[0]
    assert kind == "warning" and title == "Settings not saved"
    assert "Emergency number: cannot be empty." in text
    assert not paths.settings_file().exists()
    assert dialog.isVisible() and dialog.emergency_edit.text() == "   "


def test_out_of_range_values_open_and_a_bad_hidden_value_is_named(qtbot, messages):
    # Values a hand-edited file or the window's fallback (model_construct) may hold.
    odd = Settings.model_construct(**{**Settings().model_dump(), "text_scale": 3.0,
                                      "top_k_passages": 15, "temperature": 5.0})
    dialog = make_dialog(qtbot, odd)
    assert dialog.text_size_spin.value() == 200  # clamped to what Settings allows
    assert dialog.passages_spin.value() == 15  # the range widens rather than change it
    with qtbot.assertNotEmitted(dialog.saved):
        press_ok(qtbot, dialog)
    assert len(messages) == 1 and "temperature: Input should be less than or equal to 2" in (
        messages[0][2])
    assert not paths.settings_file().exists()


def test_a_save_failure_is_reported_and_the_edits_kept(qtbot, messages, monkeypatch):
    def fail(_self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Settings, "save", fail)
    dialog = make_dialog(qtbot)
    dialog.show()
    dialog.emergency_edit.setText("112")
    with qtbot.assertNotEmitted(dialog.saved):
        press_ok(qtbot, dialog)
    assert [(kind, title) for kind, title, _ in messages] == [("critical", "Settings not saved")]
    assert "Permission denied" in messages[0][2] and "still in this window" in messages[0][2]
    assert dialog.isVisible() and dialog.emergency_edit.text() == "112"


def test_a_read_only_settings_folder_is_reported(qtbot, messages):
    if os.geteuid() == 0:
        pytest.skip("root can write to a read-only folder")
    folder = paths.settings_file().parent
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        dialog = make_dialog(qtbot)
        dialog.emergency_edit.setText("112")
        press_ok(qtbot, dialog)
    finally:
        folder.chmod(0o700)
    assert messages and messages[0][0] == "critical"
    assert not paths.settings_file().exists()


# --- reload decision ---------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "reload"), [
    ({"model": "qwen2.5-0.5b"}, True),
    ({"gpu_layers": "cpu"}, True),
    ({"gpu_layers": 12}, True),
    ({"n_threads": 2}, True),
    ({"top_k_passages": 8}, False),
    ({"max_answer_tokens": 640}, False),
    ({"text_scale": 1.5, "high_contrast": True}, False),
    ({"emergency_number": "112"}, False),
    ({}, False),
])
def test_needs_model_reload(change, reload):
    old = Settings()
    assert needs_model_reload(old, old.model_copy(update=change)) is reload


# --- accessibility -----------------------------------------------------------------------------

def focusable_controls(dialog: QWidget) -> list[QWidget]:
    """Widgets Tab can reach, leaving out a spin box's inner line edit (the box speaks for it)."""
    return [w for w in dialog.findChildren(QWidget)
            if w.isVisibleTo(dialog) and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not isinstance(w.parent(), QAbstractSpinBox)]


def test_every_control_has_an_accessible_name_and_description(qtbot):
    dialog = make_dialog(qtbot)
    dialog.show()
    controls = focusable_controls(dialog)
    assert set(controls) == set(dialog.focus_chain())
    for widget in controls:
        assert widget.accessibleName().strip(), widget
        assert widget.accessibleDescription().strip(), widget.accessibleName()
    assert DETECTED in dialog.gpu_combo.accessibleDescription()


def test_labels_are_buddies_of_their_controls(qtbot):
    dialog = make_dialog(qtbot)
    buddies = {label.text(): label.buddy() for label in dialog.labels.values()}
    assert buddies == {
        "&Model:": dialog.model_combo, "&GPU offload:": dialog.gpu_combo,
        "CPU &threads:": dialog.threads_spin, "&Answer length:": dialog.length_combo,
        "&Passages per answer:": dialog.passages_spin, "Text &size:": dialog.text_size_spin,
        "&Emergency number:": dialog.emergency_edit,
    }
    mnemonics = [text[text.index("&") + 1].lower() for text in buddies]
    mnemonics.append("h")  # "Use the &high-contrast theme"
    assert len(set(mnemonics)) == len(mnemonics)


def focused(dialog: QWidget) -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget.parent() if isinstance(widget.parent(), QAbstractSpinBox) else widget


def test_tab_walks_every_control_in_order(qtbot):
    dialog = make_dialog(qtbot, Settings(gpu_layers=10))  # the layers box is enabled
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.model_combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.model_combo)
    visited = [focused(dialog)]
    for _ in range(len(dialog.focus_chain()) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(focused(dialog))
    assert visited == dialog.focus_chain()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.model_combo  # and round again


def test_tab_skips_the_layers_box_when_it_is_disabled(qtbot):
    dialog = make_dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.gpu_combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.gpu_combo)
    qtbot.keyClick(dialog.gpu_combo, Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.threads_spin


def test_keyboard_alone_changes_and_saves(qtbot):
    dialog = make_dialog(qtbot)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.emergency_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.emergency_edit)
    dialog.emergency_edit.selectAll()
    qtbot.keyClicks(dialog.emergency_edit, "000")
    qtbot.keyClick(dialog.emergency_edit, Qt.Key.Key_Return)  # Enter presses OK (the default)
    assert Settings().emergency_number == "000"


# --- theme -------------------------------------------------------------------------------------

@pytest.fixture
def app(qapp):
    """The application, with its font, palette and style sheet restored after the test."""
    font, palette, style = QFont(qapp.font()), QPalette(qapp.palette()), qapp.styleSheet()
    for name in (theme._BASE_FONT, theme._BASE_PALETTE, theme._BASE_STYLE):
        qapp.setProperty(name, None)
    yield qapp
    for name in (theme._BASE_FONT, theme._BASE_PALETTE, theme._BASE_STYLE):
        qapp.setProperty(name, None)
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setStyleSheet(style)


def test_text_scale_scales_the_system_font_without_compounding(app):
    base = app.font().pointSizeF()
    assert base > 0
    theme.apply_theme(app, text_scale=1.5, high_contrast=False)
    assert app.font().pointSizeF() == pytest.approx(base * 1.5)
    theme.apply_theme(app, text_scale=1.5, high_contrast=False)
    assert app.font().pointSizeF() == pytest.approx(base * 1.5)
    theme.apply_theme(app, text_scale=0.8, high_contrast=True)
    assert app.font().pointSizeF() == pytest.approx(base * 0.8)
    theme.apply_theme(app, text_scale=1.0, high_contrast=False)
    assert app.font().pointSizeF() == pytest.approx(base)


def test_pixel_sized_fonts_scale_too():
    font = QFont()
    font.setPixelSize(12)
    assert theme.scaled_font(font, 2.0).pixelSize() == 24


def test_contrast_ratio_matches_wcag():
    assert theme.contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("white"), QColor("black")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


def test_normal_theme_text_is_at_least_4_5_to_1(app):
    theme.apply_theme(app, text_scale=1.0, high_contrast=False)
    for pair, fg, bg in theme.text_pairs(app.palette()):
        assert theme.contrast_ratio(fg, bg) >= 4.5, (pair, fg.name(), bg.name())
    assert "focus" not in app.styleSheet()


def test_a_low_contrast_system_palette_is_corrected():
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#308cc6"))  # white on it: 3.7:1
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#999999"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    fixed = theme.readable_palette(palette)
    for pair, fg, bg in theme.text_pairs(fixed):
        assert theme.contrast_ratio(fg, bg) >= 4.5, (pair, fg.name(), bg.name())
    assert fixed.color(QPalette.ColorRole.HighlightedText) == QColor("#ffffff")  # text kept


@pytest.mark.parametrize("dark", [False, True])
def test_high_contrast_theme_is_at_least_7_to_1_with_a_focus_outline(app, dark):
    if dark:  # as if the system theme were dark: white on black
        base = QPalette(app.palette())
        base.setColor(QPalette.ColorRole.Window, QColor("#202020"))
        base.setColor(QPalette.ColorRole.WindowText, QColor("#ffffff"))
        app.setPalette(base)
    theme.apply_theme(app, text_scale=1.0, high_contrast=True)
    palette = app.palette()
    window = palette.color(QPalette.ColorRole.Window)
    assert window == QColor("#000000" if dark else "#ffffff")
    for pair, fg, bg in theme.text_pairs(palette):
        assert theme.contrast_ratio(fg, bg) >= 7.0, (pair, fg.name(), bg.name())
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    assert theme.contrast_ratio(disabled, window) >= 4.5
    assert ":focus" in app.styleSheet() and "border: 3px solid" in app.styleSheet()
    theme.apply_theme(app, text_scale=1.0, high_contrast=False)
    assert ":focus" not in app.styleSheet()
    assert app.palette().color(QPalette.ColorRole.Window) != QColor("#000000" if dark else "#ffffff")


# --- status bar --------------------------------------------------------------------------------

def test_status_summary():
    assert status_summary(EngineStatus("qwen2.5-1.5b", "GPU (all layers, NVIDIA H100)", "", 77,
                                       1234)) == ("Model qwen2.5-1.5b · GPU (all layers, NVIDIA "
                                                  "H100) · Library: 77 documents, 1,234 passages")


def test_status_summary_counts_one_and_none():
    assert status_summary(EngineStatus("mine.gguf", "CPU", "", 1, 1)) == (
        "Model mine.gguf · CPU · Library: 1 document, 1 passage")
    assert status_summary(EngineStatus("fake-llm", "CPU", "", 0, 0)).endswith(
        "Library: 0 documents, 0 passages")
