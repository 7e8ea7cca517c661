"""A UI-thread heartbeat: how late a 10 ms timer fires is how long the event loop stalled."""

from __future__ import annotations

import statistics
import time

from PySide6.QtCore import QObject, QTimer, Slot


class Heartbeat(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.gaps: list[float] = []
        self._last = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.beat)

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.monotonic()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def beat(self) -> None:
        now = time.monotonic()
        self.gaps.append(now - self._last)
        self._last = now

    @property
    def worst_ms(self) -> float:
        return max(self.gaps) * 1000

    def summary(self) -> str:
        return (f"worst gap {self.worst_ms:.0f} ms, median "
                f"{statistics.median(self.gaps) * 1000:.0f} ms, {len(self.gaps)} beats")
