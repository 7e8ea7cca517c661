"""An English rendering of a patient's question, by the chat model CareQA already runs.

The library is English, so a Spanish or Chinese question is searched in English; and the English
emergency rules, the widest CareQA has, read the rendering as a second look after the question's
own language's rules (which run first, before any model). Measured on the 1.5B model, 2 cores:
about 3 s a question (bench/safety.py --translate).
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.llm import ChatModel

__all__ = ["QuestionTranslator"]

SYSTEM = ("Translate the patient's message into plain English. Keep every symptom, number, time "
          "and person, and keep negations. Reply with the translation only.")
MAX_TOKENS = 96
# Small models sometimes introduce the translation: "The patient's message is: ...".
_PREAMBLE = re.compile(r"^(?:the )?(?:patient'?s )?(?:message|translation)(?: in plain english)?"
                       r"(?: is)?\s*:\s*", re.IGNORECASE)


class QuestionTranslator:
    def __init__(self, llm: ChatModel) -> None:
        self.llm = llm

    def to_english(self, question: str, cancel: threading.Event | None = None) -> str:
        prompt = self.llm.render([{"role": "system", "content": SYSTEM},
                                  {"role": "user", "content": question}])
        text = "".join(self.llm.stream(prompt, max_tokens=MAX_TOKENS, cancel=cancel)).strip()
        text = _PREAMBLE.sub("", text).strip().strip('"“”').strip()
        return text or question
