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

from engine.grounding.evidence import PassageEvidence
from engine.grounding.support import about_excluded, excluded_terms
from engine.grounding.vectors import SentenceEncoder, Vectors
from engine.grounding.words import content_stems, plain
from engine.types import Passage

_LEANS_BACK = re.compile(r"^(?:but|and|so|also|this|that|these|those|it|its|they|their|them|he|"
                         r"she|then|however|instead|still|even so|otherwise)\b", re.IGNORECASE)
MIN_SCORE = 0.45  # below this the library has nothing close enough to offer as an answer
NEAR_BEST = 0.85  # further sentences must score this share of the best one
MAX_SENTENCES = 3
MAX_CANDIDATES = 16  # sentences embedded and compared with the question


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
                                    Extract(c.number, c.index - 1, plain(e.sentences[c.index - 1]), c.score))
    return [with_context[key] for key in sorted(with_context)]


def _scored(question: str, evidence: list[PassageEvidence],
            encoder: SentenceEncoder | None) -> list[Extract]:
    question_stems = content_stems(question)
    excluded = excluded_terms(question)
    if not question_stems:
        return []
    candidates = []
    for e in evidence:
        if any(about_excluded(group, e.heading_stems) for group in excluded):
            continue  # about what the question rules out
        for i, text in enumerate(e.sentences):
            stems = content_stems(text)
            own = len(question_stems & stems) / len(question_stems)
            shared = len(question_stems & (stems | e.heading_stems)) / len(question_stems)
            # A question ("How long will it take to feel normal again?") answers nothing.
            if len(plain(text).split()) >= 4 and shared and not text.rstrip().endswith("?"):
                candidates.append((own, shared, e.number, i, plain(text)))
    # Only the sentences that share most of the question's words are worth embedding.
    candidates = sorted(candidates, reverse=True)[:MAX_CANDIDATES]
    vectors = Vectors(encoder)
    if vectors.available and candidates:
        matrix = vectors.of([question, *(c[4] for c in candidates)])
        similarities = [float(x) for x in matrix[1:] @ matrix[0]]
    scored = []
    for k, (own, shared, number, i, text) in enumerate(candidates):
        score = (0.6 * similarities[k] + 0.25 * shared + 0.15 * own if vectors.available
                 else 0.8 * shared)
        scored.append(Extract(number, i, text, round(score, 4)))
    return sorted(scored, key=lambda s: -s.score)


def relevance(question: str, sentences: Sequence[str], encoder: SentenceEncoder | None) -> float:
    """How well the closest of `sentences` answers the question, on best_sentences' scale
    (without the heading's share: a shown sentence stands alone)."""
    question_stems = content_stems(question)
    if not sentences or not question_stems:
        return 0.0
    vectors = Vectors(encoder)
    best = 0.0
    similarities = ([vectors.closest(question, [s]) for s in sentences] if vectors.available
                    else [0.0] * len(sentences))
    for sentence, similarity in zip(sentences, similarities, strict=True):
        own = len(question_stems & content_stems(sentence)) / len(question_stems)
        best = max(best, 0.6 * similarity + 0.4 * own if vectors.available else 0.8 * own)
    return best


def extractive_answer(extracts: Sequence[Extract]) -> str:
    """The chosen sentences as the answer text, each ending with its [n]."""
    return " ".join(cite_sentence(x.text, x.number) for x in extracts)


def cite_sentence(sentence: str, number: int) -> str:
    match = re.search(r"([.!?]+[\"')\]]*)$", sentence)
    if match:
        return f"{sentence[: match.start()]} [{number}]{match.group(1)}"
    return f"{sentence} [{number}]."
