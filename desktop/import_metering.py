"""Import progress for the UI: throttled signals, and a count of passages embedded so far."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

    from knowledge import Embedder

T = TypeVar("T")
PROGRESS_INTERVAL_S = 0.1  # at most ~10 progress signals a second reach the UI


def throttled(emit: Callable[[T], None]) -> Callable[[T], None]:
    """`emit`, dropping calls that come sooner than PROGRESS_INTERVAL_S after the last one sent."""
    last = -PROGRESS_INTERVAL_S

    def report(value: T) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL_S:
            last = now
            emit(value)

    return report


class MeteredEmbedder:
    """Passes the import's embedding calls on in small slices and counts the passages done.

    The import reports progress per file only, and embeds up to a few thousand passages before
    committing any: without this count the page would stand still for minutes on a big folder.
    """

    SLICE = 32  # the model's own batch size: no slower than one big call

    def __init__(self, embedder: Embedder, on_encoded: Callable[[int], None]) -> None:
        self._embedder = embedder
        self._on_encoded = on_encoded

    @property
    def name(self) -> str:
        return self._embedder.name

    @property
    def dimension(self) -> int:
        return self._embedder.dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np  # here, on the library thread: the UI thread never needs it

        parts = []
        for start in range(0, len(texts), self.SLICE):
            parts.append(self._embedder.encode(texts[start : start + self.SLICE]))
            self._on_encoded(len(parts[-1]))
        return np.concatenate(parts)
