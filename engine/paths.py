"""Every file location CareQA uses, in one place.

`CAREQA_HOME` puts all user data (settings, knowledge base, logs, models) under one folder:
tests and portable installs use it. `CAREQA_MODELS_DIR` moves only the model files, so tests can
keep using the models that set-up assembled while everything else lives in a temporary folder.

A frozen (PyInstaller) CareQA also looks for chat models in the `models/` folder beside its
executable, before the user's models folder, and carries resources (the prebuilt starter library)
inside its bundle (`sys._MEIPASS`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "careqa"


def _home() -> Path | None:
    value = os.environ.get("CAREQA_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    home = _home()
    return home if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    override = os.environ.get("CAREQA_MODELS_DIR")
    return Path(override).expanduser() if override else data_dir() / "models"


def app_dir() -> Path | None:
    """The folder holding the frozen CareQA executable; None when running from source."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent


def app_models_dir() -> Path | None:
    """`<app dir>/models`: chat models shipped beside a frozen app (None from source)."""
    folder = app_dir()
    return folder / "models" if folder else None


def bundle_dir() -> Path | None:
    """Where a frozen app's bundled resources are unpacked (None from source)."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if getattr(sys, "frozen", False) and meipass else None


def default_kb_dir() -> Path:
    return data_dir() / "kb"


def settings_file() -> Path:
    return config_dir() / "settings.json"

