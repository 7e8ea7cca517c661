"""Question-and-answer records (CSV rows, JSON lines): one section per record, cited by its id."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from knowledge.documents import Section, SourceDocument
from knowledge.errors import ImportFailed
from knowledge.importers.names import title_from_name

EXPECTED_FIELDS = "id, title, text (or answer); optional: url, question"
_SYNONYMS = {"answer": "text"}


def normalise(record: Mapping[object, object]) -> dict[str, str]:
    """Lower-case field names, `answer` read as `text`, values as trimmed strings (first non-empty wins)."""
    fields: dict[str, str] = {}
    for key, value in record.items():
        name = str(key).strip().lower()
        name = _SYNONYMS.get(name, name)
        if value is not None and not fields.get(name):
            fields[name] = str(value).strip()
    return fields


def require_fields(names: Iterable[str], source: str, noun: str) -> None:
    """Refuse a file whose columns (`noun` "column") or fields (`noun` "field") cannot make records."""
    present = set(normalise(dict.fromkeys(names, "")))
    missing = [name for name in ("id", "text") if name not in present]
    if not present & {"title", "question"}:
        missing.insert(1, "title")
    if missing:
        raise ImportFailed(
            f"{source}: missing {noun}(s) {', '.join(missing)} (expected {noun}s: {EXPECTED_FIELDS})"
        )


def build(
    records: Iterable[tuple[int, dict[str, str]]],
    *,
    source: str,
    format: str,
    unit: str,
    warnings: list[str],
) -> SourceDocument:
    """`records` are (row or line number, normalised fields); `unit` names the numbering ("row", "line")."""
    sections: list[Section] = []
    empty: list[int] = []
    unnamed = 0
    for number, fields in records:
        answer = fields.get("text", "")
        if not answer:
            empty.append(number)
            continue
        record_id = fields.get("id", "")
        if not record_id:
            unnamed += 1
            record_id = f"{unit} {number}"
        question = fields.get("question", "")
        sections.append(
            Section(
                heading=fields.get("title") or question,
                text=f"{question}\n\n{answer}" if question else answer,
                record_id=record_id,
                url=fields.get("url", ""),
            )
        )
    if empty:
        warnings.append(f"skipped {len(empty)} {unit}(s) with no text ({unit} {first_few(empty)})")
    if not sections:
        raise ImportFailed(f"{source}: no record has any text to import")
    if unnamed:
        warnings.append(f"{unnamed} record(s) had no id; they are cited by {unit} number")
    repeated = [record_id for record_id, n in Counter(s.record_id for s in sections).items() if n > 1]
    if repeated:
        warnings.append(f"{len(repeated)} id(s) are used by more than one record ({first_few(repeated)})")
    return SourceDocument(
        source=source,
        title=title_from_name(source),
        format=format,
        sections=sections,
        metadata={"records": len(sections)},
        warnings=warnings,
    )


def first_few(values: list[int] | list[str], shown: int = 5) -> str:
    """A short list for a warning: the first few values, then an ellipsis."""
    text = ", ".join(str(value) for value in values[:shown])
    return text + ", ..." if len(values) > shown else text
