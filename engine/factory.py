"""Build an Assistant (and its parts) from settings. The one place where components are chosen."""

from __future__ import annotations

import logging

from engine import hardware, model_catalog
from engine.embeddings import SentenceEmbedder
from engine.entities import EntityTagger
from engine.errors import ModelNotFound
from engine.grounding import SupportChecker
from engine.llm import LlamaChatModel
from engine.retrieval import LibraryRetriever
from engine.safety import ContactNumbers
from engine.service import AnswerOptions, Assistant
from engine.settings import Settings

log = logging.getLogger(__name__)


def offload_decision(settings: Settings) -> hardware.OffloadDecision:
    return hardware.decide_offload(
        settings.gpu_layers, hardware.llama_build_supports_gpu(), hardware.detect_gpu()
    )


def build_chat_model(settings: Settings, decision: hardware.OffloadDecision) -> LlamaChatModel:
    path, name = model_catalog.resolve(settings.model)
    return LlamaChatModel(
        path, name=name, n_ctx=settings.n_ctx,
        n_threads=settings.n_threads or hardware.default_threads(),
        n_gpu_layers=decision.n_gpu_layers, temperature=settings.temperature, seed=settings.seed,
    )


def build_retriever(settings: Settings, embedder: SentenceEmbedder | None = None) -> LibraryRetriever:
    return LibraryRetriever(settings.resolved_kb_dir(), embedder or SentenceEmbedder())


def build_tagger(settings: Settings) -> EntityTagger | None:
    """The NER model, or None when term recognition is off or the packaged model is absent
    (answers still work, without recognised terms). A folder the user chose must exist."""
    from engine.ner import DEFAULT_MODEL_DIR, MedicalNER

    if not settings.recognise_terms:
        return None
    folder = settings.ner_model or DEFAULT_MODEL_DIR
    if not (folder / "config.json").is_file():
        if settings.ner_model is not None:
            raise ModelNotFound(f"No NER model in {folder} (the ner_model setting).")
        log.info("the medical term recogniser is not installed (%s); answers will not list "
                 "recognised terms", folder)
        return None
    return MedicalNER(folder)


def answer_options(settings: Settings) -> AnswerOptions:
    """How answers are made; changing these needs no model reload (`Assistant.options`)."""
    return AnswerOptions(
        top_k=settings.top_k_passages, min_relevance=settings.min_relevance,
        passage_token_budget=settings.passage_token_budget,
        max_answer_tokens=settings.max_answer_tokens,
        reading_grade_target=settings.reading_grade_target,
        numbers=ContactNumbers(settings.emergency_number, settings.crisis_line,
                               settings.poison_control),
    )


def build_assistant(settings: Settings | None = None) -> Assistant:
    """Cheap: nothing is loaded until `Assistant.load()` or the first question."""
    settings = settings or Settings()
    decision = offload_decision(settings)
    embedder = SentenceEmbedder()  # one model for search and for checking answers
    tagger = build_tagger(settings)
    return Assistant(build_retriever(settings, embedder), build_chat_model(settings, decision),
                     answer_options(settings), tagger=tagger,
                     checker=SupportChecker(encoder=embedder, tagger=tagger), offload=decision)
