"""Put the answer back together from its checked sentences: what the patient will read.

Supported sentences stay, with the [n] of the passages that back them; contradicted ones are
replaced by what their passage says (in its own words, cited), which answers a question built on
a false premise; unsupported ones are removed. Each change is a flag staff can read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.grounding.extractive import cite_sentence
from engine.grounding.support import SentenceSupport, Verdict
from engine.grounding.words import plain
from engine.types import Flag

_MARKERS = re.compile(r"\s*\[\d+(?:\s*[,\-–]\s*\d+)*\]")


@dataclass
class Revision:
    text: str
    claims_shown: int  # supported sentences and passage sentences shown (not referrals)
    flags: list[Flag] = field(default_factory=list)


def revise(results: Sequence[SentenceSupport]) -> Revision:
    lines: dict[int, list[str]] = {}
    prefixes: dict[int, str] = {}
    shown_texts: set[str] = set()
    flags: list[Flag] = []
    claims = 0
    for r in results:
        kept = _kept(r, shown_texts, flags)
        if kept is None:
            continue
        claims += r.verdict is not Verdict.NO_CLAIM
        lines.setdefault(r.line, []).append(kept)
        prefixes[r.line] = r.prefix
        shown_texts.add(_key(kept))
    return Revision(_joined(lines, prefixes), claims, flags)


def _kept(r: SentenceSupport, shown: set[str], flags: list[Flag]) -> str | None:
    if r.verdict is Verdict.NO_CLAIM:
        return r.sentence
    if r.verdict is Verdict.SUPPORTED:
        if r.supporting and not set(r.supporting) <= set(r.cited):
            flags.append(Flag("citation_corrected", f"\"{_quote(r)}\" cited "
                              f"{_numbers(r.cited) or 'nothing'}; {r.reason}"))
        if r.answer_word_dropped:
            flags.append(Flag("answer_word_removed", f"\"{_quote(r)}\": {r.reason}"))
        return _recited(r.shown_sentence, r.supporting)
    if r.verdict is Verdict.CONTRADICTED:
        number = r.supporting[0]
        replacement = cite_sentence(r.evidence, number)
        flags.append(Flag("sentence_contradicted", f"\"{_quote(r)}\" was replaced by what passage "
                          f"[{number}] says: {r.reason}"))
        return None if _key(replacement) in shown else replacement
    flags.append(Flag("sentence_unsupported", f"\"{_quote(r)}\" was removed: {r.reason}"))
    return None


def _recited(sentence: str, numbers: Sequence[int]) -> str:
    """The sentence with exactly the markers of the passages that back it."""
    if not numbers:
        return sentence
    markers = "".join(f"[{n}]" for n in numbers)
    bare = _MARKERS.sub("", sentence).rstrip()
    match = re.search(r"([.!?]+[\"')\]]*)$", bare)
    if match:
        return f"{bare[: match.start()]} {markers}{match.group(1)}"
    return f"{bare} {markers}"


def _joined(lines: dict[int, list[str]], prefixes: dict[int, str]) -> str:
    out: list[str] = []
    previous = None
    for number in sorted(lines):
        if previous is not None and number > previous + 1:
            out.append("")  # the answer had a paragraph break here
        out.append(prefixes[number] + " ".join(lines[number]))
        previous = number
    return "\n".join(out).strip()


def _key(sentence: str) -> str:
    return " ".join(plain(sentence).lower().split())


def _quote(r: SentenceSupport) -> str:
    text = plain(r.sentence)
    return text if len(text) <= 120 else text[:117] + "..."


def _numbers(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)
