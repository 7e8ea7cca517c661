"""Start-up smoke test: `python -m desktop --smoke-test[=ready]` (and `CareQA --smoke-test` frozen).

Shows the window as usual, then prints one JSON line: seconds from process start to the window's
first paint (`shown_s`) and, with `--smoke-test=ready`, to the models being loaded (`ready_s`);
then closes the window the normal way (models freed on their thread) and exits 0. A start-up
failure reported by the worker, or no `ready` within CAREQA_SMOKE_TIMEOUT seconds (default 300),
exits 1. Without the flag, `attach` does nothing.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from desktop.main_window import MainWindow
    from engine import EngineStatus

FLAG = "--smoke-test"


def smoke_mode(argv: list[str]) -> str | None:
    """None, "shown" or "ready" from the command line."""
    for arg in argv[1:]:
        if arg == FLAG:
            return "shown"
        if arg.startswith(FLAG + "="):
            return arg.split("=", 1)[1] or "shown"
    return None


def process_age_s() -> float:
    """Seconds since this process started (the OS's record; includes the interpreter start)."""
    try:
        import psutil

        return time.time() - psutil.Process().create_time()
    except Exception:  # noqa: BLE001 (psutil missing or refused: count from this import)
        return time.perf_counter() - _IMPORTED


_IMPORTED = time.perf_counter()


class _Probe(QObject):
    """Lives on the UI thread, so the worker's signals reach it as queued calls."""

    def __init__(self, app: QApplication, window: MainWindow, mode: str) -> None:
        super().__init__(window)
        self.app, self.window, self.mode = app, window, mode
        self.report: dict[str, object] = {"mode": mode, "frozen": bool(getattr(sys, "frozen", False))}
        window.installEventFilter(self)
        if mode == "ready":
            window.worker.ready.connect(self.on_ready)
            window.worker.failed.connect(self.on_failed)
            timeout_s = float(os.environ.get("CAREQA_SMOKE_TIMEOUT", "300"))
            QTimer.singleShot(int(timeout_s * 1000), lambda: self.finish(1, "timed out"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and "shown_s" not in self.report:
            self.report["shown_s"] = round(process_age_s(), 3)
            if self.mode != "ready":
                QTimer.singleShot(0, lambda: self.finish(0))
        return False

    @Slot(object)
    def on_ready(self, status: EngineStatus) -> None:
        self.report.update(ready_s=round(process_age_s(), 3), model=status.model,
                           passages=status.passages)
        self.finish(0)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.finish(1, message)

    def finish(self, code: int, problem: str = "") -> None:
        if "exit" in self.report:
            return
        self.report.update(exit=code, **({"problem": problem} if problem else {}))
        print(json.dumps(self.report), flush=True)
        self.window.close()  # the normal path: closeEvent frees the models on their thread
        self.app.exit(code)


def attach(app: QApplication, window: MainWindow) -> None:
    """Arm the smoke test when the command line asks for it; otherwise do nothing."""
    mode = smoke_mode(app.arguments())
    if mode is not None:
        _Probe(app, window, mode)
