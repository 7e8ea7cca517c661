"""The errors the knowledge base raises, and the root every CareQA error shares.

    CareQAError                 (the root; engine.errors adds the model and question errors)
    └── KnowledgeBaseError
        ├── KnowledgeBaseMissing  no knowledge base at the configured place
        ├── IndexCorrupt          the index is unreadable or disagrees with the store
        └── ImportFailed          one file could not be imported (the batch goes on)

They live here, at the bottom layer, so the library never imports the engine; `engine.errors`
re-exports them, and `except engine.CareQAError` catches them all.
"""

from __future__ import annotations

__all__ = ["CareQAError", "ImportFailed", "IndexCorrupt", "KnowledgeBaseError", "KnowledgeBaseMissing"]


class CareQAError(Exception):
    """Base of every error CareQA raises on purpose. Every message says what to do next."""


class KnowledgeBaseError(CareQAError):
    pass


class KnowledgeBaseMissing(KnowledgeBaseError):
    pass


class IndexCorrupt(KnowledgeBaseError):
    pass


class ImportFailed(KnowledgeBaseError):
    pass
