"""The emergency banner: the engine's fixed emergency message, shown so nobody can miss it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAccessible, QAccessibleEvent, QFont
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from engine import emergency_screen

# Heading and message sizes, as multiples of the application font (which follows the text-size
# setting): about 22 pt and 14 pt at the usual 10 pt.
HEADING_SCALE, MESSAGE_SCALE = 2.2, 1.4

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
        self.heading.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._scale_fonts()
        # The style sheet pins the banner's font, so Qt does not pass it font changes: follow
        # the application's font (the text-size setting) directly.
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            raise RuntimeError("EmergencyBanner needs a QApplication")
        app.fontChanged.connect(self._on_app_font)
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

    def _scale_fonts(self) -> None:
        """Large and bold, relative to the application font so it follows the text size."""
        for label, factor in ((self.heading, HEADING_SCALE), (self.message, MESSAGE_SCALE)):
            font = QFont(QApplication.font())
            font.setPointSizeF(font.pointSizeF() * factor)
            font.setBold(True)
            label.setFont(font)

    @Slot(QFont)
    def _on_app_font(self, _font: QFont) -> None:
        self._scale_fonts()

    def show_message(self, text: str, language: str = "en") -> None:
        """Show the fixed emergency message, in the answer's language, take focus and tell
        assistive technology."""
        heading = emergency_screen(self.emergency_number, language).heading
        self.heading.setText(heading)
        self.message.setText(text)
        self.setAccessibleDescription(f"{heading}. {text}")
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
