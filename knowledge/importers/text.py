"""Plain text: the first short line is the title, the rest is one section."""

from __future__ import annotations

from pathlib import Path

from knowledge.documents import Section, SourceDocument


def parse(content: str, source: str) -> SourceDocument:
    lines = content.strip().splitlines()
    title = Path(source).stem.replace("-", " ").replace("_", " ")
    if lines and 0 < len(lines[0].split()) <= 15 and len(lines) > 1:
        title, lines = lines[0].strip(), lines[1:]
    return SourceDocument(
        source=source, title=title, format="text", sections=[Section("", "\n".join(lines))]
    )
