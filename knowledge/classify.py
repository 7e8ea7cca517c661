"""What an import does with each file it reads: new, unchanged, a duplicate, or a failure.

A light module (no parsers, no numpy) so the desktop can name the outcomes without loading the
import pipeline on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.store import Store

__all__ = ["Classification", "Classifier", "Outcome"]


class Outcome(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"  # the same source already holds this content
    DUPLICATE = "duplicate"  # another document (or an earlier file of the batch) holds it
    FAILS = "fails"  # the file cannot be read (a preview says so before the import reports it)


@dataclass(frozen=True)
class Classification:
    outcome: Outcome
    collection: str = ""  # where the unchanged document, or the one a duplicate repeats, is
    source: str = ""  # that document's source


class Classifier:
    """What an import does with each parsed file, decided in import order.

    The one rule for the pipeline and its preview. Given a collection (the import), a file is
    unchanged when that collection already holds its source with this content; without one (a
    preview, before the collection is chosen), when any collection does.
    """

    def __init__(self, store: Store, collection: str | None) -> None:
        self._store = store
        self._collection = collection
        self._batch: dict[str, str] = {}  # content hash -> source of the batch's first file
        # Where an unchanged file may already be: listed once, not once per file.
        self._collections = [collection] if collection is not None else \
            [c.name for c in store.collections()]

    def classify(self, source: str, content_hash: str) -> Classification:
        holder = self._holder(source, content_hash)
        if holder is not None:
            return Classification(Outcome.UNCHANGED, holder, source)
        earlier = self._store.same_content(content_hash)
        if earlier is not None:
            return Classification(Outcome.DUPLICATE, *earlier)
        if content_hash in self._batch:
            return Classification(Outcome.DUPLICATE, self._collection or "", self._batch[content_hash])
        return Classification(Outcome.NEW)

    def expect(self, source: str, content_hash: str) -> None:
        """Remember a file the import will commit, so a later copy in the batch is a duplicate."""
        self._batch.setdefault(content_hash, source)

    def _holder(self, source: str, content_hash: str) -> str | None:
        return next((c for c in self._collections
                     if self._store.document_hash(c, source) == content_hash), None)
