"""`careqa staff set-pin | audit`: the staff PIN and the audit log."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from engine import modes
from engine.errors import ConfigError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("staff", help="staff PIN and audit log")
    sub = parser.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    set_pin = sub.add_parser("set-pin", help="set or change the staff PIN (asks for it)")
    set_pin.set_defaults(run=run_set_pin)
    audit = sub.add_parser("audit", help="print the audit log (JSON lines)")
    audit.set_defaults(run=run_audit)


def run_set_pin(args: argparse.Namespace) -> int:
    if modes.has_pin():
        current = _read_pin("Current staff PIN: ")
        if not modes.verify_pin(current):
            modes.audit("unknown", "staff_pin.change_failed")
            raise ConfigError("That is not the current staff PIN.")
    pin = _read_pin("New staff PIN (digits): ")
    if _read_pin("Repeat the new PIN: ") != pin:
        raise ConfigError("The two PINs differ; nothing was changed.")
    modes.set_pin(pin)
    print("Staff PIN saved (only a salted scrypt hash is stored).", file=sys.stderr)
    return 0


def _read_pin(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()  # scripts and tests pipe it in


def run_audit(args: argparse.Namespace) -> int:
    for entry in modes.read_audit():
        print(json.dumps(entry, ensure_ascii=False))
    return 0
