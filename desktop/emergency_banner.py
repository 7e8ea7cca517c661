"""The emergency banner: the engine's fixed emergency message, shown so nobody can miss it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

# White on deep red: about 7:1 contrast, readable for low vision and colour-blind patients.
_STYLE = """
QFrame#emergencyBanner { background: #b00020; border: 3px solid #7a0016; border-radius: 6px; }
QFrame#emergencyBanner:focus { border: 3px solid #ffffff; }
QFrame#emergencyBanner QLabel { color: #ffffff; background: transparent; }
"""


class EmergencyBanner(QFrame):
    """Red banner with an EMERGENCY heading, the number to call and the message. Hidden until
    `show_message`; it stays until `clear` (the next question or a new conversation)."""

    def __init__(self, emergency_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergencyBanner")
        self.setStyleSheet(_STYLE)
        # Focusable, so showing it moves keyboard and screen-reader focus straight to it.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.emergency_number = emergency_number

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (icon, self.heading, self.message):
            # The banner speaks as one unit; the parts need no separate focus stops.
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        icon.setAccessibleName("Warning")
        self.heading.setAccessibleName("Emergency number")
        self.message.setAccessibleName("Emergency advice")

        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.message)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(16)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)

        self.setAccessibleName("Emergency message")
        self.hide()

    def show_message(self, text: str) -> None:
        """Show the fixed emergency message, take focus and tell assistive technology."""
        self.heading.setText(f"EMERGENCY — call {self.emergency_number} now")
        self.message.setText(text)
        self.setAccessibleDescription(f"Emergency. Call {self.emergency_number} now. {text}")
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        # An Alert event makes screen readers announce the banner even if focus is elsewhere.
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))

    def clear(self) -> None:
        self.heading.clear()
        self.message.clear()
        self.setAccessibleDescription("")
        self.hide()

    def text(self) -> str:
        """Everything the banner says, for tests and for copying."""
        return f"{self.heading.text()}\n{self.message.text()}"
