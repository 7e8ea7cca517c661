"""CareQA's exceptions. Every message says what happened and what to do next.

    CareQAError
    ├── ConfigError          a setting or a path is invalid
    ├── ModelNotFound        a model file or package is missing
    ├── ModelLoadError       a model file exists but could not be loaded
    ├── ModelIntegrityError  an assembled model's size or sha256 does not match
    ├── KnowledgeBaseError   (defined in knowledge.errors, re-exported here)
    │   ├── KnowledgeBaseMissing  no knowledge base at the configured place
    │   ├── IndexCorrupt          the index is unreadable or disagrees with the store
    │   └── ImportFailed          one file could not be imported (the batch goes on)
    ├── EmptyQuestion        the question is blank
    └── Cancelled            the user stopped the work (silent in the UI)

The root and the knowledge-base errors live in the bottom layer (knowledge.errors) so the library
needs nothing from the engine; this module imports nothing else, so every engine module can use it.
"""

from __future__ import annotations

from knowledge.errors import (
    CareQAError,
    ImportFailed,
    IndexCorrupt,
    KnowledgeBaseError,
    KnowledgeBaseMissing,
)

__all__ = [
    "Cancelled", "CareQAError", "ConfigError", "EmptyQuestion", "ImportFailed", "IndexCorrupt",
    "KnowledgeBaseError", "KnowledgeBaseMissing", "ModelIntegrityError", "ModelLoadError",
    "ModelNotFound",
]


class ConfigError(CareQAError):
    pass


class ModelNotFound(CareQAError):
    pass


class ModelLoadError(CareQAError):
    pass


class ModelIntegrityError(CareQAError):
    pass


class EmptyQuestion(CareQAError):
    pass


class Cancelled(CareQAError):
    pass
