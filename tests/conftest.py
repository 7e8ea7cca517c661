"""Shared fixtures. Every test gets its own CareQA home (settings, knowledge base, logs) under
tmp_path; model files still come from the models folder that set-up assembled."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything loads Qt

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

import engine  # noqa: E402,F401  (offline environment)
from engine import paths  # noqa: E402

_REAL_MODELS_DIR = paths.models_dir()


@pytest.fixture(autouse=True)
def careqa_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "careqa-home"
    monkeypatch.setenv("CAREQA_HOME", str(home))
    monkeypatch.setenv("CAREQA_MODELS_DIR", str(_REAL_MODELS_DIR))
    for key in [k for k in os.environ if k.startswith("CAREQA_") and k not in
                ("CAREQA_HOME", "CAREQA_MODELS_DIR", "CAREQA_WHEEL_CACHE")]:
        monkeypatch.delenv(key)
    return home


@pytest.fixture(scope="session")
def embedder():
    """The real MiniLM embedder, loaded once per test session."""
    from engine.embeddings import SentenceEmbedder

    model = SentenceEmbedder()
    model.load()
    return model


@pytest.fixture(scope="session")
def tagger():
    """The shipped NER model, loaded once per test session (imports tag passages with it)."""
    from engine.ner import DEFAULT_MODEL_DIR, MedicalNER

    model = MedicalNER(DEFAULT_MODEL_DIR)
    model.load()
    return model


@pytest.fixture(scope="session")
def starter_kb_dir(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    """A real knowledge base with the starter library, built once per test session."""
    from knowledge.starter import build_starter

    kb_dir = tmp_path_factory.mktemp("starter-kb")
    report = build_starter(kb_dir, embedder)
    assert not report.failed, report.failed
    return kb_dir


def _chat_model(key: str):
    from engine import model_catalog
    from engine.llm import LlamaChatModel

    path = model_catalog.verify(model_catalog.MODEL_CATALOG[key])
    model = LlamaChatModel(path, name=key, n_ctx=4096, n_threads=2, seed=7)
    model.load()
    return model


@pytest.fixture(scope="session")
def small_llm():
    """SmolLM2-135M: fast, weak answers; for tests of the mechanics."""
    model = _chat_model("smollm2-135m")
    yield model
    model.close()


@pytest.fixture(scope="session")
def default_llm():
    """The default Qwen2.5-1.5B model, for tests where answer quality is the point."""
    model = _chat_model("qwen2.5-1.5b")
    yield model
    model.close()
