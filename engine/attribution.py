"""Content words of answers and passages, and how much of an answer carries citations.

Cheap word sets for the highlighter and follow-up detection. Which passage backs a sentence
(and giving an uncited sentence its [n]) is engine.grounding's job.
"""

from __future__ import annotations

import re

from knowledge.chunking import split_sentences

_MARKER = re.compile(r"\[\d+(?:\s*[,\-–]\s*\d+)*\]")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP_WORDS = frozenset(
    "a an and are as at be been but by can could do does for from has have he her his how i if in "
    "into is it its may might more most my not of on or our she should so some such than that the "
    "their them then there these they this those to too up us very was we were what when where "
    "which who will with would you your also about any all".split()
)


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP_WORDS and len(w) > 1}


def cited_share(text: str) -> float:
    """Share of the answer's substantial sentences (4+ words) that carry a citation."""
    sentences = [s for line in text.splitlines() for s in split_sentences(line)
                 if len(_MARKER.sub("", s).split()) >= 4]
    if not sentences:
        return 0.0
    return sum(bool(_MARKER.search(s)) for s in sentences) / len(sentences)
