"""One importer per format; `read_document` picks it from the file name and content."""

from __future__ import annotations

from pathlib import Path

from engine.errors import ImportFailed
from knowledge.documents import SourceDocument
from knowledge.importers import markdown, text

MAX_FILE_BYTES = 50 * 1024 * 1024
_BY_SUFFIX = {".md": markdown, ".markdown": markdown, ".txt": text, ".text": text}
SUPPORTED_SUFFIXES = tuple(_BY_SUFFIX)


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused clearly."""
    has_utf16_bom = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:4096] and not has_utf16_bom:
        raise ImportFailed(f"{source}: looks like a binary file, not text")
    try:
        return data.decode("utf-16" if has_utf16_bom else "utf-8-sig")
    except UnicodeDecodeError:
        pass
    raise ImportFailed(f"{source}: text is not UTF-8; save it as UTF-8 and import it again")


def read_document(path: Path) -> SourceDocument:
    module = _BY_SUFFIX.get(path.suffix.lower())
    if module is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise ImportFailed(f"{path}: unsupported file type (supported: {supported})")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFailed(f"{path}: {size // 2**20} MB is over the {MAX_FILE_BYTES // 2**20} MB limit")
    data = path.read_bytes()
    doc = module.parse(decode_text(data, str(path)), str(path))
    doc.content_hash = SourceDocument.hash_bytes(data)
    if not any(section.text.strip() for section in doc.sections):
        raise ImportFailed(f"{path}: no text to import")
    return doc
