"""CareQA's knowledge base: importers, chunking, the SQLite store, the FAISS and BM25 indexes. No Qt here."""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "KnowledgeBase": "knowledge.library",
    "SearchMode": "knowledge.library",
    "ImportReport": "knowledge.importing",
    "ImportProgress": "knowledge.importing",
    "Embedder": "knowledge.importing",
    "StoreStats": "knowledge.store",
    "CollectionInfo": "knowledge.store",
    "DocumentInfo": "knowledge.store",
    "EntityCount": "knowledge.store",
    "read_document": "knowledge.importers",
    "detect_format": "knowledge.importers",
    "SUPPORTED_SUFFIXES": "knowledge.importers",
    "expand_paths": "knowledge.importing",
    "build_starter": "knowledge.starter",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
