"""A given passage read the way the support check needs it: sentences, clauses, stems, numbers.

Support is judged against a passage's own sentences, one at a time or two side by side (a model
often merges neighbours), never against the passage as a bag of words: a passage on chronic kidney
disease shares "urine" and "kidney" with any sentence about urine colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.grounding.polarity import clauses, direction, sign
from engine.grounding.words import all_stems, content_stems, numbers
from engine.types import Passage
from knowledge.chunking import split_sentences


@dataclass(frozen=True)
class Clause:
    stems: frozenset[str]
    sign: int
    direction: int  # engine.grounding.polarity.direction
    text: str
    sentence: str  # the passage sentence it is part of


@dataclass(frozen=True)
class Window:
    """One passage sentence, or two neighbours read together."""

    text: str
    stems: frozenset[str]
    first: int  # index of its first sentence in the passage
    size: int  # 1 or 2 sentences


@dataclass
class PassageEvidence:
    number: int  # the [n] it is cited by
    passage: Passage
    sentences: list[str]
    heading_stems: frozenset[str]
    windows: list[Window]
    clauses: list[Clause]
    every_stem: frozenset[str]  # every word of text and heading, for "named anywhere?"
    numbers: frozenset[float]
    vectors: np.ndarray | None = field(default=None)  # one row per sentence, when embedded

    @classmethod
    def of(cls, number: int, passage: Passage) -> PassageEvidence:
        sentences = split_sentences(passage.text) or [passage.text]
        stems = [frozenset(content_stems(s)) for s in sentences]
        windows = [Window(s, st, i, 1) for i, (s, st) in enumerate(zip(sentences, stems, strict=True))]
        windows += [Window(f"{sentences[i]} {sentences[i + 1]}", stems[i] | stems[i + 1], i, 2)
                    for i in range(len(sentences) - 1)]
        heading = f"{passage.title} {passage.section}"
        found = [Clause(frozenset(content_stems(c)), sign(c), direction(c), c, s)
                 for s in sentences for c in clauses(s)]
        return cls(number, passage, sentences, frozenset(content_stems(heading)), windows,
                   [c for c in found if c.stems],
                   frozenset(all_stems(f"{heading} {passage.text}")),
                   frozenset(numbers(f"{heading} {passage.text}")))

    def similarity(self, vector: np.ndarray | None, first: int, size: int) -> float:
        """Cosine of a claim with the closest sentence of a window (0 without embeddings)."""
        if vector is None or self.vectors is None:
            return 0.0
        return float(np.max(self.vectors[first:first + size] @ vector))
