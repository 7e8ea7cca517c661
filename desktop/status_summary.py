"""The status bar's one-line summary: which model, CPU or GPU, and how big the library is."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine import EngineStatus


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def status_summary(status: EngineStatus) -> str:
    """E.g. "Model qwen2.5-1.5b · CPU · Library: 77 documents, 1,234 passages"."""
    library = (f"Library: {_count(status.documents, 'document')}, "
               f"{_count(status.passages, 'passage')}")
    return f"Model {status.model} · {status.device} · {library}"
