"""Which sentences of a cited passage back the answer: the part to highlight when a patient
opens citation [n].

Deterministic word overlap, like engine.attribution: for every answer sentence carrying [n],
the passage sentence sharing most of its content words is the one it was drawn from.
"""

from __future__ import annotations

import re

from engine.attribution import content_words
from knowledge.chunking import split_sentences

_MARKER = re.compile(r"\[(\d+)\]")
MIN_SHARED_WORDS = 2  # one shared word ("asthma") says nothing about where a claim came from


def sentences_citing(answer_text: str, n: int) -> list[str]:
    """The answer's sentences that carry the marker [n], without their markers."""
    return [_MARKER.sub("", sentence).strip()
            for line in answer_text.splitlines() for sentence in split_sentences(line)
            if str(n) in _MARKER.findall(sentence)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence of `text`, in order."""
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in split_sentences(text):
        # split_sentences folds whitespace: find the sentence again with any whitespace.
        pattern = r"\s+".join(re.escape(word) for word in sentence.split())
        match = re.compile(pattern).search(text, position)
        if match:
            spans.append((match.start(), match.end()))
            position = match.end()
    return spans


def cited_spans(answer_text: str, n: int, passage_text: str,
                question: str = "") -> list[tuple[int, int]]:
    """Offsets of the passage sentences that answer sentences citing [n] were drawn from.

    The question's words are left out: every sentence of a cited passage shares its topic.
    """
    topic = content_words(question)
    spans = sentence_spans(passage_text)
    words = [content_words(passage_text[start:end]) - topic for start, end in spans]
    chosen: set[int] = set()
    for claim in sentences_citing(answer_text, n):
        claim_words = content_words(claim) - topic
        shared = [len(claim_words & sentence) for sentence in words]
        best = max(shared, default=0)
        if best >= MIN_SHARED_WORDS:
            chosen.update(i for i, count in enumerate(shared) if count == best)
    return [spans[i] for i in sorted(chosen)]
