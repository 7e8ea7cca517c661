"""The shipped starter articles keep the structure the app and the clinic rely on."""

import datetime as dt

import pytest
import textstat

from knowledge.importers import read_document
from knowledge.starter import ARTICLES_DIR

ARTICLES = sorted(ARTICLES_DIR.glob("*.md"))


def test_at_least_sixty_articles():
    assert len(ARTICLES) >= 60


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_structure(path):
    doc = read_document(path)
    meta = doc.metadata
    assert doc.title and meta["summary"] and "Apache-2.0" in meta["license"]
    assert isinstance(meta["reviewed"], dt.date) and meta["next_review"] > meta["reviewed"]
    headings = [s.heading for s in doc.sections]
    assert "When to get help right away" in headings and len(headings) >= 5
    assert "not replace" in doc.sections[0].text or "General" in doc.sections[0].text
    assert 400 <= sum(len(s.text.split()) for s in doc.sections) <= 900


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_reading_level(path):
    # Plain language for patients: no article above a US grade 10 reading level
    # (bench/starter_readability.py reports the whole library).
    text = "\n\n".join(s.text for s in read_document(path).sections)
    assert textstat.flesch_kincaid_grade(text) <= 10
