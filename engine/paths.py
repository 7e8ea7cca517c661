"""Every file location CareQA uses, in one place.

`CAREQA_HOME` puts all user data (settings, knowledge base, logs, models) under one folder:
tests and portable installs use it. `CAREQA_MODELS_DIR` moves only the model files, so tests can
keep using the models that set-up assembled while everything else lives in a temporary folder.
"""

from __future__ import annotations

import os
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


def default_kb_dir() -> Path:
    return data_dir() / "kb"


def settings_file() -> Path:
    return config_dir() / "settings.json"

