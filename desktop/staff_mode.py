"""Patient / staff mode in the window: the mode indicator, the Staff… button and PIN dialogs.

Later panels (settings, import) guard their actions with `session.staff` and listen to
`StaffModeControl.changed` to enable or hide staff-only controls.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRegularExpression, Qt, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from engine import MIN_PIN_LENGTH, CareQAError, ClinicSession, has_pin, set_pin

log = logging.getLogger(__name__)

_STAFF_STYLE = "background: #ffd54f; color: #3e2700; font-weight: bold; padding: 0 6px;"


def _pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), field))
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    field.setAccessibleName(name)
    field.setAccessibleDescription(f"At least {MIN_PIN_LENGTH} digits")
    return field


class PinSetupDialog(QDialog):
    """Choose the staff PIN: typed twice, digits only; OK only when both match."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set the staff PIN")
        self.setAccessibleName("Set the staff PIN")
        self.first, self.second = _pin_field("New staff PIN"), _pin_field("New staff PIN again")
        self.hint = QLabel()
        self.hint.setAccessibleName("PIN hint")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName("Save PIN")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        form = QFormLayout(self)
        form.addRow(QLabel("No staff PIN is set yet. Choose one that only staff know."))
        form.addRow("New PIN:", self.first)
        form.addRow("Type it again:", self.second)
        form.addRow(self.hint)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.first.textChanged.connect(self._validate)
        self.second.textChanged.connect(self._validate)
        self._validate()

    @Slot()
    def _validate(self) -> None:
        a, b = self.first.text(), self.second.text()
        if len(a) < MIN_PIN_LENGTH:
            hint = f"Use at least {MIN_PIN_LENGTH} digits."
        elif a != b:
            hint = "The two PINs do not match yet."
        else:
            hint = ""
        self.hint.setText(hint)
        self.ok_button.setEnabled(not hint)

    def pin(self) -> str:
        return self.first.text()


def ask_new_pin(parent: QWidget | None) -> str | None:
    """The PIN staff chose, or None when they cancelled."""
    dialog = PinSetupDialog(parent)
    try:
        return dialog.pin() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_pin(parent: QWidget | None) -> str | None:
    pin, ok = QInputDialog.getText(parent, "Staff mode", "Staff PIN:",
                                   QLineEdit.EchoMode.Password)
    return pin if ok else None


class StaffModeControl(QObject):
    """Owns the status-bar mode label and the Staff… / Lock button for one ClinicSession."""

    changed = Signal(bool)  # True in staff mode
    message = Signal(str)  # a short note for the status bar

    def __init__(self, session: ClinicSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self._parent = parent
        self.label = QLabel()
        self.label.setAccessibleName("Mode")
        self.label.setAccessibleDescription("Patient mode or staff mode")
        self.button = QPushButton()
        self.button.setAccessibleName("Staff mode")
        self.button.clicked.connect(self.toggle)
        self.refresh()

    def refresh(self) -> None:
        """Show the session's mode (call after anything else changed it)."""
        staff = self.session.staff
        self.label.setText("Staff mode" if staff else "Patient mode")
        self.label.setStyleSheet(_STAFF_STYLE if staff else "padding: 0 6px;")
        self.button.setText("Lock (patient mode)" if staff else "Staff…")
        self.button.setAccessibleDescription(
            "Leave staff mode and go back to patient mode" if staff
            else "Enter the staff PIN to unlock staff mode")

    @Slot()
    def toggle(self) -> None:
        if self.session.staff:
            self.lock("staff")
        else:
            self.unlock()

    def lock(self, reason: str) -> None:
        was_staff = self.session.staff
        self.session.lock(reason)
        self.refresh()
        if was_staff:
            log.info("back to patient mode (%s)", reason)
            self.changed.emit(False)

    def unlock(self) -> bool:
        """Ask for the PIN (or, the first time, for a new one) and enter staff mode."""
        # The scrypt checks below take about 50 ms: short enough for the UI thread.
        if has_pin():
            pin = ask_pin(self._parent)
        else:
            pin = ask_new_pin(self._parent)
            if pin is not None and not self._save_pin(pin):
                return False
        if pin is None:
            return False
        if not self.session.unlock(pin):  # audited by the engine, success or not
            self.message.emit("Wrong PIN — still in patient mode.")
            return False
        self.refresh()
        log.info("staff mode unlocked")
        self.message.emit("Staff mode unlocked.")
        self.changed.emit(True)
        return True

    def _save_pin(self, pin: str) -> bool:
        try:
            set_pin(pin)
        except CareQAError as exc:  # ConfigError: not enough digits
            self.message.emit(str(exc))
            return False
        return True
