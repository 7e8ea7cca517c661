"""CareQA's knowledge base: importers, chunking, the SQLite store, the FAISS and BM25 indexes. No Qt here.

The bottom layer: it imports nothing from `engine` or `desktop` (import-linter contracts in
pyproject.toml). The public names load lazily: the parsers and search libraries take most of a
second to import, which belongs on a worker thread, not on the UI thread opening a dialog.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers and editors see; at run time each name loads on first use
    from knowledge.classify import Outcome
    from knowledge.errors import (
        CareQAError,
        ImportFailed,
        IndexCorrupt,
        KnowledgeBaseError,
        KnowledgeBaseMissing,
    )
    from knowledge.importers import SUPPORTED_SUFFIXES, detect_format, read_document
    from knowledge.importing import Embedder, ImportProgress, ImportReport, expand_paths
    from knowledge.library import KnowledgeBase, SearchMode
    from knowledge.starter import build_starter
    from knowledge.store import CollectionInfo, DocumentInfo, EntityCount, StoreStats
    from knowledge.terms import TermTagger
    from knowledge.types import Passage

_EXPORTS = {
    "KnowledgeBase": "knowledge.library",
    "SearchMode": "knowledge.library",
    "ImportReport": "knowledge.importing",
    "ImportProgress": "knowledge.importing",
    "Embedder": "knowledge.importing",
    "expand_paths": "knowledge.importing",
    "Outcome": "knowledge.classify",
    "StoreStats": "knowledge.store",
    "CollectionInfo": "knowledge.store",
    "DocumentInfo": "knowledge.store",
    "EntityCount": "knowledge.store",
    "read_document": "knowledge.importers",
    "detect_format": "knowledge.importers",
    "SUPPORTED_SUFFIXES": "knowledge.importers",
    "build_starter": "knowledge.starter",
    "Passage": "knowledge.types",
    "TermTagger": "knowledge.terms",
    "CareQAError": "knowledge.errors",
    "KnowledgeBaseError": "knowledge.errors",
    "KnowledgeBaseMissing": "knowledge.errors",
    "IndexCorrupt": "knowledge.errors",
    "ImportFailed": "knowledge.errors",
}
__all__ = [  # the public names, one per _EXPORTS entry (tests/test_boundaries.py checks)
    "CareQAError", "CollectionInfo", "DocumentInfo", "Embedder", "EntityCount", "ImportFailed",
    "ImportProgress", "ImportReport", "IndexCorrupt", "KnowledgeBase", "KnowledgeBaseError",
    "KnowledgeBaseMissing", "Outcome", "Passage", "SUPPORTED_SUFFIXES", "SearchMode", "StoreStats",
    "TermTagger", "build_starter", "detect_format", "expand_paths", "read_document",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
