"""CareQA's exceptions. Every message says what happened and what to do next.

    CareQAError
    ├── ConfigError          a setting or a path is invalid
    ├── ModelNotFound        a model file or package is missing
    ├── ModelLoadError       a model file exists but could not be loaded
    ├── ModelIntegrityError  an assembled model's size or sha256 does not match
    ├── KnowledgeBaseError
    │   ├── KnowledgeBaseMissing  no knowledge base at the configured place
    │   ├── IndexCorrupt          the index is unreadable or disagrees with the store
    │   └── ImportFailed          one file could not be imported (the batch goes on)
    ├── EmptyQuestion        the question is blank
    └── Cancelled            the user stopped the work (silent in the UI)

This module imports nothing from the project so that every layer can use it.
"""

from __future__ import annotations


class CareQAError(Exception):
    """Base of every error CareQA raises on purpose."""


class ConfigError(CareQAError):
    pass


class ModelNotFound(CareQAError):
    pass


class ModelLoadError(CareQAError):
    pass


class ModelIntegrityError(CareQAError):
    pass


class KnowledgeBaseError(CareQAError):
    pass


class KnowledgeBaseMissing(KnowledgeBaseError):
    pass


class IndexCorrupt(KnowledgeBaseError):
    pass


class ImportFailed(KnowledgeBaseError):
    pass


class EmptyQuestion(CareQAError):
    pass


class Cancelled(CareQAError):
    pass
