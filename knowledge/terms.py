"""The medical terms an import records for each passage, and what finds them.

The library only needs `annotate`; the engine's NER model (engine.ner.MedicalNER) is the real
tagger, and engine.entities.EntityTagger is this protocol plus loading and closing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

__all__ = ["Term", "TermTagger", "labelled_terms"]


class Term(Protocol):
    """One recognised mention: its text and its label (DISEASE or DRUG)."""

    @property
    def text(self) -> str: ...

    @property
    def label(self) -> str: ...


class TermTagger(Protocol):
    """Finds the terms in each text, one list per text, in order."""

    def annotate(self, texts: Sequence[str]) -> Sequence[Sequence[Term]]: ...


def labelled_terms(found: Iterable[Term]) -> list[dict[str, str]]:
    """One {"text", "label"} per distinct term, as the store keeps them for a passage."""
    seen: dict[str, str] = {}
    for term in found:
        seen.setdefault(" ".join(term.text.lower().split()), term.label)
    return [{"text": text, "label": label} for text, label in seen.items() if text]
