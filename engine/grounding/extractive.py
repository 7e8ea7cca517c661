"""When the model's answer does not stand up, the library's own words: the passage sentences that
best answer the question, each with its [n].

A sentence is chosen by closeness in meaning to the question (MiniLM cosine) and by how many of
the question's words it or its heading shares. A sentence that leans on the one before it ("But
treatment can ease symptoms", "It is caused by a virus") brings that sentence with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.grounding.evidence import PassageEvidence
from engine.grounding.support import SentenceEncoder, _excluded_terms
from engine.grounding.words import content_stems, plain
from engine.types import Passage

_LEANS_BACK = re.compile(r"^(?:but|and|so|also|this|that|these|those|it|its|they|their|them|he|"
                         r"she|then|however|instead|still|even so|otherwise)\b", re.IGNORECASE)
MIN_SCORE = 0.45  # below this the library has nothing close enough to offer as an answer
NEAR_BEST = 0.85  # further sentences must score this share of the best one
MAX_SENTENCES = 3


@dataclass(frozen=True)
class Extract:
    number: int  # the passage's [n]
    index: int  # the sentence's place in the passage
    text: str
    score: float


def best_sentences(question: str, passages: Sequence[Passage],
                   encoder: SentenceEncoder | None) -> list[Extract]:
    """Up to three passage sentences that answer the question, in reading order; [] if none."""
    evidence = [PassageEvidence.of(n, p) for n, p in enumerate(passages, start=1)]
    scored = _scored(question, evidence, encoder)
    if not scored or scored[0].score < MIN_SCORE:
        return []
    chosen = [s for s in scored if s.score >= NEAR_BEST * scored[0].score][:MAX_SENTENCES]
    chosen = [s for s in chosen if s.number == chosen[0].number] or chosen[:1]  # one source reads best
    with_context = {(c.number, c.index): c for c in chosen}
    for c in chosen:
        if c.index > 0 and _LEANS_BACK.match(c.text):
            e = evidence[c.number - 1]
            with_context.setdefault((c.number, c.index - 1),
                                    Extract(c.number, c.index - 1, e.sentences[c.index - 1], c.score))
    return [with_context[key] for key in sorted(with_context)]


def _scored(question: str, evidence: list[PassageEvidence],
            encoder: SentenceEncoder | None) -> list[Extract]:
    question_stems = content_stems(question)
    excluded = _excluded_terms(question)
    sentences = [(e, i, s) for e in evidence for i, s in enumerate(e.sentences)
                 if len(plain(s).split()) >= 4]
    if not sentences or not question_stems:
        return []
    similarities = _similarities(question, [s for _, _, s in sentences], encoder)
    scored = []
    for (e, i, text), similarity in zip(sentences, similarities, strict=True):
        stems = content_stems(text)
        if any(group <= e.heading_stems for group in excluded):
            continue  # about what the question rules out
        shared = len(question_stems & (stems | e.heading_stems)) / len(question_stems)
        own = len(question_stems & stems) / len(question_stems)
        score = 0.6 * similarity + 0.25 * shared + 0.15 * own if encoder else shared * 0.8
        scored.append(Extract(e.number, i, plain(text), round(float(score), 4)))
    return sorted(scored, key=lambda s: -s.score)


def _similarities(question: str, sentences: list[str],
                  encoder: SentenceEncoder | None) -> np.ndarray:
    if encoder is None:
        return np.zeros(len(sentences), dtype=np.float32)
    matrix = encoder.encode([question, *sentences])
    return matrix[1:] @ matrix[0]


def extractive_answer(extracts: Sequence[Extract]) -> str:
    """The chosen sentences as the answer text, each ending with its [n]."""
    return " ".join(_cite(x.text, x.number) for x in extracts)


def _cite(sentence: str, number: int) -> str:
    match = re.search(r"([.!?]+[\"')\]]*)$", sentence)
    if match:
        return f"{sentence[: match.start()]} [{number}]{match.group(1)}"
    return f"{sentence} [{number}]."
