"""Follow-up questions: what to search the library for when a question leans on the last one.

"What are its side effects?" after "What is metformin?" finds nothing on its own; searched
together with the earlier question it finds the metformin article. A question that names its
own subject (a recognised disease or drug, or enough words of its own) is a new topic: it is
searched as it is and the model is not given the earlier turns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.attribution import content_words

# Words that point back at something said before.
_REFERS_BACK = re.compile(
    r"\b(it|its|it's|this|these|those|they|them|their|theirs|he|him|his|she|her|"
    r"same|such|what about|how about|and if|also|too|else|more)\b", re.IGNORECASE)
# A question this short ("Why?", "Is that serious?", "Any side effects?") has no subject of its own.
MAX_BARE_CONTENT_WORDS = 2


def is_follow_up(question: str, named_terms: Sequence[str] = ()) -> bool:
    """`named_terms`: diseases and drugs recognised in the question (it names its subject)."""
    if named_terms:
        return False
    return bool(_REFERS_BACK.search(question)) or \
        len(content_words(question)) <= MAX_BARE_CONTENT_WORDS


def follow_up_context(question: str, history: Sequence[tuple[str, str]],
                      named_terms: Sequence[str] = (), turns: int = 2) -> list[tuple[str, str]]:
    """The last `turns` question-answer pairs when `question` follows on from them, else none:
    an unrelated question is not slowed down by a longer prompt."""
    if not history or turns <= 0 or not is_follow_up(question, named_terms):
        return []
    return list(history[-turns:])


def retrieval_query(question: str, context: Sequence[tuple[str, str]]) -> str:
    """The text to search for: a follow-up is searched with the question it follows."""
    return f"{context[-1][0]} {question}" if context else question
