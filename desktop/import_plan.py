"""What the import wizard's pages decide, shared between them (plain data, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge import ImportReport


@dataclass
class ImportPlan:
    chosen: list[Path] = field(default_factory=list)  # files and folders as staff picked them
    files: list[Path] = field(default_factory=list)  # the files the preview found, import order
    collection: str = "default"
    tags: list[str] = field(default_factory=list)
    report: ImportReport | None = None
    error: str = ""  # why the import stopped, when it failed as a whole


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags, trimmed, blanks and repeats dropped."""
    return list(dict.fromkeys(tag.strip() for tag in text.split(",") if tag.strip()))
