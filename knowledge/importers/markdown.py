"""Markdown with optional YAML front matter: `#` is the title, `##`/`###` headings are sections."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from knowledge.documents import Section, SourceDocument
from knowledge.importers.decoding import decode_text

FORMAT = "markdown"
SUFFIXES = (".md", ".markdown")

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# Each pattern stops scanning at the next bracket or marker, so a hostile line full of "[" or "*"
# costs linear time (an open-ended `.+?` made such a line take hours).
_INLINE = [
    (re.compile(r"!\[([^\][]*)\]\([^()]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\][]+)\]\([^()]*\)"), r"\1"),  # links -> their text
    (re.compile(r"(\*\*|__|\*|_|`)(?=\S)((?:(?!\1).)+?)(?<=\S)\1"), r"\2"),  # emphasis and code
]


def _front_matter(content: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(content)
    if not match:
        return {}, content
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), content[match.end() :]


def _heading_text(text: str) -> str:
    """The heading without a closing run of #s (which needs a space before it, as in CommonMark)."""
    text = text.strip()
    without = text.rstrip("#")
    return without.rstrip() if without != text and (not without or without[-1].isspace()) else text


def plain(line: str) -> str:
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return line


def sniff(head: bytes, path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES  # Markdown is plain text; only the name tells


def parse(path: Path, source: str) -> SourceDocument:
    warnings: list[str] = []
    meta, body = _front_matter(decode_text(path.read_bytes(), source, warnings))
    title = str(meta.get("title") or "")
    sections: list[Section] = []
    heading = ""
    lines: list[str] = []

    def flush() -> None:
        text = "\n".join(lines).strip()
        if text:
            sections.append(Section(heading, text))

    for raw in body.splitlines():
        match = _HEADING.match(raw)
        if match and len(match.group(1)) == 1 and not title:
            title = plain(_heading_text(match.group(2)))
        elif match and len(match.group(1)) == 1:
            continue  # the H1 repeats the front-matter title
        elif match:
            flush()
            heading, lines = plain(_heading_text(match.group(2))), []
        else:
            lines.append(plain(raw))
    flush()
    return SourceDocument(
        source=source,
        title=title or Path(source).stem.replace("-", " ").capitalize(),
        format=FORMAT,
        sections=sections,
        url=str(meta.get("url") or ""),
        metadata={k: v for k, v in meta.items() if k not in {"title", "url"}},
        warnings=warnings,
    )
