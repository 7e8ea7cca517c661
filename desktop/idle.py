"""Idle reset for patient privacy: any key, click or scroll counts as activity; after the idle
time the window clears what the last patient asked and locks staff mode."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from engine import ClinicSession

CHECK_INTERVAL_MS = 5000
# Only real input: paint, timer and focus events must not keep a session alive.
_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                       QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel,
                       QEvent.Type.TouchBegin})


class IdleGuard(QObject):
    """Watches the whole application's input and calls `on_idle` once the session is idle."""

    def __init__(self, session: ClinicSession, on_idle: Callable[[], None],
                 parent: QObject) -> None:
        super().__init__(parent)
        self.session = session
        self._on_idle = on_idle
        # On the application, so typing into a dialog (PIN prompt) counts too. Qt drops the
        # filter by itself when this object is deleted with its window.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in _ACTIVITY:
            self.session.touch()
        return False  # observe only: every event still reaches its widget

    @Slot()
    def check(self) -> None:
        if self.session.is_idle():
            self._on_idle()
