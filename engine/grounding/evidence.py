"""A given passage read the way the support check needs it: sentences, clauses, stems, numbers.

Support is judged against a passage's own sentences, one at a time or two together (a model
often merges two), never against the passage as a bag of words: a passage on chronic kidney
disease shares "urine" and "kidney" with any sentence about urine colour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from engine.grounding.polarity import clauses, direction, negated, negation_by_stem
from engine.grounding.words import all_stems, content_stems, numbers
from engine.types import Passage
from knowledge.chunking import split_sentences


@dataclass(frozen=True)
class Clause:
    stems: frozenset[str]
    direction: int  # engine.grounding.polarity.direction
    sentence: int  # index of the passage sentence it is part of


@dataclass(frozen=True)
class Window:
    """One passage sentence, or two of its sentences read together."""

    text: str
    stems: frozenset[str]
    sentences: tuple[int, ...]  # their indexes in the passage


@dataclass
class PassageEvidence:
    number: int  # the [n] it is cited by
    passage: Passage
    sentences: list[str]
    heading_stems: frozenset[str]
    windows: list[Window]
    clauses: list[Clause]
    negations: list[dict[str, set[bool]]]  # per sentence: stem -> negated in its occurrences?
    every_stem: frozenset[str]  # every word of text and heading, for "named anywhere?"
    numbers: frozenset[float]
    acronyms: frozenset[str]  # initials of 2-5 consecutive words: "urinary tract infection" -> "uti"

    @classmethod
    def of(cls, number: int, passage: Passage) -> PassageEvidence:
        sentences = split_sentences(passage.text) or [passage.text]
        stems = [frozenset(content_stems(s)) for s in sentences]
        windows = [Window(s, st, (i,)) for i, (s, st) in enumerate(zip(sentences, stems, strict=True))]
        # A model often merges two sentences of a passage, not always neighbours.
        windows += [Window(f"{sentences[i]} {sentences[j]}", stems[i] | stems[j], (i, j))
                    for i, j in combinations(range(len(sentences)), 2)]
        heading = f"{passage.title} {passage.section}"
        found = [Clause(frozenset(content_stems(c)), direction(c), i)
                 for i, s in enumerate(sentences) for c in clauses(s)]
        return cls(number, passage, sentences, frozenset(content_stems(heading)), windows,
                   [c for c in found if c.stems], _negations(sentences),
                   frozenset(all_stems(f"{heading} {passage.text}")),
                   frozenset(numbers(f"{heading} {passage.text}")),
                   _initials(f"{heading} {passage.text}"))


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def _negations(sentences: list[str]) -> list[dict[str, set[bool]]]:
    """Each sentence's negated words. A list item under a negated lead-in ("Do not:", "Avoid
    these:") is negated as a whole: "- Cleaning cat litter" there means "do not clean it"."""
    found: list[dict[str, set[bool]]] = []
    lead_negated = False
    for sentence in sentences:
        item = bool(_LIST_ITEM.match(sentence))
        if item and lead_negated:  # the item's first clause; "which can spread ..." is its own
            head, *rest = clauses(sentence) or [sentence]
            words = negation_by_stem(head, inverted=True)
            for word, states in negation_by_stem(" ; ".join(rest)).items():
                words.setdefault(word, set()).update(states)
            found.append(words)
        else:
            found.append(negation_by_stem(sentence))
        if not item:
            lead_negated = sentence.rstrip().endswith(":") and negated(sentence)
    return found


def _initials(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return frozenset("".join(w[0] for w in words[i:i + size])
                     for size in range(2, 6) for i in range(len(words) - size + 1))
