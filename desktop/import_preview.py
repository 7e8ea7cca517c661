"""What an import would do with each file, worked out before importing (no Qt, no model).

Runs on the library worker's thread: reading a big folder of PDFs takes a while.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.kb_internals import detect_format, read_document
from engine import CareQAError

if TYPE_CHECKING:
    from knowledge import KnowledgeBase


class Outcome(str, Enum):
    NEW = "new"
    DUPLICATE = "duplicate"
    UNCHANGED = "unchanged"
    FAILS = "fails"


@dataclass(frozen=True)
class PreviewRow:
    path: Path
    format: str  # "" when no importer would take the file
    found: str  # "3 records", "2 sections"; "" when the file will fail
    warnings: tuple[str, ...]
    outcome: Outcome
    note: str  # what the import will do with it, in words
    original: str = ""  # the full path of the file a duplicate repeats


def without_path(path: Path | str, message: str) -> str:
    """An importer's message without the path it starts with (the file is shown beside it)."""
    return message.removeprefix(f"{path}: ")


def _format(path: Path) -> str:
    try:
        return detect_format(path)
    except CareQAError:
        return ""


def _found(sections: list) -> str:
    records = len({s.record_id for s in sections if s.record_id})
    if records:
        return f"{records} record{'s' * (records != 1)}"
    return f"{len(sections)} section{'s' * (len(sections) != 1)}"


class Previewer:
    """Previews files in import order, remembering what it has seen to spot copies in the batch."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._seen: dict[str, Path] = {}  # content hash -> first file with it

    def row(self, path: Path) -> PreviewRow:
        format_name = _format(path)
        try:
            doc = read_document(path)
        except CareQAError as exc:
            return PreviewRow(path, format_name, "", (), Outcome.FAILS,
                              f"will fail: {without_path(path, str(exc))}")
        outcome, note, original = self._outcome(path, doc.content_hash)
        return PreviewRow(path, doc.format, _found(doc.sections), tuple(doc.warnings), outcome,
                          note, original)

    def _outcome(self, path: Path, content_hash: str) -> tuple[Outcome, str, str]:
        earlier = self._kb.store.same_content(content_hash)
        if earlier is not None:
            collection, source = earlier
            if source == str(path):  # the import calls it unchanged when the collection matches
                return Outcome.UNCHANGED, f"unchanged: already in {collection}", ""
            return Outcome.DUPLICATE, f"duplicate of {Path(source).name} in {collection}", source
        if content_hash in self._seen:
            first = self._seen[content_hash]
            return Outcome.DUPLICATE, f"duplicate of {first.name}", str(first)
        self._seen[content_hash] = path
        return Outcome.NEW, "will be imported", ""
