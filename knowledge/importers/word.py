"""Word (.docx): Heading 1-3 paragraphs start sections; tables are read row by row.

A .docx is a zip file, so it is checked as one before python-docx unpacks anything: a small file
that unpacks to gigabytes (a zip bomb) would otherwise exhaust the machine's memory.
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table

from knowledge.documents import Section, SourceDocument
from knowledge.errors import ImportFailed
from knowledge.importers.html_text import Block, join
from knowledge.importers.names import title_from_name

FORMAT = "docx"
SUFFIXES = (".docx",)

log = logging.getLogger(__name__)

MAX_UNZIPPED_BYTES = 200 * 2**20
MAX_COMPRESSION_RATIO = 100  # Word's XML packs about 10:1; a bomb packs 1000:1 and more
_RATIO_FLOOR_BYTES = 2**20  # small parts can pack tightly and do no harm
MAX_PARTS = 10_000
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc files, and .docx files with a password
_HEADING = re.compile(r"heading ([1-3])")


def sniff(head: bytes, path: Path) -> bool:
    """A zip named .docx, or a zip whose first parts are Word's (spreadsheets and e-books are zips too)."""
    return head.startswith(_ZIP_MAGIC) and (path.suffix.lower() in SUFFIXES or b"word/" in head)


def parse(path: Path, source: str) -> SourceDocument:
    _check_zip(path, source)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, zlib.error, EOFError):  # a part that does not unpack
        raise ImportFailed(f"{source}: the Word document is damaged") from None
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors... on non-Word zips
        log.info("python-docx could not open %s: %r", source, exc)
        raise ImportFailed(f"{source}: is a zip file but not a Word document (or it is damaged)") from None
    try:
        items = _items(document)
        core_title = (document.core_properties.title or "").strip()
    except Exception as exc:
        log.info("python-docx could not read %s: %r", source, exc)
        raise ImportFailed(f"{source}: the Word document is damaged") from None
    title, sections = _sections(items)
    first_heading = next((text for kind, text in items if kind.startswith("h")), "")
    return SourceDocument(
        source=source,
        title=title or core_title or first_heading or title_from_name(source),
        format=FORMAT,
        sections=sections,
    )


def _check_zip(path: Path, source: str) -> None:
    if not zipfile.is_zipfile(path):
        with path.open("rb") as file:
            if file.read(len(_OLE2_MAGIC)) == _OLE2_MAGIC:
                raise ImportFailed(
                    f"{source}: is an old-format (.doc) or password-protected Word file; "
                    "open it in Word and save it as .docx without a password"
                )
        raise ImportFailed(f"{source}: not a Word document (it is not a zip file)")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except Exception:  # zipfile raises BadZipFile, NotImplementedError, ValueError... on damaged files
        raise ImportFailed(f"{source}: the Word document is damaged (its zip structure is broken)") from None
    unzipped = sum(part.file_size for part in parts)
    packed = sum(part.compress_size for part in parts)
    too_big = unzipped > MAX_UNZIPPED_BYTES or len(parts) > MAX_PARTS
    if too_big or (unzipped > _RATIO_FLOOR_BYTES and unzipped > MAX_COMPRESSION_RATIO * max(packed, 1)):
        raise ImportFailed(
            f"{source}: looks like a zip bomb (it would unpack to {unzipped // 2**20} MB "
            f"in {len(parts)} parts); it was not opened"
        )


def _items(document: Document) -> list[tuple[str, str]]:
    """(kind, text) in reading order; kind is "title", "h1".."h3", "li" or "p"."""
    items: list[tuple[str, str]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            items.extend(("p", row) for row in _rows(block))
            continue
        text = " ".join(block.text.split())
        if not text:
            continue
        style = (block.style.name if block.style is not None else "").lower()
        heading = _HEADING.fullmatch(style)
        if style == "title":
            items.append(("title", text))
        elif heading:
            items.append((f"h{heading.group(1)}", text))
        else:
            items.append(("li" if "list" in style else "p", text))
    return items


def _rows(table: Table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # a merged cell repeats for every column
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def _sections(items: list[tuple[str, str]]) -> tuple[str, list[Section]]:
    """The Title paragraph names the document; failing that, a lone Heading 1 does (like `# ` in Markdown)."""
    title = next((text for kind, text in items if kind == "title"), "")
    heading_1s = [text for kind, text in items if kind == "h1"]
    title_is_h1 = not title and len(heading_1s) == 1
    if title_is_h1:
        title = heading_1s[0]
    sections: list[Section] = []
    heading = ""
    blocks: list[Block] = []

    def flush() -> None:
        text = join(blocks)
        if text:
            sections.append(Section(heading, text))

    for kind, text in items:
        if kind == "title" or (kind == "h1" and title_is_h1):
            continue
        if kind in ("h1", "h2", "h3"):
            flush()
            heading, blocks = text, []
        else:
            blocks.append(Block(kind, text))
    flush()
    return title, sections
