"""Retrieved passages are data, never instructions: drop sentences that try to steer the model."""

from __future__ import annotations

import re

from knowledge.chunking import split_sentences

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|rules?|prompts?|"
    r"guidelines|above|previous|earlier|system)\b"
    r"|\b(?:you are now|act as|pretend to be|from now on|new instructions?|system prompt|"
    r"assistant must|the assistant should|as an ai)\b"
    r"|\b(?:tell|instruct|advise|say to|inform) (?:the |all )?(?:patients?|users?|readers?)\b"
    r"|\b(?:do not|don't|never) (?:cite|mention|tell|refer)\b.{0,30}\b(?:doctor|sources?|passages?)\b",
    re.IGNORECASE,
)


def strip_instructions(text: str) -> tuple[str, int]:
    """(text without instruction-like sentences, how many were removed)."""
    kept, removed = [], 0
    for sentence in split_sentences(text):
        if _INSTRUCTION.search(sentence):
            removed += 1
        else:
            kept.append(sentence)
    return (" ".join(kept), removed) if removed else (text, 0)
