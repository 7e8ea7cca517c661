"""Keep every library we load from reaching a model hub or sending telemetry.

Imported first by `engine/__init__`, before transformers or sentence-transformers can read the
environment. setdefault lets a developer override a value on purpose.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
    # transformers' "Loading weights" bars would clutter the CLI's stderr and the log.
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    # torch's OpenMP threads sleep instead of spinning when idle: on a 2-core workstation that
    # also runs llama.cpp, spinning threads starve the others (NER fell from ~150 to ~45
    # sentences/s with 2 threads under load). Must be set before torch is imported.
    "OMP_WAIT_POLICY": "PASSIVE",
}


def apply() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
