"""Which language a question is written in (py3langid, offline, ~1 ms a question).

Short questions are hard: "swollen ankles" scores as German and "me duele la panza" as Italian.
So the identifier only chooses among the languages clinics commonly meet (not 97 of them), and
a Latin-script question it does not place confidently in a language CareQA does not answer in
goes to the closest one it does. Measured with bench/language_detect.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from engine.languages import ENGLISH, supported

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

__all__ = ["LanguageGuess", "detect_language"]

# Languages a clinic's patients commonly write in (ISO 639-1), beyond the supported ones.
KNOWN = ("fr", "pt", "it", "de", "vi", "tl", "ar", "ru", "ko", "ja", "hi", "pl", "tr", "nl", "id",
         "fa", "ur", "bn", "pa", "ht", "am", "uk", "ro", "el", "he", "th", "sw", "ne", "km", "so")
# Below this probability, a Latin-script guess outside the supported languages is not trusted.
CONFIDENT = 0.8


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1
    confidence: float
    supported: bool  # CareQA answers in it


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(dict.fromkeys([*supported(), *KNOWN])))
    return identifier


def _latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters) \
        >= 0.8 * len(letters)


def detect_language(text: str) -> LanguageGuess:
    if not any(c.isalpha() for c in text):
        return LanguageGuess(ENGLISH, 0.0, True)
    identifier = _identifier()
    code, confidence = identifier.classify(text)
    if code not in supported() and confidence < CONFIDENT and _latin(text):
        ranked = identifier.rank(text)
        code, confidence = next((c, p) for c, p in ranked if c in supported())
    return LanguageGuess(code, float(confidence), code in supported())
