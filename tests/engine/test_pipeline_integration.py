"""The real pipeline: MiniLM + FAISS over the real starter library, real llama.cpp models."""

import threading

import pytest

from engine import netguard
from engine.errors import Cancelled
from engine.retrieval import LibraryRetriever
from engine.service import NO_INFORMATION, AnswerOptions, Assistant

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def retriever(starter_kb_dir, embedder):
    found = LibraryRetriever(starter_kb_dir, embedder)
    found.load()
    yield found
    found.close()


def test_retrieval_finds_the_right_article(retriever):
    passages = retriever.search("What is high blood pressure and how can I lower it?", 4)
    assert passages[0].title.startswith("High blood pressure")
    assert passages[0].source == "articles/high-blood-pressure.md"
    assert passages[0].collection == "starter"
    assert passages[0].score > 0.6


def test_off_topic_question_gets_no_information_without_the_model(retriever, small_llm):
    assistant = Assistant(retriever, small_llm, AnswerOptions())
    answer = assistant.ask("How do I change the oil in my car?")
    assert answer.text == NO_INFORMATION and answer.has_flag("no_information")
    assert answer.timings.prompt_tokens == 0


def test_small_model_streams_and_every_citation_points_at_a_given_passage(retriever, small_llm):
    assistant = Assistant(retriever, small_llm, AnswerOptions(max_answer_tokens=80))
    stream = assistant.stream("What are the signs of a urinary tract infection?")
    pieces = list(stream)
    answer = stream.answer
    assert len(pieces) > 5
    assert answer.timings.prompt_tokens > 100 and answer.timings.ttft_ms > 0
    given = {p.passage_id for p in answer.passages}
    assert given and all(c.passage.passage_id in given for c in answer.citations)
    assert answer.citations or answer.text == NO_INFORMATION


def test_cancel_stops_a_real_stream(retriever, small_llm):
    assistant = Assistant(retriever, small_llm, AnswerOptions(max_answer_tokens=200))
    cancel = threading.Event()
    received = 0
    with pytest.raises(Cancelled):
        for _ in assistant.stream("How is asthma treated?", cancel=cancel):
            received += 1
            if received == 3:
                cancel.set()
    assert received == 3


def test_whole_pipeline_with_the_network_blocked(starter_kb_dir, small_llm):
    """Loading models, retrieving and answering never tries to open a connection."""
    from engine.embeddings import SentenceEmbedder

    with netguard.watch(block=True) as attempts:
        fresh = LibraryRetriever(starter_kb_dir, SentenceEmbedder())
        fresh.load()
        Assistant(fresh, small_llm, AnswerOptions(max_answer_tokens=20)).ask("What is the flu?")
        fresh.close()
    assert attempts == []


@pytest.mark.slow
def test_default_model_answers_with_a_valid_citation(retriever, default_llm):
    assistant = Assistant(retriever, default_llm, AnswerOptions())
    answer = assistant.ask("What is high blood pressure and how can I lower it?")
    assert answer.citations, answer.flags
    cited = {c.passage.source for c in answer.citations}
    assert "articles/high-blood-pressure.md" in cited
    assert any(word in answer.text.lower() for word in ("salt", "sodium"))
    assert "[" in answer.text and answer.text != NO_INFORMATION


@pytest.mark.slow
def test_second_question_reuses_the_cached_system_prompt(retriever, default_llm):
    """The system prompt's tokens stay in llama.cpp's KV cache between questions."""
    from engine.prompts import SYSTEM_PROMPT

    assistant = Assistant(retriever, default_llm, AnswerOptions(max_answer_tokens=8))
    assistant.ask("What is asthma?")
    system_tokens = len(default_llm.render([{"role": "system", "content": SYSTEM_PROMPT}]).tokens)
    prompt = default_llm.render(
        [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": "Hi"}]
    )
    llama = default_llm.llama
    reused = llama.longest_token_prefix(llama._input_ids.tolist(), prompt.tokens)
    assert reused >= system_tokens - 3  # everything up to the user turn is already evaluated
