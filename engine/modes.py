"""Clinic modes and the audit log.

Patient mode is the default at start-up: nothing a patient types is stored, and the session
clears itself after an idle time. Staff mode (import, removal, settings, leaving patient mode)
is unlocked with a PIN kept only as a salted scrypt hash. The audit log records who changed
what and when, never patient text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from engine import paths
from engine.errors import ConfigError

# scrypt cost: ~50 ms and 16 MiB per check on a clinic PC; slow enough to resist guessing.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PIN_LENGTH = 4


class Mode(str, Enum):
    PATIENT = "patient"
    STAFF = "staff"


def pin_file() -> Path:
    return paths.config_dir() / "staff_pin.json"


def audit_file() -> Path:
    return paths.data_dir() / "audit.jsonl"


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def set_pin(pin: str, actor: str = "staff") -> None:
    if len(pin) < MIN_PIN_LENGTH or not pin.isdigit():
        raise ConfigError(f"The staff PIN must be at least {MIN_PIN_LENGTH} digits.")
    salt = secrets.token_bytes(16)
    record = {"salt": salt.hex(), **_SCRYPT, "hash": _hash(pin, salt, **_SCRYPT).hex()}
    target = pin_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".pin-")
    with os.fdopen(fd, "w") as fh:
        json.dump(record, fh)
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)
    audit(actor, "staff_pin.set")


def has_pin() -> bool:
    return pin_file().is_file()


def verify_pin(pin: str) -> bool:
    try:
        record = json.loads(pin_file().read_text())
        salt = bytes.fromhex(record["salt"])
        expected = bytes.fromhex(record["hash"])
        actual = _hash(pin, salt, record["n"], record["r"], record["p"])
    except (OSError, ValueError, KeyError):
        return False
    return hmac.compare_digest(actual, expected)


def audit(actor: str, action: str, **details: Any) -> None:
    """Append one line: when, who, what. Callers pass counts and names, never patient text."""
    entry = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "actor": actor,
             "action": action, **details}
    target = audit_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")


def read_audit() -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in audit_file().read_text().splitlines() if line]
    except OSError:
        return []


@dataclass
class ClinicSession:
    """Mode and idle tracking for one workstation session (no Qt: the UI drives it)."""

    idle_reset_s: float = 180.0
    mode: Mode = Mode.PATIENT
    _last_activity: float = 0.0

    def __post_init__(self) -> None:
        self.touch()

    def touch(self) -> None:
        self._last_activity = time.monotonic()

    def is_idle(self, now: float | None = None) -> bool:
        return ((now or time.monotonic()) - self._last_activity) >= self.idle_reset_s

    def unlock(self, pin: str) -> bool:
        """Enter staff mode with the PIN; every attempt is audited (success or not)."""
        ok = has_pin() and verify_pin(pin)
        audit("staff" if ok else "unknown", "mode.unlock" if ok else "mode.unlock_failed")
        if ok:
            self.mode = Mode.STAFF
        return ok

    def lock(self, reason: str = "staff") -> None:
        if self.mode is Mode.STAFF:
            audit("staff" if reason == "staff" else "system", "mode.patient", reason=reason)
        self.mode = Mode.PATIENT

    @property
    def staff(self) -> bool:
        return self.mode is Mode.STAFF
