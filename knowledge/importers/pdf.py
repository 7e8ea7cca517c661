"""PDF: the text layer, one section per page so a citation can name the page."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from knowledge.documents import Section, SourceDocument
from knowledge.errors import ImportFailed
from knowledge.importers.names import title_from_name

FORMAT = "pdf"
SUFFIXES = (".pdf",)

log = logging.getLogger(__name__)

_MAGIC = b"%PDF-"
_MAGIC_WINDOW = 1024  # readers accept a little junk before the header
# Titles that word processors fill in on their own say nothing about the content.
_JUNK_TITLE = re.compile(r"^(microsoft word - .*|untitled.*|.*\.(docx?|pdf|rtf|odt))$", re.I)
_MAX_TITLE_WORDS = 15


def sniff(head: bytes, path: Path) -> bool:
    return _MAGIC in head[:_MAGIC_WINDOW]


def parse(path: Path, source: str) -> SourceDocument:
    with path.open("rb") as file:
        if _MAGIC not in file.read(_MAGIC_WINDOW):
            raise ImportFailed(f"{source}: not a PDF (it does not start with %PDF)")
    reader = _open(path, source)
    warnings: list[str] = []
    sections = _pages(reader, source, warnings)
    if not sections:
        raise ImportFailed(f"{source}: has no text layer (scanned images); OCR is not supported")
    return SourceDocument(
        source=source,
        title=_metadata_title(reader) or _first_line(sections[0].text) or title_from_name(source),
        format=FORMAT,
        sections=sections,
        metadata={"pages": len(reader.pages)},
        warnings=warnings,
    )


def _open(path: Path, source: str) -> PdfReader:
    try:
        reader = PdfReader(path, strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many kinds of error on damaged files
        log.info("pypdf could not open %s: %r", source, exc)
        raise ImportFailed(f"{source}: the PDF is damaged or not a valid PDF") from None
    if encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED  # many PDFs lock editing only
        except DependencyError:  # AES needs a crypto library this app does not ship
            raise ImportFailed(
                f"{source}: is encrypted in a way CareQA cannot open; "
                "save a copy without protection and import that"
            ) from None
        except Exception as exc:
            log.info("pypdf could not decrypt %s: %r", source, exc)
            opened = False
        if not opened:
            raise ImportFailed(
                f"{source}: is password-protected; save a copy without the password and import that"
            )
    try:
        page_count = len(reader.pages)
    except Exception as exc:
        log.info("pypdf could not read the pages of %s: %r", source, exc)
        raise ImportFailed(f"{source}: the PDF is damaged or not a valid PDF") from None
    if page_count == 0:
        raise ImportFailed(f"{source}: the PDF has no pages")
    return reader


def _pages(reader: PdfReader, source: str, warnings: list[str]) -> list[Section]:
    sections: list[Section] = []
    unreadable: list[int] = []
    page_count = len(reader.pages)
    for number in range(1, page_count + 1):
        try:
            text = reader.pages[number - 1].extract_text() or ""
        except Exception as exc:  # one bad page should not lose the rest of the document
            log.info("pypdf could not read page %d of %s: %r", number, source, exc)
            unreadable.append(number)
            continue
        text = "\n".join(line.strip() for line in text.replace("\x00", "").splitlines()).strip()
        if text:
            sections.append(Section("", text, page=number))
    if len(unreadable) == page_count:
        raise ImportFailed(f"{source}: the PDF is damaged (no page could be read)")
    if unreadable:
        warnings.append(f"skipped {_pages_phrase(unreadable)}: could not be read")
    empty = sorted(set(range(1, page_count + 1)) - set(unreadable) - {s.page for s in sections})
    if sections and empty:
        warnings.append(f"skipped {_pages_phrase(empty)}: no text layer (scanned images?)")
    return sections


def _metadata_title(reader: PdfReader) -> str:
    try:
        metadata = reader.metadata
        title = " ".join(str((metadata.get("/Title") if metadata else None) or "").split())
    except Exception:  # a broken info dictionary is no reason to refuse the text
        return ""
    return "" if _JUNK_TITLE.match(title) else title


def _first_line(text: str) -> str:
    line = next((line for line in text.splitlines() if line.strip()), "")
    return line if len(line.split()) <= _MAX_TITLE_WORDS else ""


def _pages_phrase(pages: list[int]) -> str:
    return ("page " if len(pages) == 1 else "pages ") + ", ".join(str(page) for page in pages)
