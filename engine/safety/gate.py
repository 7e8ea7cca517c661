"""The pre-model safety check: emergencies and scope, with the reasons, for one question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.safety.emergency import RedFlagHit, find_red_flags
from engine.safety.scope import ScopeHit, find_scope_requests
from engine.types import Entity, Flag


@dataclass(frozen=True)
class SafetyCheck:
    question: str
    red_flags: list[RedFlagHit] = field(default_factory=list)
    scope: list[ScopeHit] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    @property
    def emergency(self) -> RedFlagHit | None:
        return self.red_flags[0] if self.red_flags else None

    @property
    def flags(self) -> list[Flag]:
        flags = [Flag("emergency", f"{h.category}: {h.reason} (\"{h.matched}\")")
                 for h in self.red_flags]
        flags += [Flag("scope", f"{h.kind}: {h.reason} (\"{h.matched}\")") for h in self.scope]
        return flags

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "flags": sorted({f.code for f in self.flags}),
            "reasons": [f.reason for f in self.flags],
            "emergency": self.emergency is not None,
            "categories": [h.category for h in self.red_flags],
            "scope": [h.kind for h in self.scope],
            "entities": [asdict(e) for e in self.entities],
        }


def check_question(question: str, entities: Sequence[Entity] = ()) -> SafetyCheck:
    """Deterministic and fast (well under a millisecond per question after the first call)."""
    red_flags = find_red_flags(question, entities)
    scope = [] if red_flags else find_scope_requests(question)
    return SafetyCheck(question, red_flags, scope, list(entities))
