"""`python -m desktop`: start CareQA's window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from desktop import smoke  # `--smoke-test`: start-up timing, then a clean exit
from desktop.main_window import MainWindow
from engine import configure_logging


def main(argv: list[str] | None = None) -> int:
    configure_logging()
    app = QApplication(sys.argv if argv is None else argv)
    app.setApplicationName("CareQA")
    window = MainWindow()
    app.aboutToQuit.connect(window.shutdown)  # free the models however the loop ends
    window.show()
    smoke.attach(app, window)  # does nothing unless --smoke-test was given
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
