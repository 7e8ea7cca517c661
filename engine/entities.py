"""Recognised medical terms at work: what a tagger is, and the terms retrieval matches on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Protocol

from engine.types import Entity


class EntityTagger(Protocol):
    """Finds DISEASE and DRUG mentions; engine.ner.MedicalNER is the real one."""

    def load(self) -> None: ...
    def annotate(self, texts: Sequence[str]) -> list[list[Entity]]: ...
    def close(self) -> None: ...


def terms(entities: Iterable[Entity]) -> list[str]:
    """Distinct lower-cased entity texts, in order of appearance."""
    return list(dict.fromkeys(" ".join(e.text.lower().split()) for e in entities if e.text.strip()))


def found_in(entities: Iterable[Entity], where: str) -> list[Entity]:
    return [replace(e, found_in=where) for e in entities]


def labelled_terms(entities: Iterable[Entity]) -> list[dict[str, str]]:
    """One {"text", "label"} per distinct term, as the store keeps them for a passage."""
    seen: dict[str, str] = {}
    for entity in entities:
        seen.setdefault(" ".join(entity.text.lower().split()), entity.label)
    return [{"text": text, "label": label} for text, label in seen.items() if text]
