"""JSON Lines of question-and-answer records: one JSON object per line."""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.documents import SourceDocument
from knowledge.errors import ImportFailed
from knowledge.importers import records
from knowledge.importers.decoding import decode_text

FORMAT = "jsonl"
SUFFIXES = (".jsonl",)


def sniff(head: bytes, path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def parse(path: Path, source: str) -> SourceDocument:
    warnings: list[str] = []
    found: list[tuple[int, dict[str, str]]] = []
    bad: list[int] = []
    for number, line in enumerate(decode_text(path.read_bytes(), source, warnings).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):  # RecursionError: absurdly nested values
            value = None
        if isinstance(value, dict):
            found.append((number, records.normalise(value)))
        else:
            bad.append(number)
    if not found:
        where = f"; line {bad[0]} is the first problem" if bad else ""
        raise ImportFailed(f"{source}: has no valid JSON records (expected one JSON object per line{where})")
    if bad:
        warnings.append(
            f"skipped {len(bad)} line(s) that are not valid JSON records (line {records.first_few(bad)})"
        )
    records.require_fields({name for _, fields in found for name in fields}, source, "field")
    return records.build(found, source=source, format=FORMAT, unit="line", warnings=warnings)
