"""The Assistant: question -> retrieval -> prompt -> streamed answer -> checked citations."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass

from engine.attribution import add_missing_citations
from engine.citations import check_citations
from engine.errors import EmptyQuestion
from engine.llm import ChatModel
from engine.prompts import build_prompt
from engine.retrieval import Retriever
from engine.types import Answer, Flag, Passage

# A grounded answer sometimes ends with the model's own "no information" line: drop it.
_NO_INFO_SENTENCE = re.compile(r"[^.!?\n]*\bno information\b[^.!?\n]*[.!?]?", re.IGNORECASE)
NO_INFORMATION = (
    "The clinic's library has no information on that. Please ask your doctor, nurse or "
    "pharmacist: they can help with your question."
)


@dataclass(frozen=True)
class AnswerOptions:
    top_k: int = 4
    min_relevance: float = 0.45
    passage_token_budget: int = 700
    max_answer_tokens: int = 384


class AnswerStream:
    """Iterate for the answer's text pieces; afterwards `answer` holds the checked Answer.

    The text streamed is the model's draft; `answer.text` is final (invalid citations removed,
    or replaced by the no-information answer when it cited nothing it was given).
    """

    def __init__(self, steps: Generator[str, None, Answer]) -> None:
        self._steps = steps
        self._answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        self._answer = yield from self._steps

    @property
    def answer(self) -> Answer:
        if self._answer is None:
            raise RuntimeError("the answer is ready only after the stream has been read")
        return self._answer


class Assistant:
    def __init__(self, retriever: Retriever, llm: ChatModel, options: AnswerOptions,
                 *, offload_reason: str = "") -> None:
        self.retriever = retriever
        self.llm = llm
        self.options = options
        self.offload_reason = offload_reason

    def load(self) -> None:
        """Load every model now (otherwise the first question does)."""
        self.retriever.load()
        self.llm.load()

    def close(self) -> None:
        self.llm.close()
        self.retriever.close()

    def ask(self, question: str, *, history: Sequence[tuple[str, str]] = ()) -> Answer:
        stream = self.stream(question, history=history)
        for _ in stream:
            pass
        return stream.answer

    def stream(self, question: str, *, history: Sequence[tuple[str, str]] = (),
               cancel: threading.Event | None = None) -> AnswerStream:
        if not question.strip():
            raise EmptyQuestion("Please type a question first.")
        return AnswerStream(self._steps(question.strip(), history, cancel))

    def _steps(self, question: str, history: Sequence[tuple[str, str]],
               cancel: threading.Event | None) -> Generator[str, None, Answer]:
        started = time.perf_counter()
        found = self.retriever.search(question, self.options.top_k)
        relevant = [p for p in found if p.score >= self.options.min_relevance]
        answer = self._new_answer(question)
        answer.timings.retrieval_ms = _ms_since(started)
        if not relevant:
            best = f"{found[0].score:.2f}" if found else "none"
            answer.text = NO_INFORMATION
            answer.flags.append(Flag("no_information", f"best passage score {best} is below "
                                     f"the relevance threshold {self.options.min_relevance:.2f}"))
            yield answer.text
            answer.timings.total_ms = _ms_since(started)
            return answer
        prompt = build_prompt(question, relevant, budget_tokens=self.options.passage_token_budget,
                              count_tokens=self.llm.count_tokens, history=history)
        rendered = self.llm.render(prompt.messages)
        answer.passages = prompt.passages
        answer.timings.prompt_tokens = len(rendered.tokens)
        pieces: list[str] = []
        for piece in self.llm.stream(rendered, max_tokens=self.options.max_answer_tokens,
                                     cancel=cancel):
            if not pieces:
                answer.timings.ttft_ms = _ms_since(started)
            pieces.append(piece)
            yield piece
        draft = "".join(pieces)
        answer.timings.completion_tokens = self.llm.count_tokens(draft) if draft else 0
        _finish(answer, draft, prompt.passages)
        answer.timings.total_ms = _ms_since(started)
        return answer

    def _new_answer(self, question: str) -> Answer:
        return Answer(question=question, text="", model=self.llm.name,
                      gpu_layers=self.llm.n_gpu_layers, offload_reason=self.offload_reason)


def _finish(answer: Answer, draft: str, passages: Sequence[Passage]) -> None:
    """Cite what the model left uncited, keep only citations to given passages, and show an
    answer only when it is grounded in at least one of them."""
    text, added = add_missing_citations(draft, passages, answer.question)
    checked = check_citations(text, passages)
    answer.flags.extend(checked.flags)
    if added:
        answer.flags.append(Flag("citations_added", f"CareQA matched {added} uncited sentences "
                                 "to the passages they came from"))
    if checked.citations:
        answer.text = _NO_INFO_SENTENCE.sub("", checked.text).strip()
        answer.citations = checked.citations
    elif "no information" in draft.lower():
        answer.text = NO_INFORMATION
        answer.flags.append(Flag("no_information", "the passages found do not answer it"))
    else:
        answer.text = NO_INFORMATION
        answer.flags.append(Flag("ungrounded", "the model's answer could not be tied to the "
                                 "passages it was given, so it was not shown"))


def _ms_since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)
