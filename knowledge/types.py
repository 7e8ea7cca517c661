"""The library's plain data: a passage with its provenance. engine.types re-exports it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Passage"]


@dataclass(frozen=True)
class Passage:
    """A chunk of the knowledge base with its provenance and, once retrieved, its score."""

    passage_id: int
    text: str
    title: str
    source: str  # file path or collection-relative name the passage came from
    collection: str = ""
    section: str = ""
    url: str = ""
    page: int | None = None
    record_id: str = ""
    score: float = 0.0

    @property
    def location(self) -> str:
        """Human-readable place inside the source: section and page when known."""
        parts = [self.section] if self.section else []
        if self.page is not None:
            parts.append(f"page {self.page}")
        return ", ".join(parts)
