"""Plain data passed between the engine and the front ends. `Passage` is the library's (knowledge.types)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from knowledge.types import Passage

if TYPE_CHECKING:
    from engine.grounding.support import SentenceSupport


@dataclass(frozen=True)
class Citation:
    n: int  # the number the answer used, [n]
    passage: Passage

    def to_dict(self) -> dict[str, Any]:
        p = self.passage
        return {
            "n": self.n,
            "passage_id": p.passage_id,
            "title": p.title,
            "source": p.source,
            "url": p.url,
            "location": p.location,
            "text": p.text,
        }


@dataclass(frozen=True)
class Entity:
    text: str
    label: str  # DISEASE or DRUG
    start: int  # character offsets into the text it was found in
    end: int
    score: float = 1.0
    found_in: str = ""  # "question" or "answer" on an Answer


@dataclass(frozen=True)
class Flag:
    """Something the pipeline noticed about an answer, with a reason a person can read."""

    code: str
    reason: str


@dataclass
class Timings:
    retrieval_ms: float = 0.0
    ttft_ms: float = 0.0
    total_ms: float = 0.0
    check_ms: float = 0.0  # the support check of every sentence (and any extractive fallback)
    translate_ms: float = 0.0  # the English rendering of a question in another language
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    timings: Timings = field(default_factory=Timings)
    model: str = ""
    gpu_layers: int = 0
    offload_reason: str = ""
    passages: list[Passage] = field(default_factory=list)  # everything the model was given
    reading_grade: float | None = None  # Flesch-Kincaid grade of the final text
    draft: str = ""  # what the model wrote, before the checks (staff and benchmarks read it)
    support: list[SentenceSupport] = field(default_factory=list)  # the draft's checked sentences
    # ISO 639-1: the patient's language, which every fixed message uses. The model's answer is
    # still written in English for now (flag answered_in_english).
    language: str = "en"

    def has_flag(self, code: str) -> bool:
        return any(f.code == code for f in self.flags)

    @property
    def emergency(self) -> bool:
        return self.has_flag("emergency")

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "language": self.language,
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "entities": [asdict(e) for e in self.entities],
            "flags": [asdict(f) for f in self.flags],
            "emergency": self.emergency,
            "reading_grade": self.reading_grade,
            "draft": self.draft,
            # Everything the model was given, as [n] numbers it: staff and benchmarks re-check
            # a draft against them.
            "passages": [Citation(n, p).to_dict() for n, p in enumerate(self.passages, start=1)],
            "support": [{"sentence": s.sentence, "verdict": s.verdict.value, "reason": s.reason,
                         "cited": list(s.cited), "supporting": list(s.supporting),
                         "evidence": s.evidence} for s in self.support],
            "timings": asdict(self.timings),
            "model": self.model,
            "gpu_layers": self.gpu_layers,
            "offload_reason": self.offload_reason,
        }


@dataclass(frozen=True)
class EngineStatus:
    """What the loaded engine runs on, for a status bar."""

    model: str
    device: str  # "CPU" or "GPU (all layers, NVIDIA H100)"
    offload_reason: str
    documents: int
    passages: int
