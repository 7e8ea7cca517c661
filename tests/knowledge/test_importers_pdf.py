"""PDF: one section per page with its page number; locked, damaged and scanned files refused clearly."""

import io
import logging
import random

import pypdf
import pytest
from pypdf import PdfWriter
from pypdf.errors import DependencyError

from engine.errors import ImportFailed
from knowledge.importers import detect_format, read_document


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal PDF with a real text layer: one Helvetica line per string, an empty list = a blank page."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, lines in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        shown = " ".join(f"({escape(line)}) Tj T*" for line in lines)
        stream = f"BT /F1 12 Tf 72 720 Td 16 TL {shown} ET".encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    info = ""
    if title is not None:
        objects.append(f"<< /Title ({escape(title)}) >>".encode("latin-1"))
        info = f" /Info {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


LEAFLET = make_pdf(
    [["Managing gout", "Drink plenty of water (2 litres)."], [], ["Rest the joint and raise it."]],
    title="Gout leaflet",
)


@pytest.fixture(autouse=True)
def quiet_pypdf(caplog):
    caplog.set_level(logging.ERROR, logger="pypdf")  # damaged files make pypdf log warnings


def test_pages_become_sections_with_page_numbers(tmp_path):
    path = tmp_path / "gout leaflet.pdf"
    path.write_bytes(LEAFLET)
    doc = read_document(path)
    assert doc.format == "pdf" and doc.title == "Gout leaflet" and doc.metadata == {"pages": 3}
    assert [(s.page, s.text) for s in doc.sections] == [
        (1, "Managing gout\nDrink plenty of water (2 litres)."),
        (3, "Rest the joint and raise it."),
    ]
    assert doc.warnings == ["skipped page 2: no text layer (scanned images?)"]


@pytest.mark.parametrize("title", [None, "Microsoft Word - gout.docx", "   "])
def test_title_falls_back_to_the_first_line(tmp_path, title):
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(make_pdf([["Managing gout at home", "Drink water."]], title=title))
    assert read_document(path).title == "Managing gout at home"


def test_pdf_with_a_txt_name_is_read_as_pdf(tmp_path):
    path = tmp_path / "leaflet.txt"
    path.write_bytes(LEAFLET)
    assert detect_format(path) == "pdf" and read_document(path).sections[0].page == 1


def test_pdf_locked_for_editing_only_opens(tmp_path):
    path = tmp_path / "locked-editing.pdf"
    path.write_bytes(encrypted(LEAFLET, user_password=""))
    assert read_document(path).sections[0].text.startswith("Managing gout")


def test_password_protected_pdf_is_refused(tmp_path):
    path = tmp_path / "private.pdf"
    path.write_bytes(encrypted(LEAFLET, user_password="secret"))
    with pytest.raises(ImportFailed, match="private.pdf: is password-protected"):
        read_document(path)


def test_encryption_we_cannot_decrypt_is_refused(tmp_path, monkeypatch):
    def needs_cryptography(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", needs_cryptography)
    path = tmp_path / "aes.pdf"
    path.write_bytes(encrypted(LEAFLET, user_password=""))
    with pytest.raises(ImportFailed, match="encrypted in a way CareQA cannot open"):
        read_document(path)


def test_scanned_pdf_is_refused(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    with pytest.raises(ImportFailed, match=r"has no text layer \(scanned images\); OCR is not supported"):
        read_document(path)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n" + bytes(range(256)) * 8, LEAFLET[: len(LEAFLET) // 2], b"%PDF-"],
    ids=["garbage", "truncated", "header-only"],
)
def test_damaged_pdf_is_refused(tmp_path, data):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data)
    with pytest.raises(ImportFailed, match="damaged"):
        read_document(path)


def test_randomly_damaged_pdfs_never_crash_the_batch(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "fuzzed.pdf"
    for _ in range(60):
        data = bytearray(LEAFLET)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        try:
            read_document(path)
        except ImportFailed as refused:
            assert str(refused).startswith(f"{path}: ")
