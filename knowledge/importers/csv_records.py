"""CSV of question-and-answer records: a header row, then one record per row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from knowledge.documents import SourceDocument
from knowledge.errors import ImportFailed
from knowledge.importers import records
from knowledge.importers.decoding import decode_text

FORMAT = "csv"
SUFFIXES = (".csv",)

_SNIFF_CHARS = 4096  # the sniffer is quadratic on some inputs; a few rows are enough
_DELIMITERS = ",;\t|"  # spreadsheets in many locales save ";" or tab-separated "CSV"


def sniff(head: bytes, path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES  # CSV has no signature; the name decides


def parse(path: Path, source: str) -> SourceDocument:
    warnings: list[str] = []
    content = decode_text(path.read_bytes(), source, warnings)
    reader = csv.reader(io.StringIO(content, newline=""), _dialect(content))
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFailed(f"{source}: the file is empty (no text to import)")
        records.require_fields(header, source, "column")
        rows = [
            (number, records.normalise(dict(zip(header, row, strict=False))))  # short rows: fewer fields
            for number, row in enumerate(reader, start=2)  # numbered as a spreadsheet shows them
        ]
    except csv.Error as exc:
        where = f"near line {reader.line_num}: {exc}"
        raise ImportFailed(f"{source}: is not a valid CSV file ({where})") from None
    return records.build(rows, source=source, format=FORMAT, unit="row", warnings=warnings)


def _dialect(content: str) -> type[csv.Dialect] | csv.Dialect:
    sample = content[:_SNIFF_CHARS]
    if len(content) > _SNIFF_CHARS:
        sample = sample[: sample.rfind("\n") + 1] or sample  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        return csv.excel
