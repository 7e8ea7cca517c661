"""A readable title from a file name, for files that carry no title of their own."""

from __future__ import annotations

from pathlib import Path


def title_from_name(source: str) -> str:
    stem = Path(source).stem.replace("_", " ").replace("-", " ")
    return " ".join(stem.split()) or Path(source).name
