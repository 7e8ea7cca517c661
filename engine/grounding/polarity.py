"""Which way a clause points: "does not cause" against "causes", "can stop" against "take all".

A clause's sign is the parity of its negating words: negations ("not", "never", "without",
"avoid") and stopping ("stop", "quit"). Two clauses that talk about the same thing
(engine.grounding.support aligns them) and differ in sign say opposite things. Direction is read
apart, and only where neither clause turns: "raises" against "lowers" is a contradiction, but in
"eating less salt lowers blood pressure" the two lowering words do not cancel out.

Certainty is read apart: a sentence that says "always" where its passage says "may" claims more
than the passage does.
"""

from __future__ import annotations

import re

_CONTRACTED = re.compile(r"\b\w+n[’']t\b")  # don't, can't, isn't, shouldn't, won't ...
_NEGATORS = frozenset(
    "not no never none nothing neither nor cannot cant dont doesnt didnt isnt arent wasnt werent "
    "wont wouldnt shouldnt mustnt without avoid avoids avoided avoiding unsafe unable "
    "ineffective useless".split()
)
_STOPPING = frozenset("stop stops stopped stopping quit quits quitting".split())
# Verbs only: "less" and "more" qualify a noun ("eating less salt"), they do not say which way
# the outcome goes.
_LOWERING = frozenset(
    "lower lowers lowered lowering reduce reduces reduced reducing decrease decreases decreased "
    "decreasing".split()
)
_RAISING = frozenset("raise raises raised raising increase increases increased increasing".split())
# "lower back", "lower legs": a place, not a direction.
_PLACE_LOWER = re.compile(r"\blower\s+(?:back|belly|abdomen|body|part|parts|leg|legs|arm|arms|"
                          r"lip|jaw|teeth|stomach|chest|lungs?)\b")
CERTAIN = frozenset("always every all must definitely certainly guaranteed completely "
                    "entirely permanently".split())
HEDGES = frozenset("may might can could some sometimes often usually most many possible "
                   "possibly likely unlikely rarely".split())
_CLAUSE_BREAK = re.compile(r"[;,:()]|\s[-–—]\s|\b(?:but|however|although|though|whereas|"
                           r"while|unless|instead)\b", re.IGNORECASE)
_YES_NO_OPENER = re.compile(r"^\s*(yes|no)\b[\s,.!;:-]*", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    lowered = _PLACE_LOWER.sub(" ", text.lower())
    lowered = _CONTRACTED.sub(" not ", lowered)
    return re.findall(r"[a-z]+", lowered)


def sign(text: str) -> int:
    """+1 or -1: the parity of negating and stopping words."""
    turns = sum(t in _NEGATORS or t in _STOPPING for t in _tokens(text))
    return -1 if turns % 2 else 1


def direction(text: str) -> int:
    """+1 for raising only, -1 for lowering only, 0 for neither, both, or a clause that turns."""
    tokens = set(_tokens(text))
    if tokens & (_NEGATORS | _STOPPING):
        return 0
    up, down = bool(tokens & _RAISING), bool(tokens & _LOWERING)
    return 0 if up == down else (1 if up else -1)


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_BREAK.split(text) if c and c.strip()]


def certainty_words(text: str) -> set[str]:
    return set(_tokens(text)) & CERTAIN


def hedge_words(text: str) -> set[str]:
    return set(_tokens(text)) & HEDGES


def split_yes_no(sentence: str) -> tuple[str, str]:
    """("yes" | "no" | "", the rest): "No, teething does not cause a fever." -> ("no", ...)."""
    match = _YES_NO_OPENER.match(sentence)
    if not match:
        return "", sentence
    return match.group(1).lower(), sentence[match.end():]
