"""CareQA's engine: answers patient questions from the local knowledge base. No Qt here.

It sits on the `knowledge` package (the library) and under `desktop`; imports run one way
(import-linter contracts in pyproject.toml). The public names load lazily, so importing `engine`
stays fast: the desktop window appears before torch and llama.cpp are imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from engine import offline

offline.apply()

if TYPE_CHECKING:  # what type checkers and editors see; at run time each name loads on first use
    from engine.embeddings import SentenceEmbedder
    from engine.errors import (
        Cancelled,
        CareQAError,
        ConfigError,
        EmptyQuestion,
        IndexCorrupt,
        KnowledgeBaseMissing,
        ModelNotFound,
    )
    from engine.factory import answer_options, build_assistant, build_tagger
    from engine.grounding import SentenceSupport, SupportChecker, Verdict
    from engine.hardware import default_threads
    from engine.highlight import cited_spans
    from engine.languages import emergency_screen
    from engine.library_admin import (
        EmbedderFactory,
        LibraryAdmin,
        PreviewRow,
        Removal,
        TaggerFactory,
    )
    from engine.logging_setup import configure_logging
    from engine.model_catalog import MODEL_CATALOG, model_installed_path
    from engine.modes import MIN_PIN_LENGTH, ClinicSession, Mode, audit, has_pin, set_pin
    from engine.safety import check_question
    from engine.service import NO_INFORMATION, AnswerOptions, AnswerStream, Assistant
    from engine.settings import TEXT_SCALE_RANGE, Settings
    from engine.types import Answer, Citation, EngineStatus, Entity, Flag, Passage, Timings

_EXPORTS = {
    "Answer": "engine.types",
    "Citation": "engine.types",
    "Entity": "engine.types",
    "Flag": "engine.types",
    "Passage": "engine.types",
    "Timings": "engine.types",
    "EngineStatus": "engine.types",
    "cited_spans": "engine.highlight",
    "SupportChecker": "engine.grounding",
    "SentenceSupport": "engine.grounding",
    "Verdict": "engine.grounding",
    "Assistant": "engine.service",
    "AnswerStream": "engine.service",
    "AnswerOptions": "engine.service",
    "NO_INFORMATION": "engine.service",
    "Settings": "engine.settings",
    "TEXT_SCALE_RANGE": "engine.settings",
    "build_assistant": "engine.factory",
    "build_tagger": "engine.factory",
    "answer_options": "engine.factory",
    "SentenceEmbedder": "engine.embeddings",
    "CareQAError": "engine.errors",
    "Cancelled": "engine.errors",
    "EmptyQuestion": "engine.errors",
    "ModelNotFound": "engine.errors",
    "KnowledgeBaseMissing": "engine.errors",
    "IndexCorrupt": "engine.errors",
    "ConfigError": "engine.errors",
    "configure_logging": "engine.logging_setup",
    "ClinicSession": "engine.modes",
    "Mode": "engine.modes",
    "has_pin": "engine.modes",
    "set_pin": "engine.modes",
    "MIN_PIN_LENGTH": "engine.modes",
    "audit": "engine.modes",
    "check_question": "engine.safety",
    "emergency_screen": "engine.languages",
    "MODEL_CATALOG": "engine.model_catalog",
    "model_installed_path": "engine.model_catalog",
    "default_threads": "engine.hardware",
    "LibraryAdmin": "engine.library_admin",
    "PreviewRow": "engine.library_admin",
    "Removal": "engine.library_admin",
    "EmbedderFactory": "engine.library_admin",
    "TaggerFactory": "engine.library_admin",
}
__all__ = [  # the public names, one per _EXPORTS entry (tests/test_boundaries.py checks)
    "Answer", "AnswerOptions", "AnswerStream", "Assistant", "Cancelled", "CareQAError", "Citation",
    "ClinicSession", "ConfigError", "EmbedderFactory", "EmptyQuestion", "EngineStatus", "Entity",
    "Flag", "IndexCorrupt", "KnowledgeBaseMissing", "LibraryAdmin", "MIN_PIN_LENGTH",
    "MODEL_CATALOG", "Mode", "ModelNotFound", "NO_INFORMATION", "Passage", "PreviewRow", "Removal",
    "SentenceEmbedder", "SentenceSupport", "Settings", "SupportChecker", "TEXT_SCALE_RANGE",
    "TaggerFactory", "Timings", "Verdict", "answer_options", "audit", "build_assistant",
    "build_tagger", "check_question", "cited_spans", "configure_logging", "default_threads",
    "emergency_screen", "has_pin", "model_installed_path", "set_pin",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
