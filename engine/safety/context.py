"""How a red flag is read in its clause, for any language: negated, past, hypothetical, a general
question, or said of someone now. Each language gives its own word lists (a `ClauseReading`):
English's are in engine.safety.emergency, the others' in engine/languages/<code>.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.safety.text import clause_around

__all__ = ["ClauseReading", "asserted_now"]


@dataclass(frozen=True)
class ClauseReading:
    """The words that change what a red flag in the same clause means."""

    negation: re.Pattern[str]  # looked for just before the match
    past: re.Pattern[str]  # "5 years ago", "last month": over unless still happening
    still_happening: re.Pattern[str]  # outweighs a past phrase ("years ago ... again now")
    present: re.Pattern[str]  # "now", "right now": outweighs hypothetical and general readings
    hypothetical: re.Pattern[str]  # "if", "in case", before the match
    how_to: re.Pattern[str]  # "what are the signs of", "how do I recognise"
    general_question: re.Pattern[str]  # opens a question about anyone ("what", "is")
    person: re.Pattern[str]  # someone it happens to ("my dad", "I", "she")
    # A figure of speech in the same clause ("me muero de risa", "笑死"); English reads the
    # whole text for these instead (engine.safety.emergency).
    figurative: re.Pattern[str] = re.compile(r"(?!x)x")
    # Anywhere in the text: it is not about a patient now ("学校作业", "en la novela").
    off_topic: re.Pattern[str] = re.compile(r"(?!x)x")
    # Said later in the text, it ends the red flag: "…but now he is fine", "…现在没事了".
    resolved_after: re.Pattern[str] = re.compile(r"(?!x)x")
    # Words (spaced languages) or characters (Chinese) just before a match searched for negation.
    negation_window: int = 5
    spaced: bool = True
    always_personal: frozenset[str] = field(default_factory=lambda: frozenset({"suicide_self_harm"}))


def _just_before(before: str, reading: ClauseReading) -> str:
    if reading.spaced:
        return " ".join(before.split()[-reading.negation_window:])
    return before[-reading.negation_window:]


def asserted_now(reading: ClauseReading, text: str, start: int, category: str) -> bool:
    """Is the red flag matched at `start` said of someone, now (not negated, past, hypothetical,
    a how-to or a general question with no person in it)?"""
    before, clause = clause_around(text, start)
    if reading.figurative.search(clause) or reading.off_topic.search(text):
        return False
    if reading.resolved_after.search(text, start + len(clause) - len(before)):
        return False
    if reading.negation.search(_just_before(before, reading)):
        return False
    present = reading.present.search(clause)
    if reading.past.search(clause) and not reading.still_happening.search(clause):
        return False
    if reading.hypothetical.search(before) and not present:
        return False
    if reading.how_to.search(clause) and not present:
        return False
    if category in reading.always_personal:
        return True
    # A general question, in the clause or opening the whole text, with nobody in it.
    general = any(reading.general_question.search(part) and not reading.person.search(part)
                  for part in (clause, text))
    return not (general and not present)
