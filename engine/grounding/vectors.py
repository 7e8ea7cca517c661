"""Sentence embeddings on demand, each text embedded once per answer.

The support check needs a claim's closeness in meaning to a passage sentence only when words
alone leave it undecided, and the extractive fallback only for sentences that share the
question's words; embedding just those (not every sentence of every passage) keeps the checks
to a small share of the answer's time on a 2-core PC.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class SentenceEncoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...  # normalised rows


class Vectors:
    def __init__(self, encoder: SentenceEncoder | None) -> None:
        self.encoder = encoder
        self._cache: dict[str, np.ndarray] = {}

    @property
    def available(self) -> bool:
        return self.encoder is not None

    def of(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised row per text (embedding the new ones in one batch)."""
        assert self.encoder is not None, "no encoder: check `available` first"
        new = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if new:
            for text, row in zip(new, self.encoder.encode(new), strict=True):
                self._cache[text] = row
        return np.stack([self._cache[t] for t in texts])

    def closest(self, text: str, others: Sequence[str]) -> float:
        """Highest cosine between `text` and any of `others` (0 without an encoder)."""
        if not self.available or not others:
            return 0.0
        matrix = self.of([text, *others])
        return float(np.max(matrix[1:] @ matrix[0]))
