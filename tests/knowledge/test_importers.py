import pytest

from engine.errors import ImportFailed
from knowledge.importers import read_document

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


def test_markdown_sections_title_and_front_matter(tmp_path):
    path = tmp_path / "gout.md"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "Gout" and doc.format == "markdown"
    assert doc.url == "https://clinic.example/gout"
    assert doc.metadata["summary"] == "What gout is."
    assert [s.heading for s in doc.sections] == ["", "What is it?", "When to get help right away"]
    assert doc.sections[1].text == "Gout is a kind of arthritis. See the guide."
    assert len(doc.content_hash) == 64


def test_plain_text_title_from_first_line(tmp_path):
    path = tmp_path / "notes on flu.txt"
    path.write_text("Flu basics\nThe flu is a virus.\nRest helps.", encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "Flu basics" and "Rest helps." in doc.sections[0].text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "no text"),
        ("junk.txt", b"\x00\x01\x02binary" * 10, "binary"),
        ("latin.txt", "caf\xe9 au lait".encode("latin-1"), "UTF-8"),
        ("report.pdf", b"%PDF-1.4", "unsupported"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFailed, match=reason):
        read_document(path)


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Title\nHéllo wörld.".encode("utf-16"))
    assert "Héllo" in read_document(path).sections[0].text
