"""Match answer sentences that carry no [n] marker to the passage they were drawn from.

Small local models often answer faithfully from the passages but forget the markers. A sentence
whose content words mostly appear in one given passage gets that passage's number; sentences with
no clear source stay uncited. This is deterministic and cheap (word sets, no model call).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.types import Passage
from knowledge.chunking import split_sentences

MIN_SUPPORT = 0.6  # share of a sentence's content words found in the passage
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


def best_source(sentence: str, passages: Sequence[Passage], question: str = "") -> tuple[int, float]:
    """(1-based passage number, support) of the passage that best covers the sentence.

    Words of the question are left out: every retrieved passage shares the topic ("blood
    pressure"), so only the sentence's other words show where it came from.
    """
    words = content_words(sentence) - content_words(question)
    if len(words) < 3:  # too short to attribute ("Talk to your doctor.")
        return 0, 0.0
    best, support = 0, 0.0
    for number, passage in enumerate(passages, start=1):
        share = len(words & content_words(passage.text)) / len(words)
        if share > support:
            best, support = number, share
    return best, support


def add_missing_citations(
    answer: str, passages: Sequence[Passage], question: str = ""
) -> tuple[str, int]:
    """Return the answer with markers added to well-supported uncited sentences, and how many."""
    added = 0
    lines: list[str] = []
    for line in answer.splitlines():  # keep the answer's paragraphs and list items
        sentences: list[str] = []
        for sentence in split_sentences(line):
            if _only_markers(sentence) and sentences:  # a stray "[2]." after the sentence
                if not _MARKER.search(sentences[-1]):
                    sentences[-1] = _append_marker(sentences[-1], _MARKER.search(sentence).group())
                continue
            if not _MARKER.search(sentence):
                number, support = best_source(sentence, passages, question)
                if number and support >= MIN_SUPPORT:
                    sentence = _append_marker(sentence, f"[{number}]")
                    added += 1
            sentences.append(sentence)
        prefix = line[: len(line) - len(line.lstrip())]
        lines.append(prefix + " ".join(sentences))
    return "\n".join(lines), added


def _only_markers(sentence: str) -> bool:
    return bool(_MARKER.search(sentence)) and not _MARKER.sub("", sentence).strip(" .,;")


def _append_marker(sentence: str, marker: str) -> str:
    """Put the marker before the sentence's closing punctuation: "... lungs [2]." """
    match = re.search(r"([.!?]+[\"')\]]*)$", sentence)
    if match:
        return f"{sentence[: match.start()]} {marker}{match.group(1)}"
    return f"{sentence} {marker}"


def cited_share(text: str) -> float:
    """Share of the answer's substantial sentences (4+ words) that carry a citation."""
    sentences = [s for line in text.splitlines() for s in split_sentences(line)
                 if len(_MARKER.sub("", s).split()) >= 4]
    if not sentences:
        return 0.0
    return sum(bool(_MARKER.search(s)) for s in sentences) / len(sentences)
