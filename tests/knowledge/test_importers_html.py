"""Saved web pages: main text only, sections at h2/h3, title and canonical URL."""

from pathlib import Path

import pytest

from engine.errors import ImportFailed
from knowledge.importers import html_text, read_document

SAMPLES = Path(__file__).parent / "samples"


def test_sample_page_keeps_the_article_and_drops_the_furniture():
    doc = read_document(SAMPLES / "asthma-action-plan.html")
    assert doc.format == "html" and doc.title == "Asthma action plan"
    assert doc.url == "https://clinic.example/asthma/action-plan"  # canonical wins over og:url
    assert doc.metadata == {"description": "How to use your asthma action plan at home."}
    assert [s.heading for s in doc.sections] == [
        "", "Green zone: doing well", "Peak flow", "Red zone: medical alert"
    ]
    assert doc.sections[0].text.startswith("An action plan tells you what to do every day and what")
    assert doc.sections[1].text == (
        "No cough or wheeze. You can work and play.\n\n"
        "- Take your controller medicine every day.\n- Avoid your triggers."
    )
    assert doc.sections[2].text == "Zone | Peak flow\n\nGreen | 80 to 100 percent"
    everything = " ".join(s.text for s in doc.sections)
    for furniture in ("Riverside", "Services", "Lungs", "tracking", "sans-serif", "JavaScript",
                      "Search", "allergy season", "Privacy", "Your asthma action plan"):
        assert furniture not in everything


def test_without_title_the_h1_names_the_page_and_og_url_is_the_address(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(
        '<html><head><meta property="og:url" content="https://clinic.example/og"></head>'
        "<body><article><h1>Shingles</h1><p>Shingles is a painful rash.</p></article></body></html>",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert doc.title == "Shingles" and doc.url == "https://clinic.example/og"
    assert [(s.heading, s.text) for s in doc.sections] == [("", "Shingles is a painful rash.")]


def test_declared_legacy_charset_is_used(tmp_path):
    path = tmp_path / "old.html"
    path.write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        b"<title>Fi\xe8vre</title></head><body><p>Buvez de l\x92eau.</p></body></html>"
    )
    doc = read_document(path)
    assert doc.title == "Fièvre" and doc.sections[0].text == "Buvez de l\u2019eau." and doc.warnings == []


def test_page_with_only_navigation_has_no_text(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav>Home | About</nav><footer>(c)</footer></body></html>", encoding="utf-8")
    with pytest.raises(ImportFailed, match="no text to import"):
        read_document(path)


def test_absurdly_nested_page_is_refused_quickly(tmp_path):
    path = tmp_path / "nested.html"
    depth = html_text.MAX_NESTING + 1
    path.write_text("<html><body>" + "<div>" * depth + "x" + "</div>" * depth, encoding="utf-8")
    with pytest.raises(ImportFailed, match="nested more than"):
        read_document(path)


def test_sloppy_but_real_html_is_not_mistaken_for_deep_nesting():
    html = "<ul>" + "<li>item<p>unclosed paragraph<br><img src=x>" * 5000 + "</ul>"
    text = html_text.to_text(html, "page.html")
    assert text.startswith("- item") and text.count("unclosed paragraph") == 5000


def test_to_text_keeps_inline_words_together_and_lists_on_lines():
    text = html_text.to_text("<p>Take <b>one</b> tablet.</p><ol><li>Eat</li><li>Sleep</li></ol>", "x")
    assert text == "Take one tablet.\n\n- Eat\n- Sleep"
