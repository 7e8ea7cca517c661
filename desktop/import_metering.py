"""Import progress for the UI: at most ~10 signals a second, and never without the last one."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
PROGRESS_INTERVAL_S = 0.1  # at most ~10 progress signals a second reach the UI


class Throttle(Generic[T]):
    """Passes values on to `emit` at most once per PROGRESS_INTERVAL_S and holds back the ones in
    between; `flush` sends the last one held back, so the receiver always ends on the last value.

    Called from one thread (the library thread, while it imports).
    """

    def __init__(self, emit: Callable[[T], None]) -> None:
        self._emit = emit
        self._sent_at: float | None = None
        self._held: tuple[T] | None = None  # the newest value not sent yet

    def __call__(self, value: T) -> None:
        now = time.monotonic()
        if self._sent_at is None or now - self._sent_at >= PROGRESS_INTERVAL_S:
            self._sent_at, self._held = now, None
            self._emit(value)
        else:
            self._held = (value,)

    def flush(self) -> None:
        if self._held is not None:
            (value,), self._held = self._held, None
            self._sent_at = time.monotonic()
            self._emit(value)
