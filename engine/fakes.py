"""Test doubles that satisfy the same Protocols as the real components (fast unit tests)."""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections.abc import Iterator, Sequence

import numpy as np

from engine.errors import Cancelled
from engine.llm import RenderedPrompt
from engine.types import Entity, Passage


class FakeEmbedder:
    """Bag-of-words hashing into a small normalised vector: similar texts score higher."""

    name = "fake-hash-embedder"
    dimension = 64

    def load(self) -> None:
        pass

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                # crc32, not hash(): the same vectors in every process (hash() is salted)
                out[row, zlib.crc32(word.strip(".,?!").encode()) % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def close(self) -> None:
        pass


class FakeTagger:
    """Tags the words of a small lexicon ({"asthma": "DISEASE", ...}), longest first."""

    def __init__(self, lexicon: dict[str, str]) -> None:
        self.lexicon = lexicon
        self.calls = 0

    def load(self) -> None:
        pass

    def annotate(self, texts: Sequence[str]) -> list[list[Entity]]:
        self.calls += 1
        found = []
        for text in texts:
            entities: list[Entity] = []
            lower = text.lower()
            for term in sorted(self.lexicon, key=len, reverse=True):
                for match in re.finditer(rf"\b{re.escape(term)}\b", lower):
                    if not any(e.start < match.end() and match.start() < e.end for e in entities):
                        entities.append(Entity(text[match.start():match.end()], self.lexicon[term],
                                               match.start(), match.end()))
            found.append(sorted(entities, key=lambda e: e.start))
        return found

    def close(self) -> None:
        pass


class FakeRetriever:
    """Returns the given passages, best first, each with its preset score."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self.queries: list[str] = []
        self.entities: list[list[str]] = []

    def load(self) -> None:
        pass

    def search(self, query: str, k: int, entities: Sequence[str] = ()) -> list[Passage]:
        self.queries.append(query)
        self.entities.append(list(entities))
        return sorted(self.passages, key=lambda p: -p.score)[:k]

    def library_size(self) -> tuple[int, int]:
        return len({p.source for p in self.passages}), len(self.passages)

    def close(self) -> None:
        pass


class FakeChatModel:
    """Streams a scripted reply word by word; records the prompts it was given."""

    def __init__(self, reply: str = "", *, delay_s: float = 0.0, name: str = "fake-llm") -> None:
        self.reply = reply
        self.delay_s = delay_s
        self.name = name
        self.n_gpu_layers = 0
        self.prompts: list[list[dict[str, str]]] = []
        self.loaded = False

    def load(self) -> None:
        self.loaded = True

    def render(self, messages: list[dict[str, str]]) -> RenderedPrompt:
        self.prompts.append(messages)
        text = "\n".join(m["content"] for m in messages)
        return RenderedPrompt(tokens=list(range(self.count_tokens(text))), stop=[])

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def stream(self, prompt: RenderedPrompt, *, max_tokens: int,
               cancel: threading.Event | None = None) -> Iterator[str]:
        for i, word in enumerate(self.reply.split(" ")[:max_tokens]):
            if cancel is not None and cancel.is_set():
                raise Cancelled("Answer stopped.")
            if self.delay_s:
                time.sleep(self.delay_s)
            yield word if i == 0 else " " + word

    def close(self) -> None:
        self.loaded = False


def passage(passage_id: int, text: str, *, title: str = "Test article", score: float = 0.8,
            section: str = "") -> Passage:
    return Passage(passage_id, text, title, f"{title.lower()}.md", "test", section, score=score)
