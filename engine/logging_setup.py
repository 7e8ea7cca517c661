"""Configure logging once at start-up: a rotating file in the user log folder, warnings on stderr.

Patient text (questions, answers) is only ever logged at DEBUG.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys

from engine import paths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(*, verbose: bool = False, console_level: int = logging.WARNING) -> None:
    root = logging.getLogger()
    if getattr(root, "_careqa_configured", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        paths.log_dir().mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            paths.log_dir() / "careqa.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        file_handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(file_handler)
    except OSError:  # a read-only or full disk must not stop the app
        pass
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if verbose else console_level)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(console)
    root._careqa_configured = True  # type: ignore[attr-defined]
