"""Faithful answers: every sentence a patient reads is backed by the passage it cites.

`SupportChecker.check` gives one `SentenceSupport` per sentence of a draft (supported,
unsupported, contradicted, or no claim); `revise` puts together what is shown; `best_sentences`
offers the library's own sentences when nothing of the draft stands.
"""

from engine.grounding.extractive import Extract, best_sentences, extractive_answer
from engine.grounding.revise import Revision, revise
from engine.grounding.support import (
    SentenceEncoder,
    SentenceSupport,
    SupportChecker,
    Thresholds,
    Verdict,
)

__all__ = ["Extract", "Revision", "SentenceEncoder", "SentenceSupport", "SupportChecker",
           "Thresholds", "Verdict", "best_sentences", "extractive_answer", "revise"]
