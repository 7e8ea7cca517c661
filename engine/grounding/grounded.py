"""From the model's draft to what the patient reads: checked sentences, or the library's own.

The draft's invalid markers go first (engine.citations), then every sentence is checked against
the passages and the answer is put back together from what stands. When no claim of the draft
stands, or the model said it had no information although the passages were relevant enough to
reach it, the best passage sentences are shown instead (extractive); only when none of them is
close to the question is the answer "no information".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.citations import check_citations
from engine.grounding.extractive import MIN_SCORE, best_sentences, extractive_answer, relevance
from engine.grounding.revise import revise
from engine.grounding.support import SentenceSupport, SupportChecker
from engine.types import Citation, Flag, Passage
from knowledge.chunking import split_sentences

NO_INFORMATION = (
    "The clinic's library has no information on that. Please ask your doctor, nurse or "
    "pharmacist: they can help with your question."
)
# A grounded answer sometimes ends with the model's own "no information" line: drop it.
_NO_INFO_SENTENCE = re.compile(r"[^.!?\n]*\bno information\b[^.!?\n]*[.!?]?", re.IGNORECASE)


@dataclass
class Grounded:
    text: str
    citations: list[Citation] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    support: list[SentenceSupport] = field(default_factory=list)
    source: str = "model"  # "model", "extractive" or "none" (the no-information answer)


def ground(question: str, draft: str, passages: Sequence[Passage], checker: SupportChecker,
           *, withhold: re.Pattern[str] | None = None) -> Grounded:
    """`withhold`: passage sentences matching it are never shown (doses, for a personal dosing
    question)."""
    said_no_information = bool(_NO_INFO_SENTENCE.search(draft))
    draft = _without_headings(_NO_INFO_SENTENCE.sub("", draft), passages)
    checked = check_citations(draft, passages)
    result = Grounded("", flags=list(checked.flags))
    result.support = checker.check(question, checked.text, passages)
    revision = revise(result.support)
    result.flags.extend(revision.flags)
    if revision.claims_shown and _answers(question, revision.text, checker):
        result.text = revision.text
        return _cited(result, passages)
    extracts = [x for x in best_sentences(question, passages, checker.encoder)
                if withhold is None or not withhold.search(x.text)]
    if extracts:
        result.text, result.source = extractive_answer(extracts), "extractive"
        why = ("the model said it had no information" if said_no_information else
               "the sentences of the model's answer that its passages back do not answer the "
               "question" if revision.claims_shown else
               "no sentence of the model's answer was backed by its passage")
        result.flags.append(Flag("extractive_fallback", f"{why}, so the library's own sentences "
                                 "closest to the question are shown"))
    elif revision.claims_shown:
        result.text = revision.text  # on the topic, if not close: better than nothing
    else:
        result.text, result.source = NO_INFORMATION, "none"
        result.flags.append(_nothing_to_show(said_no_information or not result.support))
        return result
    return _cited(result, passages)


def _answers(question: str, text: str, checker: SupportChecker) -> bool:
    """Does the checked answer answer the question? Judged only with embeddings (words alone
    cannot tell "what the passage says" from "what was asked")."""
    if checker.encoder is None:
        return True
    sentences = [s for line in text.splitlines() for s in split_sentences(line)]
    return relevance(question, sentences, checker.encoder) >= MIN_SCORE


def _cited(result: Grounded, passages: Sequence[Passage]) -> Grounded:
    result.citations = check_citations(result.text, passages).citations
    return result


def _without_headings(draft: str, passages: Sequence[Passage]) -> str:
    """Small models copy the prompt's "[1] Title - Section" lines: a heading is not an answer."""
    for passage in passages:
        heading = " - ".join(part for part in (passage.title, passage.section) if part)
        words = r"\s+".join(map(re.escape, heading.split()))
        # Only as a line of its own: "COPD (...) is a lung disease" keeps its subject.
        pattern = rf"(?:\[\d+\]\s*)?{words}[?:.]?(?=\s*(?:$|\[|[A-Z]))"
        draft = re.sub(pattern, " ", draft, flags=re.MULTILINE)
    return draft


def _nothing_to_show(model_said_so: bool) -> Flag:
    if model_said_so:
        return Flag("no_information", "the passages found do not answer it")
    return Flag("ungrounded", "no sentence of the model's answer was backed by the passages it "
                "was given, and no passage sentence is close to the question, so it was not shown")
