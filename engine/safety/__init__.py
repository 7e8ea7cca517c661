"""Patient safety: the emergency gate and scope rules before the model, checks after it."""

from engine.safety.gate import SafetyCheck, check_question, second_look
from engine.safety.messages import (
    ContactNumbers,
    emergency_message,
    no_information,
    other_language_note,
    scope_preamble,
    unsupported_language,
)

__all__ = [
    "ContactNumbers", "SafetyCheck", "check_question", "emergency_message",
    "no_information", "other_language_note", "scope_preamble",
    "second_look", "unsupported_language",
]
