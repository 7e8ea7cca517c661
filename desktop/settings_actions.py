"""File → Settings… (staff only: it holds the model and the emergency number) and the View menu
(everyone: text size, contrast). Both end in `changed(Settings)`, already saved; the window
applies the new settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction

from desktop.view_menu import ViewMenu

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from desktop.main_window import MainWindow
    from desktop.settings_dialog import SettingsDialog
    from desktop.staff_mode import StaffModeControl
    from engine import Settings

NOT_DETECTED = "Not known yet: the models are still loading"


class SettingsActions(QObject):
    changed = Signal(object)  # the new Settings, saved (or not savable: `failed` said so)
    failed = Signal(str)

    def __init__(self, window: MainWindow, staff: StaffModeControl, file_menu: QMenu) -> None:
        super().__init__(window)
        self._window, self._staff = window, staff
        self.detected = ""  # what GPU offload found, once the models are loaded
        self.dialog: SettingsDialog | None = None
        self.action = QAction("Se&ttings…", self)
        self.action.setStatusTip("Model, GPU, answers, text size, emergency number (staff only)")
        self.action.triggered.connect(self.open_dialog)
        file_menu.addSeparator()
        file_menu.addAction(self.action)
        self.view_menu = ViewMenu(window)
        self.view_menu.changed.connect(self._save)
        staff.changed.connect(self._on_staff_changed)
        self._on_staff_changed(staff.session.staff)

    @Slot(bool)
    def _on_staff_changed(self, staff: bool) -> None:
        self.action.setVisible(staff)
        self.action.setEnabled(staff)
        if not staff and self.dialog is not None:
            self.dialog.reject()  # locking (by hand or idle) closes it unsaved

    @Slot()
    def open_dialog(self) -> None:
        from desktop.settings_dialog import SettingsDialog

        if not self._staff.session.staff or self.dialog is not None:
            return
        self.dialog = SettingsDialog(self._window.settings, self.detected or NOT_DETECTED,
                                     self._window)
        self.dialog.saved.connect(self.changed)
        self.dialog.finished.connect(self._on_closed)
        self.dialog.open()

    @Slot()
    def _on_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    @Slot(object)
    def _save(self, new: Settings) -> None:
        """A View menu choice: saved like any other setting, applied even if saving failed."""
        try:
            new.save()
        except OSError as error:
            self.failed.emit(f"The setting could not be saved ({error.strerror}); it applies "
                             "until CareQA is closed.")
        self.changed.emit(new)
