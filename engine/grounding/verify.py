"""The chat model as a second opinion: "does passage [n] say this?", yes or no.

The question is appended to the conversation that produced the draft, so llama.cpp reuses the
passages already in its KV cache and only the new tokens cost time. It is measured by
bench/faithfulness.py (--verifier) against labelled sentences before anything relies on it; the
answer pipeline does not use it (see the README's "Faithful answers" for the figures).
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.grounding.words import plain
from engine.llm import ChatModel

VERIFY_REQUEST = (
    "Check one sentence against passage [{n}] only. Sentence: \"{sentence}\"\n"
    "Does passage [{n}] say this (not the opposite, not more than it says)? "
    "Answer with one word: yes or no."
)


class ModelVerifier:
    def __init__(self, llm: ChatModel) -> None:
        self.llm = llm

    def supported(self, messages: Sequence[dict[str, str]], draft: str, sentence: str,
                  n: int) -> bool | None:
        """True for yes, False for no, None when the model answers neither."""
        turn = [*messages, {"role": "assistant", "content": draft},
                {"role": "user", "content": VERIFY_REQUEST.format(n=n, sentence=plain(sentence))}]
        reply = "".join(self.llm.stream(self.llm.render(turn), max_tokens=3)).strip().lower()
        if reply.startswith("yes"):
            return True
        if reply.startswith("no"):
            return False
        return None
