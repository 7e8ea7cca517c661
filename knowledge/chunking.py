"""Sentence-aware chunking with overlap.

Passages are packed from whole sentences (a list item counts as a sentence) up to a word budget,
never crossing a section, and each passage repeats the last sentence of the previous one so a
fact split across the boundary is still found. ~110 words stays well inside MiniLM's 256
word-piece window and keeps prompts short for a 2-core machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.documents import Chunk, Section

MAX_WORDS = 110
OVERLAP_SENTENCES = 1
# A sentence ends at . ! or ? followed by space and an upper-case letter, digit or quote;
# common abbreviations are protected first so "Dr. Smith" stays one sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "Dr.", "Mr.", "Mrs.", "Ms.", "vs.", "etc.", "approx.", "St.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"'(\[])")
_PLACEHOLDER = "\u0000"


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)", text):
        block = " ".join(block.split())
        if not block:
            continue
        protected = block
        for abbr in _ABBREVIATIONS:
            protected = protected.replace(abbr, abbr.replace(".", _PLACEHOLDER))
        for piece in _SENTENCE_END.split(protected):
            piece = piece.replace(_PLACEHOLDER, ".").strip()
            if piece:
                sentences.append(piece)
    return sentences


def _split_long(sentence: str, max_words: int) -> list[str]:
    words = sentence.split()
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]


def _pack(sentences: list[str], max_words: int, overlap: int) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in sentences:
        n = len(sentence.split())
        if current and count + n > max_words:
            chunks.append(" ".join(current))
            current = current[-overlap:] if overlap and len(current) > overlap else []
            count = sum(len(s.split()) for s in current)
            if count + n > max_words:  # the carried overlap would not fit with this sentence
                current, count = [], 0
        current.append(sentence)
        count += n
    if current:
        chunks.append(" ".join(current))
    return chunks


def chunk_sections(
    sections: Iterable[Section], max_words: int = MAX_WORDS, overlap: int = OVERLAP_SENTENCES
) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in sections:
        sentences = [
            piece for s in split_sentences(section.text) for piece in _split_long(s, max_words)
        ]
        for text in _pack(sentences, max_words, overlap):
            chunks.append(
                Chunk(
                    ordinal=len(chunks),
                    text=text,
                    section=section.heading,
                    page=section.page,
                    record_id=section.record_id,
                    url=section.url,
                )
            )
    return chunks
