"""The engine and knowledge names the desktop needs that their public surfaces do not export yet.

tests/test_boundaries.py keeps desktop/ on `from engine import ...` and `from knowledge import ...`.
These names live in submodules, so they are looked up here, in one place, until
`knowledge/__init__` exports read_document, detect_format, expand_paths, SUPPORTED_SUFFIXES,
CollectionInfo and DocumentInfo and `engine/__init__` exports SentenceEmbedder; each then becomes
a plain import.
"""

from __future__ import annotations

import importlib

_importers = importlib.import_module("knowledge.importers")
_importing = importlib.import_module("knowledge.importing")
_store = importlib.import_module("knowledge.store")

read_document = _importers.read_document
detect_format = _importers.detect_format
expand_paths = _importing.expand_paths
SUPPORTED_SUFFIXES: tuple[str, ...] = _importers.SUPPORTED_SUFFIXES
CollectionInfo = _store.CollectionInfo  # what kb.collections() lists
DocumentInfo = _store.DocumentInfo  # what kb.documents() lists


def sentence_embedder() -> object:
    """The real MiniLM embedder (not loaded yet: loading belongs on the worker thread)."""
    return importlib.import_module("engine.embeddings").SentenceEmbedder()
