"""CareQA's engine: answers patient questions from the local knowledge base. No Qt here.

The public names load lazily, so importing `engine` stays fast (the desktop window appears
before torch and llama.cpp are imported) and leaf modules such as `engine.errors` can be used
by the `knowledge` package without import cycles.
"""

from __future__ import annotations

import importlib
from typing import Any

from engine import offline

offline.apply()

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
    "configure_logging": "engine.logging_setup",
    "ClinicSession": "engine.modes",
    "Mode": "engine.modes",
    "has_pin": "engine.modes",
    "set_pin": "engine.modes",
    "MIN_PIN_LENGTH": "engine.modes",
    "audit": "engine.modes",
    "check_question": "engine.safety",
    "MODEL_CATALOG": "engine.model_catalog",
    "model_installed_path": "engine.model_catalog",
    "default_threads": "engine.hardware",
}
__all__ = sorted(_EXPORTS)


_RENAMED = {"configure_logging": "configure", "check_question": "check", "MODEL_CATALOG": "CATALOG",
            "model_installed_path": "installed_path"}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), _RENAMED.get(name, name))
