"""Recognised medical terms at work: what a tagger is, and the terms retrieval matches on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Protocol

from engine.types import Entity


class EntityTagger(Protocol):
    """Finds DISEASE and DRUG mentions; engine.ner.MedicalNER is the real one.

    It is also a knowledge.terms.TermTagger, so an import can record what it finds.
    """

    def load(self) -> None: ...
    def annotate(self, texts: Sequence[str]) -> list[list[Entity]]: ...
    def close(self) -> None: ...


def terms(entities: Iterable[Entity]) -> list[str]:
    """Distinct lower-cased entity texts, in order of appearance."""
    return list(dict.fromkeys(" ".join(e.text.lower().split()) for e in entities if e.text.strip()))


def found_in(entities: Iterable[Entity], where: str) -> list[Entity]:
    return [replace(e, found_in=where) for e in entities]


