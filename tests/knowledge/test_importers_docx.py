"""Word documents: headings start sections, tables are read; non-Word files and zip bombs are refused."""

import io
import random
import zipfile
from pathlib import Path

import docx
import pytest

from engine.errors import ImportFailed
from knowledge.importers import detect_format, read_document, word


def make_docx(path: Path, title: str | None = "Caring for a cast") -> Path:
    document = docx.Document()
    if title:
        document.add_heading(title, 0)  # level 0 is the Title style
    document.add_paragraph("Keep your cast clean and dry.")
    document.add_heading("Itching", 1)
    document.add_paragraph("Do not put anything inside the cast.")
    document.add_paragraph("Use a hair dryer on the cool setting.", style="List Bullet")
    document.add_paragraph("Tap the cast gently.", style="List Bullet")
    document.add_heading("When to call", 2)
    table = document.add_table(rows=2, cols=2)
    for row, texts in enumerate([("Sign", "Action"), ("Numb toes", "Call now")]):
        for column, text in enumerate(texts):
            table.cell(row, column).text = text
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Spans two columns"
    merged.cell(0, 2).text = "Last"
    document.add_heading("A minor heading", 4)
    document.add_paragraph("Text under it.")
    document.save(str(path))
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_headings_start_sections_and_tables_are_read(tmp_path):
    doc = read_document(make_docx(tmp_path / "cast care.docx"))
    assert doc.format == "docx" and doc.title == "Caring for a cast"
    assert [(s.heading, s.text) for s in doc.sections] == [
        ("", "Keep your cast clean and dry."),
        (
            "Itching",
            "Do not put anything inside the cast.\n\n"
            "- Use a hair dryer on the cool setting.\n- Tap the cast gently.",
        ),
        (
            "When to call",
            "Sign | Action\n\nNumb toes | Call now\n\nSpans two columns | Last\n\n"
            "A minor heading\n\nText under it.",
        ),
    ]


def test_a_lone_heading_1_is_the_title(tmp_path):
    document = docx.Document()
    document.add_heading("Diabetes", 1)
    document.add_paragraph("Diabetes means high blood sugar.")
    document.add_heading("Food", 2)
    document.add_paragraph("Eat regular meals.")
    document.save(str(tmp_path / "d.docx"))
    doc = read_document(tmp_path / "d.docx")
    assert doc.title == "Diabetes"
    assert [s.heading for s in doc.sections] == ["", "Food"]


@pytest.mark.parametrize(("core_title", "expected"), [("", "Causes"), ("Gout basics", "Gout basics")])
def test_several_heading_1s_are_sections(tmp_path, core_title, expected):
    document = docx.Document()
    document.core_properties.title = core_title
    for heading, text in (("Causes", "Uric acid builds up."), ("Care", "Rest the joint.")):
        document.add_heading(heading, 1)
        document.add_paragraph(text)
    document.save(str(tmp_path / "gout.docx"))
    doc = read_document(tmp_path / "gout.docx")
    assert doc.title == expected and [s.heading for s in doc.sections] == ["Causes", "Care"]


def test_word_file_with_a_pdf_name_is_read_as_word(tmp_path):
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(make_docx(tmp_path / "real.docx").read_bytes())
    assert detect_format(path) == "docx" and read_document(path).title == "Caring for a cast"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"This is plain text", r"report.docx: not a Word document \(it is not a zip file\)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old-format .* or password-protected"),
        (zip_bytes({"notes.txt": b"hello"}), "is a zip file but not a Word document"),
    ],
    ids=["text", "old-doc-or-encrypted", "other-zip"],
)
def test_files_that_are_not_word_documents_are_refused(tmp_path, data, reason):
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    with pytest.raises(ImportFailed, match=reason):
        read_document(path)


def test_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    path = tmp_path / "bomb.docx"
    path.write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(20 * 2**20)}))
    monkeypatch.setattr(docx, "Document", lambda *a: pytest.fail("the bomb was unpacked"))
    with pytest.raises(ImportFailed, match=r"looks like a zip bomb \(it would unpack to 20 MB"):
        read_document(path)


def test_too_much_unpacked_data_is_refused_whatever_the_ratio(tmp_path, monkeypatch):
    monkeypatch.setattr(word, "MAX_UNZIPPED_BYTES", 1000)  # stands in for 200 MB of real parts
    with pytest.raises(ImportFailed, match="looks like a zip bomb"):
        read_document(make_docx(tmp_path / "big.docx"))


def test_randomly_damaged_word_files_never_crash_the_batch(tmp_path):
    original = make_docx(tmp_path / "original.docx").read_bytes()
    rng = random.Random(3)
    path = tmp_path / "fuzzed.docx"
    for _ in range(40):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        try:
            read_document(path)
        except ImportFailed as refused:
            assert str(refused).startswith(f"{path}: ")
