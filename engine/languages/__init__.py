"""The languages CareQA speaks: one data file each, `engine/languages/<code>.yaml`, holding its
fixed messages (written by people, never by the model) and, for languages other than English
(whose rules are engine.safety.red_flags), the emergency gate's words and rules.

Adding a language is a new YAML file here plus its translations of the window; no code.
`others.yaml` holds one line in each language CareQA does not answer in, saying which it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from engine.errors import ConfigError

__all__ = ["ENGLISH", "EmergencyScreen", "LanguagePack", "emergency_screen", "other_language_line",
           "pack", "supported"]

FOLDER = Path(__file__).resolve().parent
ENGLISH = "en"


@dataclass(frozen=True)
class LanguagePack:
    code: str  # ISO 639-1
    name: str  # in the language itself: "Español"
    messages: dict[str, Any]
    gate: dict[str, Any] | None  # None for English (its rules are Python)

    def message(self, key: str, **values: str) -> str:
        text = self.messages[key]
        return text.format(**values) if values else text


def _read(path: Path) -> dict[str, Any]:
    import yaml  # when a pack is first needed, not when the window starts

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"Could not read the language file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"The language file {path} is not a mapping.")
    return data


@cache
def supported() -> tuple[str, ...]:
    """The languages CareQA answers in, English first."""
    codes = sorted(p.stem for p in FOLDER.glob("*.yaml") if p.stem != "others")
    return tuple(sorted(codes, key=lambda code: code != ENGLISH))


@cache
def pack(code: str) -> LanguagePack:
    if code not in supported():
        code = ENGLISH
    data = _read(FOLDER / f"{code}.yaml")
    return LanguagePack(code, data["name"], data["messages"], data.get("gate"))


@lru_cache(maxsize=1)
def _others() -> dict[str, str]:
    return {str(k): str(v) for k, v in _read(FOLDER / "others.yaml").items()}


def other_language_line(code: str, emergency: str) -> str | None:
    """"CareQA can help in English, Spanish or Chinese…" in `code`, when there is one."""
    line = _others().get(code)
    return line.format(emergency=emergency) if line else None


class EmergencyScreen(NamedTuple):
    """The window's fixed words around an emergency message, in the patient's language."""

    heading: str  # the banner's heading: "EMERGENCY — call 911 now"
    pointer: str  # where the answer would be: "Please read the emergency message above."
    status: str  # the status bar: "Emergency message shown — call 911 now"


def emergency_screen(number: str, language: str = ENGLISH) -> EmergencyScreen:
    texts = pack(language)
    return EmergencyScreen(texts.message("emergency_heading", emergency=number),
                           texts.message("emergency_pointer"),
                           texts.message("emergency_status", emergency=number))
