"""The Assistant: safety gate -> retrieval -> prompt -> streamed answer -> checks.

Order matters for patients: the emergency gate runs before anything else and ends the turn with
a fixed message (no retrieval, no model); scope requests get general education framed with
"ask your care team"; every sentence of the draft is checked against the passage it cites
(engine.grounding) and only what the passages back is shown; then the reading level.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace

from engine.attribution import cited_share
from engine.entities import EntityTagger, found_in, terms
from engine.errors import EmptyQuestion
from engine.followup import follow_up_context, retrieval_query
from engine.grounding import SupportChecker
from engine.grounding.grounded import NO_INFORMATION, ground
from engine.hardware import CPU_ONLY, OffloadDecision
from engine.languages import ENGLISH
from engine.languages.translate import QuestionTranslator
from engine.llm import ChatModel
from engine.prompts import Prompt, build_prompt
from engine.retrieval import Retriever
from engine.safety import (
    ContactNumbers,
    SafetyCheck,
    check_question,
    emergency_message,
    no_information,
    other_language_note,
    scope_preamble,
    second_look,
    unsupported_language,
)
from engine.safety.emergency import RedFlagHit
from engine.safety.injection import strip_instructions
from engine.safety.readability import SIMPLER_REQUEST, grade_level
from engine.settings import Settings
from engine.types import Answer, EngineStatus, Entity, Flag, Passage, Timings

# A sentence that names an amount of medicine: never shown to someone asking about their dose.
_DOSE_SENTENCE = re.compile(
    r"[^.!?\n]*\b\d+(?:[.,]\d+)? ?(?:mg|mcg|µg|ml|milligrams?|micrograms?|units?|tablets?|pills?|"
    r"capsules?|puffs?|teaspoons?|tsp)\b[^.!?\n]*[.!?]?", re.IGNORECASE,
)
_SCOPE_NOTES = {
    "diagnosis": "the patient asks whether they have a condition. Give general information "
                 "only; do not say whether they have it.",
    "dosing": "the patient asks about their own dose or changing a medicine. Give general "
              "information only; never give a dose or say to start, stop or change a medicine.",
    "test_results": "the patient asks what their own test result means. Give general "
                    "information only; do not interpret their result.",
}


def _default(name: str):
    """The packaged default of a setting: one place for each number."""
    return Settings.model_fields[name].default


@dataclass(frozen=True)
class AnswerOptions:
    top_k: int = _default("top_k_passages")
    min_relevance: float = _default("min_relevance")
    passage_token_budget: int = _default("passage_token_budget")
    max_answer_tokens: int = _default("max_answer_tokens")
    reading_grade_target: float = _default("reading_grade_target")
    history_turns: int = 2  # earlier question-answer pairs a follow-up is given as context
    numbers: ContactNumbers = field(default_factory=ContactNumbers)


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
                 *, tagger: EntityTagger | None = None, checker: SupportChecker | None = None,
                 offload: OffloadDecision = CPU_ONLY) -> None:
        self.retriever = retriever
        self.llm = llm
        self.options = options
        self.tagger = tagger  # recognises diseases and drugs; optional
        # Every sentence shown must be backed by its passage (words only, unless given the
        # embedder: the factory shares the retriever's).
        self.checker = checker or SupportChecker(tagger=tagger)
        self.offload = offload  # what was decided about the GPU, and why

    def load(self) -> None:
        """Load every model now (otherwise the first question does)."""
        self.retriever.load()
        self.llm.load()
        if self.tagger is not None:
            self.tagger.load()
        # Word lists load on first use and hold the GIL for about a second: load them now, not
        # while the window is waiting on an answer.
        check_question("warm up")  # the typo corrector's
        grade_level("Word lists load once.")  # textstat's syllable dictionary

    def status(self) -> EngineStatus:
        documents, passages = self.retriever.library_size()
        return EngineStatus(self.llm.name, self.offload.device, self.offload.reason,
                            documents, passages)

    def close(self) -> None:
        self.llm.close()
        self.retriever.close()
        if self.tagger is not None:
            self.tagger.close()

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
        answer = self._new_answer(question)
        safety = check_question(question)
        answer.flags.extend(safety.flags)
        answer.language = safety.message_language
        if safety.emergency:  # the model is never asked
            return (yield from self._emergency(answer, safety.emergency, started,
                                               self._other_language_note(safety)))
        if not safety.language.supported:  # a fixed message: the model is not asked
            answer.text = unsupported_language(self.options.numbers)
            answer.text += self._other_language_note(safety)
            answer.flags.append(Flag("language_unsupported",
                                     f"the question reads as {safety.language.code}"))
            yield answer.text
            answer.timings.total_ms = _ms_since(started)
            return answer

        search_text = question
        if answer.language != ENGLISH:  # the library is English: search with an English rendering
            started_translation = time.perf_counter()
            search_text = QuestionTranslator(self.llm).to_english(question, cancel)
            answer.timings.translate_ms = _ms_since(started_translation)
            answer.flags.append(Flag("translated", f"searched as: {search_text}"))
            hit = second_look(answer.language, question, search_text)
            if hit is not None:
                answer.flags.append(hit.flag)
                return (yield from self._emergency(answer, hit, started))
            answer.flags.append(Flag("answered_in_english", "the answer is written in English "
                                     "from the English library"))

        question_entities = self._tag(search_text)
        answer.entities = found_in(question_entities, "question")
        named = terms(question_entities)
        history = follow_up_context(question, history, named, self.options.history_turns)
        query = retrieval_query(search_text, history)
        if history:  # searched with the question it follows, and that question's terms
            answer.flags.append(Flag("follow_up", f"follows on from: {history[-1][0]}"))
            named = terms(self._tag(query))
        found = self.retriever.search(query, self.options.top_k, named)
        relevant = _without_instructions(
            [p for p in found if p.score >= self.options.min_relevance], answer)
        answer.timings.retrieval_ms = _ms_since(started)
        if not relevant:
            best = f"{found[0].score:.2f}" if found else "none"
            _no_information(answer, f"best passage score {best} is below the relevance "
                                    f"threshold {self.options.min_relevance:.2f}")
            yield answer.text
            answer.timings.total_ms = _ms_since(started)
            return answer

        scope = [h.kind for h in safety.scope]
        preamble = scope_preamble(scope) if scope else ""
        if preamble:
            yield preamble + "\n\n"
        note = " ".join(_SCOPE_NOTES[k] for k in dict.fromkeys(scope))
        prompt = build_prompt(question, relevant, budget_tokens=self.options.passage_token_budget,
                              count_tokens=self.llm.count_tokens, history=history, note=note)
        answer.passages = prompt.passages
        draft = yield from self._generate(prompt.messages, answer, started, cancel)
        answer.draft = draft
        self._finish(answer, draft, prompt.passages, no_doses="dosing" in scope)
        if answer.citations:
            yield from self._simplify_if_needed(prompt, draft, answer, cancel,
                                                no_doses="dosing" in scope)
        if preamble:
            answer.text = f"{preamble}\n\n{answer.text}"
        answer.entities += found_in(self._tag(answer.text), "answer")
        answer.timings.total_ms = _ms_since(started)
        return answer

    def _tag(self, text: str) -> list[Entity]:
        return self.tagger.annotate([text])[0] if self.tagger is not None and text else []

    def _generate(self, messages: list[dict[str, str]], answer: Answer, started: float,
                  cancel: threading.Event | None) -> Generator[str, None, str]:
        rendered = self.llm.render(messages)
        answer.timings.prompt_tokens += len(rendered.tokens)
        pieces: list[str] = []
        for piece in self.llm.stream(rendered, max_tokens=self.options.max_answer_tokens,
                                     cancel=cancel):
            if not answer.timings.ttft_ms:
                answer.timings.ttft_ms = _ms_since(started)
            pieces.append(piece)
            yield piece
        draft = "".join(pieces)
        answer.timings.completion_tokens += self.llm.count_tokens(draft) if draft else 0
        return draft

    def _simplify_if_needed(self, prompt: Prompt, draft: str, answer: Answer,
                            cancel: threading.Event | None,
                            *, no_doses: bool) -> Generator[str, None, None]:
        """Above the target reading grade, ask once for simpler words (the conversation so far
        stays in llama.cpp's cache, so this costs only the new tokens)."""
        answer.reading_grade = grade_level(answer.text)
        if answer.reading_grade <= self.options.reading_grade_target:
            return
        yield "\n\n"
        messages = [*prompt.messages, {"role": "assistant", "content": draft},
                    {"role": "user", "content": SIMPLER_REQUEST}]
        simpler_draft = yield from self._generate(messages, answer, time.perf_counter(), cancel)
        simpler = replace(answer, flags=[], citations=[], support=[])
        self._finish(simpler, simpler_draft, prompt.passages, no_doses=no_doses)
        grade = grade_level(simpler.text) if simpler.citations else None
        # Simpler words must not cost grounding: small models drift when they reword.
        grounded = cited_share(simpler.text) >= min(cited_share(answer.text), 0.75)
        if grade is not None and grade < answer.reading_grade and grounded:
            answer.flags.append(Flag("simplified", f"reworded from grade {answer.reading_grade} "
                                     f"to grade {grade} (target {self.options.reading_grade_target})"))
            answer.text, answer.citations, answer.reading_grade = simpler.text, simpler.citations, grade
            answer.support = simpler.support
            answer.flags.extend(f for f in simpler.flags if not answer.has_flag(f.code))
        else:
            answer.flags.append(Flag("reading_level_high", f"grade {answer.reading_grade} is above "
                                     f"the target {self.options.reading_grade_target}; the simpler "
                                     "rewording was less grounded, so it was not used"))

    def _finish(self, answer: Answer, draft: str, passages: Sequence[Passage],
                *, no_doses: bool) -> None:
        """Show only what the passages back (or their own sentences, or no information)."""
        started = time.perf_counter()
        if no_doses and _DOSE_SENTENCE.search(draft):
            draft = _DOSE_SENTENCE.sub("", draft)
            answer.flags.append(Flag("dose_removed", "a sentence naming an amount of medicine was "
                                     "removed from an answer to a personal dosing question"))
        grounded = ground(answer.question, draft, passages, self.checker,
                          withhold=_DOSE_SENTENCE if no_doses else None)
        answer.text, answer.citations = grounded.text, grounded.citations
        if grounded.text == NO_INFORMATION:  # in the patient's language
            answer.text = no_information(answer.language)
        answer.support = grounded.support
        answer.flags.extend(grounded.flags)
        answer.timings.check_ms = round(answer.timings.check_ms + _ms_since(started), 1)

    def _emergency(self, answer: Answer, hit: RedFlagHit, started: float, note: str = ""
                   ) -> Generator[str, None, Answer]:
        """End the turn with the fixed emergency message, in the patient's language."""
        answer.text = emergency_message(hit.category, self.options.numbers, answer.language) + note
        yield answer.text
        answer.timings.total_ms = _ms_since(started)
        return answer

    def _other_language_note(self, safety: SafetyCheck) -> str:
        """The line in the patient's own language, when CareQA does not answer in it."""
        if safety.language.supported:
            return ""
        note = other_language_note(safety.language.code, self.options.numbers)
        return f"\n\n{note}" if note else ""

    def _new_answer(self, question: str) -> Answer:
        return Answer(question=question, text="", timings=Timings(),
                      model=self.llm.name, gpu_layers=self.llm.n_gpu_layers,
                      offload_reason=self.offload.reason)


def _without_instructions(passages: list[Passage], answer: Answer) -> list[Passage]:
    """Retrieved text is data: sentences that try to instruct the model are removed."""
    cleaned = []
    for passage in passages:
        text, removed = strip_instructions(passage.text)
        if removed:
            answer.flags.append(Flag("passage_instructions_removed",
                                     f"removed {removed} instruction-like sentences from "
                                     f"passage {passage.passage_id} ({passage.title})"))
        if text.strip():
            cleaned.append(replace(passage, text=text) if removed else passage)
    return cleaned


def _no_information(answer: Answer, reason: str, code: str = "no_information") -> None:
    answer.text, answer.citations = no_information(answer.language), []
    answer.flags.append(Flag(code, reason))


def _ms_since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)
