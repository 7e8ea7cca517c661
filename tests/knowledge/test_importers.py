"""read_document and detect_format: choosing the importer by content, size limits, text and Markdown.

Each format has its own file (test_importers_<format>.py); this one covers what they share.
"""

import time
from pathlib import Path

import pytest

from engine.errors import ImportFailed
from knowledge.documents import SourceDocument
from knowledge.importers import SUPPORTED_SUFFIXES, detect_format, read_document, text

SAMPLES = Path(__file__).parent / "samples"

ARTICLE = """---
title: Gout
summary: What gout is.
reviewed: 2026-11-01
url: https://clinic.example/gout
---

# Gout

*General education.*

## What is it?
Gout is a kind of **arthritis**. See [the guide](http://x).

## When to get help right away
- A hot, swollen joint with fever.
"""

HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Flu</title></head><body><p>Rest and drink fluids.</p></body></html>"
)
PDF_START = b"%PDF-1.4\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_markdown_sections_title_and_front_matter(tmp_path):
    doc = read_document(write(tmp_path / "gout.md", ARTICLE))
    assert doc.title == "Gout" and doc.format == "markdown"
    assert doc.url == "https://clinic.example/gout"
    assert doc.metadata["summary"] == "What gout is."
    assert [s.heading for s in doc.sections] == ["", "What is it?", "When to get help right away"]
    assert doc.sections[1].text == "Gout is a kind of arthritis. See the guide."
    assert len(doc.content_hash) == 64 and doc.warnings == []


def test_plain_text_title_from_first_line(tmp_path):
    doc = read_document(write(tmp_path / "notes on flu.txt", "Flu basics\nThe flu is a virus.\nRest helps."))
    assert doc.title == "Flu basics" and doc.format == "text"
    assert "Rest helps." in doc.sections[0].text


def test_content_hash_is_sha256_of_the_file_bytes(tmp_path):
    path = write(tmp_path / "a.txt", "Title\nBody text.")
    assert read_document(path).content_hash == SourceDocument.hash_bytes(path.read_bytes())


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Title\nHéllo wörld.".encode("utf-16"), "Héllo"),
        ("Title\nHéllo wörld.".encode("utf-8-sig"), "Héllo"),
        ("Title\nHéllo wörld.".encode("utf-32"), "Héllo"),
    ],
    ids=["utf-16-bom", "utf-8-bom", "utf-32-bom"],
)
def test_unicode_with_a_byte_order_mark_is_decoded(tmp_path, data, expected):
    doc = read_document(write(tmp_path / "u.txt", data))
    assert expected in doc.sections[0].text and doc.warnings == []


def test_legacy_encoding_is_guessed_and_noted(tmp_path):
    data = "Notes\nLe patient doit prendre ses médicaments après le repas. Évitez l'alcool – merci.".encode(
        "cp1252"
    )
    doc = read_document(write(tmp_path / "latin.txt", data))
    assert "médicaments après" in doc.sections[0].text and "Évitez l'alcool – merci" in doc.sections[0].text
    assert doc.warnings and "cp1252" in doc.warnings[0]


def test_short_latin1_text_reads_as_western_not_some_other_code_page(tmp_path):
    doc = read_document(write(tmp_path / "latin.txt", "Menu\ncafé au lait".encode("latin-1")))
    assert doc.sections[0].text == "café au lait"


def test_markdown_in_a_legacy_encoding(tmp_path):
    data = "# Fièvre\n\n## Quand consulter\nSi la fièvre dure.".encode("cp1252")
    doc = read_document(write(tmp_path / "fievre.md", data))
    assert doc.title == "Fièvre" and doc.sections[0].heading == "Quand consulter" and doc.warnings


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("empty.md", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "no text"),
        ("junk.txt", b"\x00\x01\x02binary" * 10, "binary"),
        ("noise.txt", bytes(range(0x80, 0x100)) * 40, "not readable text"),
        ("broken-bom.txt", b"\xff\xfe" + b"\x00\xd8" * 3, "damaged"),
        ("report.rtf", b"{\\rtf1 hello}", "unsupported file type"),
        ("report.pdf", b"Just some text, not a PDF", "not a PDF"),
        ("report.docx", b"Just some text, not a Word file", r"not a Word document \(it is not a zip file\)"),
        ("data.xml", b"<notes><note>hi</notes>", r"is not valid XML \(line 1\)"),
        ("other.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", "root element is <catalog>"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, name, data, reason):
    path = write(tmp_path / name, data)
    with pytest.raises(ImportFailed, match=reason) as refused:
        read_document(path)
    assert str(refused.value).startswith(str(path))


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ImportFailed, match="cannot be read"):
        read_document(tmp_path / "gone.txt")


def test_oversized_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(200 * 2**20)  # sparse: no disk used
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    monkeypatch.setattr(Path, "read_bytes", lambda *a, **k: pytest.fail("the file was read"))
    with pytest.raises(ImportFailed, match="200 MB, over the 100 MB limit"):
        read_document(path)


@pytest.mark.parametrize("error", [MemoryError, RecursionError, ValueError, KeyError("x")])
def test_unexpected_parser_errors_become_import_failed(tmp_path, monkeypatch, error):
    def explode(path, source):
        raise error

    monkeypatch.setattr(text, "parse", explode)
    with pytest.raises(ImportFailed, match="a.txt: "):
        read_document(write(tmp_path / "a.txt", "Title\nBody."))


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("page.txt", HTML_PAGE, "html"),  # HTML saved with a .txt name
        ("page.md", "<!-- saved -->\n<html><body><p>x</p></body></html>", "html"),
        ("page.html", "<p>A fragment with no html tag</p>", "html"),  # the name decides
        ("scan.txt", PDF_START + b"...", "pdf"),
        ("letter.pdf", b"PK\x03\x04[Content_Types].xml ... word/document.xml", "docx"),
        ("topics.txt", b"<?xml version='1.0'?>\n<health-topics total='0'>", "medlineplus"),
        ("qa.txt", b"<Document id='1' source='X'>\n<Focus>Flu</Focus>", "medquad"),
        ("notes.markdown", "# Notes", "markdown"),
        ("faq.CSV", "id,title,text", "csv"),
        ("faq.jsonl", "{}", "jsonl"),
        ("notes.text", "plain", "text"),
    ],
)
def test_detect_format_reads_the_content_not_only_the_name(tmp_path, name, data, expected):
    assert detect_format(write(tmp_path / name, data)) == expected


@pytest.mark.parametrize(
    ("name", "data"), [("photo.jpg", b"\xff\xd8\xff\xe0"), ("sheet.xlsx", b"PK\x03\x04xl/workbook.xml")]
)
def test_detect_format_refuses_unknown_types(tmp_path, name, data):
    with pytest.raises(ImportFailed, match="unsupported file type"):
        detect_format(write(tmp_path / name, data))


def test_html_named_txt_is_imported_as_html(tmp_path):
    doc = read_document(write(tmp_path / "flu.txt", HTML_PAGE))
    assert doc.format == "html" and doc.title == "Flu" and doc.sections[0].text == "Rest and drink fluids."


def test_supported_suffixes_cover_every_format():
    assert set(SUPPORTED_SUFFIXES) == {
        ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".csv", ".jsonl", ".xml"
    }


@pytest.mark.parametrize(
    "sample", ["asthma-action-plan.html", "faq.csv", "questions.jsonl", "mplus_topics_2026-01-05.xml"]
)
def test_paths_with_unicode_and_spaces(tmp_path, sample):
    path = write(tmp_path / "Fiches santé – été 2026" / f"copie de {sample}", (SAMPLES / sample).read_bytes())
    doc = read_document(path)
    assert doc.source == str(path) and doc.sections


def test_hostile_markup_costs_linear_time(tmp_path):
    """Patterns that backtrack (emphasis, links, comment runs) once made such files take hours."""
    started = time.monotonic()
    markdown = "# " + " " * 100_000 + "x\n" + "*a " * 100_000 + "\n" + "[a](" * 100_000 + "\n"
    assert read_document(write(tmp_path / "stars.md", markdown)).sections
    assert detect_format(write(tmp_path / "comments.txt", "<!--a-->" * 1000 + "plain")) == "text"
    assert detect_format(write(tmp_path / "prolog.xml.txt", "<?a?>" * 1600 + "!")) == "text"
    assert time.monotonic() - started < 5


def test_markdown_keeps_a_hash_that_belongs_to_the_heading(tmp_path):
    path = write(tmp_path / "langs.md", "# Languages\n\n## Learning C#\nText.\n\n## Closed ##\nMore.")
    doc = read_document(path)
    assert [s.heading for s in doc.sections] == ["Learning C#", "Closed"]
