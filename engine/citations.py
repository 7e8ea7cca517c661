"""Find the [n] markers in an answer, keep the ones that point at given passages, drop the rest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.types import Citation, Flag, Passage

# [1], [1, 2], [1,2,3] and [1-2]
_MARKER = re.compile(r"\[(\d+(?:\s*[,\-–]\s*\d+)*)\]")


@dataclass(frozen=True)
class CheckedCitations:
    text: str  # the answer with invalid markers removed
    citations: list[Citation]  # valid ones, in order of first use
    flags: list[Flag]


def _numbers(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", group):
        if re.search(r"[\-–]", part):
            low, high = (int(x) for x in re.split(r"\s*[\-–]\s*", part))
            numbers.extend(range(low, high + 1) if 0 < high - low < 20 else [low, high])
        else:
            numbers.append(int(part))
    return numbers


def check_citations(answer: str, passages: Sequence[Passage]) -> CheckedCitations:
    valid_order: list[int] = []
    invalid: list[int] = []

    def rewrite(match: re.Match[str]) -> str:
        kept = []
        for n in _numbers(match.group(1)):
            if 1 <= n <= len(passages):
                kept.append(n)
                if n not in valid_order:
                    valid_order.append(n)
            else:
                invalid.append(n)
        return "".join(f"[{n}]" for n in dict.fromkeys(kept))

    text = _MARKER.sub(rewrite, answer)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)  # no space left before punctuation
    citations = [Citation(n=n, passage=passages[n - 1]) for n in valid_order]
    flags = []
    if invalid:
        listed = ", ".join(f"[{n}]" for n in dict.fromkeys(invalid))
        flags.append(
            Flag("invalid_citation", f"removed {listed}: only {len(passages)} passages were given")
        )
    return CheckedCitations(text=text.strip(), citations=citations, flags=flags)
