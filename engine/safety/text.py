"""Normalising patient wording for the safety rules: case, apostrophes, typos, clauses.

Typos are corrected only towards the words the rules use (edit distance 1, or 2 for long words,
same first letter), so "chest pian" and "cant breath" reach the rules while ordinary words that
the rules do not know are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "", "\u2018": "", "'": "", "`": ""})
_NON_WORD = re.compile(r"[^a-z0-9./\s]+")
# A full stop ends a clause only before a space ("38.5" stays one token).
_CLAUSE_BREAK = re.compile(r"[;!?,:()\n]+|\.(?=\s|$)|\s-\s|\b(?:but|however|though|although)\b")
CLAUSE_MARK = "|"


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions; stops early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class Corrector:
    """Maps misspelt tokens onto a fixed vocabulary of rule words."""

    def __init__(self, vocabulary: Iterable[str], protected: Iterable[str] = ()) -> None:
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= 4)
        self.protected = frozenset(protected)
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            self._by_initial.setdefault(word[0], []).append(word)
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _correct(self, token: str) -> str:
        if len(token) < 4 or token in self.vocabulary or token in self.protected or token.isdigit():
            return token
        limit = 1 if len(token) < 7 else 2
        best, best_distance = token, limit + 1
        for word in self._by_initial.get(token[0], ()):
            distance = damerau_levenshtein(token, word, limit)
            if distance < best_distance:
                best, best_distance = word, distance
        return best


def normalise(text: str, corrector: Corrector | None = None) -> str:
    """Lower-case, drop apostrophes ("can't" -> "cant"), correct typos, and mark clause breaks
    with " | " so that negation and time words can be read within their clause."""
    parts = []
    for clause in _CLAUSE_BREAK.split(text.lower()):
        tokens = _NON_WORD.sub(" ", clause.translate(_APOSTROPHES)).split()
        if corrector is not None:
            tokens = [corrector.correct(t) for t in tokens]
        if tokens:
            parts.append(" ".join(tokens))
    return f" {CLAUSE_MARK} ".join(parts)


def clause_around(text: str, position: int) -> tuple[str, str]:
    """(words before `position` in its clause, the whole clause) of normalised text."""
    start = text.rfind(CLAUSE_MARK, 0, position) + 1
    end = text.find(CLAUSE_MARK, position)
    end = len(text) if end == -1 else end
    return text[start:position].strip(), text[start:end].strip()
