"""The emergency gate for the languages whose rules are data (engine/languages/<code>.yaml).

Each pack gives its clause breaks, the words that change a red flag's meaning (a ClauseReading)
and its red-flag patterns per category. Text is lower-cased (and, where the pack says, stripped
of accents) and split into clauses as the English gate does; Chinese is matched on characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from engine.languages import ENGLISH, pack, supported
from engine.safety.context import ClauseReading, asserted_now
from engine.safety.red_flags import RULES
from engine.safety.text import CLAUSE_MARK

__all__ = ["PackGate", "find_pack_red_flags", "gate_languages"]

_REASONS = {rule.category: rule.reason for rule in RULES}
_SPACED_NON_WORD = re.compile(r"[^\w./\s]+")


@dataclass(frozen=True)
class PackGate:
    language: str
    reading: ClauseReading
    clause_breaks: re.Pattern[str]
    fold_accents: bool
    rules: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]  # (category, patterns)

    def normalise(self, text: str) -> str:
        text = text.lower()
        if self.fold_accents:
            text = "".join(c for c in unicodedata.normalize("NFKD", text)
                           if not unicodedata.combining(c))
        clauses = []
        for clause in self.clause_breaks.split(text):
            if self.reading.spaced:
                clause = " ".join(_SPACED_NON_WORD.sub(" ", clause.replace("'", "")).split())
            else:
                clause = "".join(clause.split())
            if clause:
                clauses.append(clause)
        joiner = f" {CLAUSE_MARK} " if self.reading.spaced else CLAUSE_MARK
        return joiner.join(clauses)


def _compile(gate: dict, key: str) -> re.Pattern[str]:
    return re.compile(gate[key])


@cache
def _gate(language: str) -> PackGate:
    gate = pack(language).gate
    if gate is None:
        raise ValueError(f"{language} has no rule pack")
    reading = ClauseReading(
        negation=_compile(gate, "negation"), past=_compile(gate, "past"),
        still_happening=_compile(gate, "still_happening"), present=_compile(gate, "present"),
        hypothetical=_compile(gate, "hypothetical"), how_to=_compile(gate, "how_to"),
        general_question=_compile(gate, "general_question"), person=_compile(gate, "person"),
        figurative=_compile(gate, "figurative"),
        resolved_after=_compile(gate, "resolved_after"), off_topic=_compile(gate, "off_topic"),
        negation_window=int(gate["negation_window"]),
        spaced=bool(gate["spaced"]),
    )
    rules = tuple((category, tuple(re.compile(p) for p in patterns))
                  for category, patterns in gate["rules"].items())
    unknown = {category for category, _ in rules} - set(_REASONS)
    if unknown:
        raise ValueError(f"{language}: unknown red-flag categories {sorted(unknown)}")
    return PackGate(language, reading, _compile(gate, "clause_breaks"),
                    bool(gate.get("fold_accents", False)), rules)


def gate_languages() -> tuple[str, ...]:
    """The supported languages whose gate is a rule pack (all but English)."""
    return tuple(code for code in supported() if code != ENGLISH)


def find_pack_red_flags(language: str, question: str) -> list[tuple[str, str, str]]:
    """(category, reason, matched) for each category the question asserts about someone now."""
    gate = _gate(language)
    text = gate.normalise(question)
    hits = []
    for category, patterns in gate.rules:
        for pattern in patterns:
            match = next((m for m in pattern.finditer(text)
                          if asserted_now(gate.reading, text, m.start(), category)), None)
            if match:
                hits.append((category, _REASONS[category], match.group().strip()))
                break
    return hits


def admits_second_look(language: str, question: str) -> bool:
    """May the English rules' reading of a machine rendering count? Only when the question, in
    its own words, has none of its language's signs of a non-emergency (past, habitual,
    hypothetical, a how-to or general question, a figure of speech, over by now): a rendering
    drops those easily ("el mes pasado tuve una convulsión" -> "you had a seizure")."""
    gate = _gate(language)
    text, reading = gate.normalise(question), gate.reading
    signs = (reading.past, reading.hypothetical, reading.how_to, reading.figurative,
             reading.off_topic, reading.resolved_after)
    general = reading.general_question.search(text) and not reading.person.search(text)
    return not general and not any(sign.search(text) for sign in signs)
