"""Which way a sentence points: "does not cause" against "causes", "raises" against "lowers".

Negation is read word by word, as NegEx does in clinical text: a negating word ("not", "never",
"without", "avoid") covers the few words after it, up to a clause break. Two sentences about the
same thing (engine.grounding.support aligns them) contradict each other when most of the words
they share are negated in one and not in the other: "teething does not cause a high fever"
against "teething can cause a high fever". Reading words, not whole sentences, keeps "antibiotics
don't work on colds and won't help" in agreement with "antibiotics do not work on colds".

Direction is read apart, and only where neither clause negates: "raises" against "lowers".
Certainty too: "always", "only" or "everyone" where the passage says nothing of the kind claims
more than the passage does.
"""

from __future__ import annotations

import re

from engine.grounding.words import CERTAINTY_WORDS, stem

NEGATION_SCOPE = 5  # words after a negating word that it covers
_CONTRACTED = re.compile(r"\b\w+n[’']t\b")  # don't, can't, isn't, shouldn't, won't ...
_NEGATORS = frozenset(
    "not no never none nothing neither nor cannot cant without avoid avoids avoided avoiding "
    "skip skips skipped skipping unsafe unable non".split()
)
# Words that end a negation's reach: "Do not give aspirin, but give fluids", "... aren't needed
# because lice don't live long".
_SCOPE_ENDS = frozenset("but however although though except unless whereas while instead "
                        "because since so if when then".split())
_TOKEN = re.compile(r"[a-z]+|[.;:!?()]")
# Verbs only: "less" and "more" qualify a noun ("eating less salt"), not which way things go.
_LOWERING = frozenset(
    "lower lowers lowered lowering reduce reduces reduced reducing decrease decreases decreased "
    "decreasing".split()
)
_RAISING = frozenset("raise raises raised raising increase increases increased increasing".split())
# "lower back", "lower legs": a place, not a direction.
_PLACE_LOWER = re.compile(r"\blower\s+(?:back|belly|abdomen|body|part|parts|leg|legs|arm|arms|"
                          r"lip|jaw|teeth|stomach|chest|lungs?)\b")
_CLAUSE_BREAK = re.compile(r"[;,:()]|\s[-–—]\s|\b(?:but|however|although|though|whereas|"
                           r"while|unless|instead|because|since|if|who|which)\b", re.IGNORECASE)
# "No, ..." answers the question; "No amount of alcohol ..." does not.
_YES_NO_OPENER = re.compile(r"^\s*(yes|no)\b(?:\s*[,.!;:-]+\s*|\s*$)", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    lowered = _PLACE_LOWER.sub(" ", text.lower().replace("-", " "))
    return _TOKEN.findall(_CONTRACTED.sub(" not ", lowered))


def negated(text: str) -> bool:
    """Does anything in the text negate?"""
    return any(t in _NEGATORS for t in _tokens(text))


def negation_of_words(text: str) -> dict[str, set[bool]]:
    """Each word of the text (lower-case) -> whether its occurrences are negated."""
    found: dict[str, set[bool]] = {}
    open_negations: list[int] = []  # positions of negating words still in reach
    for position, token in enumerate(_tokens(text)):
        if not token.isalpha() or token in _SCOPE_ENDS:
            open_negations.clear()
            continue
        open_negations = [p for p in open_negations if position - p <= NEGATION_SCOPE]
        if token in _NEGATORS:
            open_negations.append(position)
            continue
        found.setdefault(token, set()).add(len(open_negations) % 2 == 1)
    return found


def direction(text: str) -> int:
    """+1 for raising only, -1 for lowering only, 0 for neither, both, or a clause that negates."""
    tokens = set(_tokens(text))
    if tokens & _NEGATORS:
        return 0
    up, down = bool(tokens & _RAISING), bool(tokens & _LOWERING)
    return 0 if up == down else (1 if up else -1)


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_BREAK.split(text) if c and c.strip()]


def certainty_words(text: str) -> set[str]:
    return set(_tokens(text)) & CERTAINTY_WORDS


def split_yes_no(sentence: str) -> tuple[str, str]:
    """("yes" | "no" | "", the rest): "No, teething does not cause a fever." -> ("no", ...)."""
    match = _YES_NO_OPENER.match(sentence)
    if not match:
        return "", sentence
    return match.group(1).lower(), sentence[match.end():]


def negation_by_stem(text: str, *, inverted: bool = False) -> dict[str, set[bool]]:
    """negation_of_words, keyed by engine.grounding.words.stem (how support compares words).
    `inverted`: the text is negated as a whole ("Avoid:" before a list item, "No." before a
    restated question)."""
    merged: dict[str, set[bool]] = {}
    for word, states in negation_of_words(text).items():
        merged.setdefault(stem(word), set()).update(
            {not state for state in states} if inverted else states)
    return merged


def opposes(shared: frozenset[str], claim: dict[str, set[bool]], passage: dict[str, set[bool]],
            claim_direction: int, passage_direction: int) -> bool:
    """Do two aligned clauses say opposite things? Only words negated on at least one side count
    (the subject before a "not" is outside it on both sides and says nothing): most of them
    negated on one side only, or "raises" against "lowers"."""
    flips = agrees = 0
    for word in shared:
        mine, theirs = claim.get(word, set()), passage.get(word, set())
        if len(mine) != 1 or len(theirs) != 1 or mine == theirs == {False}:
            continue  # said both ways, not read, or negated on neither side
        flips += mine != theirs
        agrees += mine == theirs
    if flips > agrees:
        return True
    return claim_direction * passage_direction < 0
