"""The pre-model safety check: emergencies and scope, with the reasons, for one question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from engine.languages import ENGLISH
from engine.languages.detect import LanguageGuess, detect_language
from engine.safety.emergency import RedFlagHit, by_priority, find_red_flags
from engine.safety.pack_gate import admits_second_look, find_pack_red_flags, gate_languages
from engine.safety.scope import ScopeHit, find_scope_requests
from engine.types import Entity, Flag

# Below this, the detected language is not trusted enough to skip the other languages' rules.
SURE_OF_LANGUAGE = 0.9


@dataclass(frozen=True)
class SafetyCheck:
    question: str
    red_flags: list[RedFlagHit] = field(default_factory=list)
    scope: list[ScopeHit] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    language: LanguageGuess = LanguageGuess(ENGLISH, 1.0, True)

    @property
    def message_language(self) -> str:
        """The language to answer in: the question's, or, when CareQA does not speak it, the
        language whose emergency rules matched (a misread "me duele" is still Spanish)."""
        if self.language.supported:
            if not self.red_flags or any(h.language == self.language.code for h in self.red_flags):
                return self.language.code
        return self.red_flags[0].language if self.red_flags else ENGLISH

    @property
    def emergency(self) -> RedFlagHit | None:
        return self.red_flags[0] if self.red_flags else None

    @property
    def flags(self) -> list[Flag]:
        flags = [h.flag for h in self.red_flags]
        flags += [Flag("scope", f"{h.kind}: {h.reason} (\"{h.matched}\")") for h in self.scope]
        return flags

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "language": self.language.code,
            "language_supported": self.language.supported,
            "flags": sorted({f.code for f in self.flags}),
            "reasons": [f.reason for f in self.flags],
            "emergency": self.emergency is not None,
            "categories": [h.category for h in self.red_flags],
            "scope": [h.kind for h in self.scope],
            "entities": [asdict(e) for e in self.entities],
        }


def _read_in(language: LanguageGuess, code: str) -> bool:
    """Read the question with `code`'s rules? Its own language's, and every language's when
    the detector is unsure or the language is one CareQA does not speak."""
    return code == language.code or not language.supported or language.confidence < SURE_OF_LANGUAGE


def check_question(question: str, entities: Sequence[Entity] = ()) -> SafetyCheck:
    """Deterministic and fast (about a millisecond per question after the first call)."""
    language = detect_language(question)
    red_flags = find_red_flags(question, entities) if _read_in(language, ENGLISH) else []
    for code in gate_languages():
        if _read_in(language, code):
            red_flags += [RedFlagHit(category, reason, matched, code)
                          for category, reason, matched in find_pack_red_flags(code, question)
                          if category not in {h.category for h in red_flags}]
    red_flags = by_priority(red_flags)
    # The scope rules are English for now: they are not asked of other languages.
    scope = [] if red_flags or language.code != ENGLISH else find_scope_requests(question)
    return SafetyCheck(question, red_flags, scope, list(entities), language)


def second_look(language: str, question: str, rendering: str) -> RedFlagHit | None:
    """The English rules read in an English rendering of a question its own language's rules
    let through; counted only when the question shows none of its language's non-emergency
    signs (a rendering drops them easily)."""
    if not admits_second_look(language, question):
        return None
    hits = find_red_flags(rendering)
    return replace(hits[0], reason=f"{hits[0].reason}, in the English rendering") if hits else None
