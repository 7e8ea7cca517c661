"""Patient safety: the emergency gate and scope rules before the model, checks after it."""

from engine.safety.gate import SafetyCheck, check_question
from engine.safety.messages import ContactNumbers, emergency_message, scope_preamble

__all__ = ["ContactNumbers", "SafetyCheck", "check_question", "emergency_message", "scope_preamble"]
