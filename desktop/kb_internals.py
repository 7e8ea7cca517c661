"""The engine and knowledge names the desktop needs that their public surfaces do not export yet.

tests/test_boundaries.py keeps desktop/ on `from engine import ...` and `from knowledge import ...`.
These names live in submodules, so they are looked up here, in one place, until
`knowledge/__init__` exports read_document, detect_format, expand_paths, SUPPORTED_SUFFIXES,
CollectionInfo and DocumentInfo and `engine/__init__` exports SentenceEmbedder; each then becomes
a plain import.

They are looked up when first used: the parsers behind them take most of a second to import,
which belongs on the library thread (see `warm_up`), not on the UI thread opening a dialog.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge import Embedder

_TYPES = {"CollectionInfo": "knowledge.store", "DocumentInfo": "knowledge.store"}


def warm_up() -> None:
    """Import the parsers and the search libraries (call it on the library thread)."""
    for name in ("knowledge.importers", "knowledge.importing", "knowledge.library"):
        importlib.import_module(name)


def read_document(path: Path) -> Any:
    """knowledge.importers.read_document: a SourceDocument, or ImportFailed with the reason."""
    return importlib.import_module("knowledge.importers").read_document(path)


def detect_format(path: Path) -> str:
    return importlib.import_module("knowledge.importers").detect_format(path)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Folders replaced by the supported files in them, as the import will read them."""
    return importlib.import_module("knowledge.importing").expand_paths(paths)


def supported_suffixes() -> tuple[str, ...]:
    return importlib.import_module("knowledge.importers").SUPPORTED_SUFFIXES


def sentence_embedder() -> Embedder:
    """The real MiniLM embedder (not loaded yet: loading belongs on the library thread)."""
    return importlib.import_module("engine.embeddings").SentenceEmbedder()


def __getattr__(name: str) -> Any:  # CollectionInfo, DocumentInfo: what kb.collections() etc. list
    if name not in _TYPES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_TYPES[name]), name)
