"""The status bar's one-line summary: which model, CPU or GPU, and how big the library is."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine import EngineStatus

ALL_LAYERS = -1  # llama.cpp's "offload every layer" (engine.hardware.ALL_LAYERS)
# engine.hardware.decide_offload's reasons end "... on <GPU name>" or "... on <name> (set in ...)".
_GPU_NAME = re.compile(r"^GPU: .*? on (?P<name>.+?)(?: \(.*\))?$")


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _device(gpu_layers: int, offload_reason: str) -> str:
    if gpu_layers == 0:
        return "CPU"
    layers = "all layers" if gpu_layers == ALL_LAYERS else _count(gpu_layers, "layer")
    match = _GPU_NAME.match(offload_reason)
    return f"GPU ({layers}, {match['name']})" if match else f"GPU ({layers})"


def status_summary(status: EngineStatus) -> str:
    """E.g. "Model qwen2.5-1.5b · CPU · Library: 77 documents, 1,234 passages"."""
    library = (f"Library: {_count(status.documents, 'document')}, "
               f"{_count(status.passages, 'passage')}")
    return f"Model {status.model} · {_device(status.gpu_layers, status.offload_reason)} · {library}"
