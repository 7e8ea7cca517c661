"""What importers produce and what the chunker consumes: a document split into titled sections."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    page: int | None = None
    record_id: str = ""
    url: str = ""


@dataclass
class SourceDocument:
    source: str  # the file path (or name) as the user knows it
    title: str
    format: str
    sections: list[Section]
    url: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""
    warnings: list[str] = field(default_factory=list)  # what was skipped or guessed, for the import report

    @staticmethod
    def hash_bytes(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Chunk:
    """One passage to embed and store, before it has an id."""

    ordinal: int
    text: str
    section: str = ""
    page: int | None = None
    record_id: str = ""
    url: str = ""
