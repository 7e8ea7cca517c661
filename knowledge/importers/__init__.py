"""One importer per format; `read_document` picks it by the file's content, the name being a hint.

Every importer module has FORMAT, SUFFIXES, `sniff(head, path)` (is this file mine? from its
first bytes, or its name for formats with no signature) and `parse(path, source)`. Whatever goes
wrong with one file comes out as ImportFailed("<path>: <reason>") so a batch can report it and go on.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Protocol

from knowledge.documents import SourceDocument
from knowledge.errors import ImportFailed
from knowledge.importers import (
    csv_records,
    html_page,
    jsonl_records,
    markdown,
    medlineplus,
    medquad,
    pdf,
    safe_xml,
    text,
    word,
)

log = logging.getLogger(__name__)


class Importer(Protocol):
    # Read-only, so that a module's `SUFFIXES = (".md", ".markdown")` matches.
    @property
    def FORMAT(self) -> str: ...

    @property
    def SUFFIXES(self) -> tuple[str, ...]: ...

    def sniff(self, head: bytes, path: Path) -> bool: ...

    def parse(self, path: Path, source: str) -> SourceDocument: ...


MAX_FILE_BYTES = 100 * 1024 * 1024
HEAD_BYTES = 8 * 1024  # enough to see a signature, an <html> tag or an XML root element
# Content signatures first (PDF, zip, XML roots, <html>), then the formats only the name identifies.
_IMPORTERS: tuple[Importer, ...] = (
    pdf, word, medlineplus, medquad, html_page, markdown, csv_records, jsonl_records, text
)
SUPPORTED_SUFFIXES = tuple(dict.fromkeys(suffix for module in _IMPORTERS for suffix in module.SUFFIXES))


def detect_format(path: Path) -> str:
    """The FORMAT of the importer that would read `path`; ImportFailed when none would."""
    return _choose(path, _head(path)).FORMAT


def read_document(path: Path) -> SourceDocument:
    size = _size(path)
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise ImportFailed(f"{path}: the file is {size / 2**20:.0f} MB, over the {limit} MB limit per file")
    if size == 0:
        raise ImportFailed(f"{path}: the file is empty (no text to import)")
    what = "a supported format"
    try:
        importer = _choose(path, _head(path))
        what = importer.FORMAT
        doc = importer.parse(path, str(path))
        doc.content_hash = _sha256(path)
    except ImportFailed:
        raise
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (MemoryError, RecursionError):
        raise ImportFailed(f"{path}: is too large or too deeply nested to read") from None
    except Exception:  # a parser library choking on hostile content must not stop the batch
        log.exception("importing %s as %s failed", path, what)
        raise ImportFailed(f"{path}: could not be read as {what}; the file may be damaged") from None
    if not any(section.text.strip() for section in doc.sections):
        raise ImportFailed(f"{path}: no text to import")
    return doc


def _choose(path: Path, head: bytes) -> Importer:
    for importer in _IMPORTERS:
        if importer.sniff(head, path):
            return importer
    suffix = path.suffix.lower()
    if suffix == ".xml":  # two importers share the suffix and neither knows the root element
        safe_xml.refuse_unrecognised(path, str(path))
    # The content did not match what the name promises: the importer refuses with the reason.
    by_suffix = next((importer for importer in _IMPORTERS if suffix in importer.SUFFIXES), None)
    if by_suffix is None:
        raise ImportFailed(f"{path}: unsupported file type (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    return by_suffix


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(HEAD_BYTES)
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
