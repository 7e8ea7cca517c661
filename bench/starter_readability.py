"""Reading level of the shipped starter articles. Prints JSON.

    .venv/bin/python bench/starter_readability.py

Each article in knowledge/starter/articles/ is read with the same importer the app uses, its
section texts are joined, and textstat gives the Flesch-Kincaid grade and the Flesch reading
ease. The target is a mean grade of 6-8 with no article above grade 10.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

import textstat

from knowledge.importers import read_document
from knowledge.starter import ARTICLES_DIR


def article_text(path: Path) -> str:
    """The body text of one article: its section texts joined by blank lines."""
    doc = read_document(path)
    return "\n\n".join(section.text for section in doc.sections)


def measure(path: Path) -> dict[str, float]:
    """Flesch-Kincaid grade and Flesch reading ease of one article, rounded to 0.1."""
    text = article_text(path)
    return {
        "fk_grade": round(float(textstat.flesch_kincaid_grade(text)), 1),
        "reading_ease": round(float(textstat.flesch_reading_ease(text)), 1),
        "words": len(text.split()),
    }


def report(articles_dir: Path = ARTICLES_DIR) -> dict[str, object]:
    """Per-article scores plus the mean, median and maximum grade over the library."""
    articles = {path.stem: measure(path) for path in sorted(articles_dir.glob("*.md"))}
    grades = [scores["fk_grade"] for scores in articles.values()]
    ease = [scores["reading_ease"] for scores in articles.values()]
    return {
        "count": len(articles),
        "fk_grade_mean": round(statistics.mean(grades), 2) if grades else None,
        "fk_grade_median": round(statistics.median(grades), 2) if grades else None,
        "fk_grade_max": max(grades, default=None),
        "reading_ease_mean": round(statistics.mean(ease), 1) if ease else None,
        "articles": articles,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    print(json.dumps(report(), indent=2))


if __name__ == "__main__":
    main()
