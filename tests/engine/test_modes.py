import json

import pytest

from engine import modes
from engine.errors import ConfigError


def test_pin_is_stored_only_as_a_salted_slow_hash():
    modes.set_pin("4827")
    record = json.loads(modes.pin_file().read_text())
    assert "4827" not in modes.pin_file().read_text()
    assert set(record) == {"salt", "n", "r", "p", "hash"} and record["n"] >= 2**14
    assert modes.verify_pin("4827") and not modes.verify_pin("4828")
    modes.set_pin("4827")
    assert json.loads(modes.pin_file().read_text())["salt"] != record["salt"]


def test_short_or_non_numeric_pins_are_refused():
    for bad in ("12", "abcd"):
        with pytest.raises(ConfigError):
            modes.set_pin(bad)


def test_session_starts_in_patient_mode_and_audits_mode_changes():
    modes.set_pin("2468")
    session = modes.ClinicSession()
    assert session.mode is modes.Mode.PATIENT
    assert not session.unlock("0000") and not session.staff
    assert session.unlock("2468") and session.staff
    session.lock("idle")
    assert session.mode is modes.Mode.PATIENT
    actions = [(e["actor"], e["action"]) for e in modes.read_audit()]
    assert actions == [("staff", "staff_pin.set"), ("unknown", "mode.unlock_failed"),
                       ("staff", "mode.unlock"), ("system", "mode.patient")]


def test_unlock_without_a_pin_fails():
    assert not modes.ClinicSession().unlock("1234")


def test_idle_detection():
    session = modes.ClinicSession(idle_reset_s=60)
    assert not session.is_idle()
    assert session.is_idle(now=session._last_activity + 61)
