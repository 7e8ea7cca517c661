"""The View menu, for everyone (patients too): larger or smaller text and high contrast.
Each choice is a setting, saved like the rest; the window applies it at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence

from engine import TEXT_SCALE_RANGE

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from engine import Settings

TEXT_STEP = 0.1
MIN_SCALE, MAX_SCALE = TEXT_SCALE_RANGE


class ViewMenu(QObject):
    changed = Signal(object)  # the new Settings

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        menu = window.menuBar().addMenu("&View")
        self.larger = QAction("&Larger text", self)
        self.larger.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        self.smaller = QAction("&Smaller text", self)
        self.smaller.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.normal = QAction("&Normal text size", self)
        self.normal.setShortcut(QKeySequence("Ctrl+0"))
        self.contrast = QAction("&High contrast", self)
        self.contrast.setCheckable(True)
        for action, tip in [
            (self.larger, "Make all text larger"), (self.smaller, "Make all text smaller"),
            (self.normal, "Use the system's text size"),
            (self.contrast, "Black and white colours with strong outlines"),
        ]:
            action.setStatusTip(tip)
            menu.addAction(action)
        # Bound methods, not lambdas: a lambda held by Qt would keep the window alive.
        self.larger.triggered.connect(self._larger)
        self.smaller.triggered.connect(self._smaller)
        self.normal.triggered.connect(self._normal)
        self.contrast.toggled.connect(self._on_contrast)
        self.show_settings(window.settings)

    def show_settings(self, settings: Settings) -> None:
        self.contrast.blockSignals(True)  # showing the state is not a change
        self.contrast.setChecked(settings.high_contrast)
        self.contrast.blockSignals(False)
        self.larger.setEnabled(settings.text_scale < MAX_SCALE - 1e-6)
        self.smaller.setEnabled(settings.text_scale > MIN_SCALE + 1e-6)

    @Slot()
    def _larger(self) -> None:
        self._scale_by(TEXT_STEP)

    @Slot()
    def _smaller(self) -> None:
        self._scale_by(-TEXT_STEP)

    @Slot()
    def _normal(self) -> None:
        self._change(text_scale=1.0)

    def _scale_by(self, step: float) -> None:
        scale = round(self._window.settings.text_scale + step, 2)
        self._change(text_scale=min(MAX_SCALE, max(MIN_SCALE, scale)))

    @Slot(bool)
    def _on_contrast(self, on: bool) -> None:
        self._change(high_contrast=on)

    def _change(self, **values: object) -> None:
        current = self._window.settings
        new = current.model_copy(update=values)
        if new != current:
            self.changed.emit(new)
