"""Plain text: the first short line is the title, the rest is one section."""

from __future__ import annotations

from pathlib import Path

from knowledge.documents import Section, SourceDocument
from knowledge.importers.decoding import decode_text

FORMAT = "text"
SUFFIXES = (".txt", ".text")


def sniff(head: bytes, path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES  # plain text has no signature; the name decides


def parse(path: Path, source: str) -> SourceDocument:
    warnings: list[str] = []
    lines = decode_text(path.read_bytes(), source, warnings).strip().splitlines()
    title = Path(source).stem.replace("-", " ").replace("_", " ")
    if lines and 0 < len(lines[0].split()) <= 15 and len(lines) > 1:
        title, lines = lines[0].strip(), lines[1:]
    return SourceDocument(
        source=source,
        title=title,
        format=FORMAT,
        sections=[Section("", "\n".join(lines))],
        warnings=warnings,
    )
