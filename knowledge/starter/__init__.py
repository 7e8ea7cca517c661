"""The starter library shipped with CareQA: general-education articles in `articles/`."""

from __future__ import annotations

from pathlib import Path

from engine.entities import EntityTagger
from knowledge.importing import Embedder, ImportReport
from knowledge.library import KnowledgeBase

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
COLLECTION = "starter"


def build_starter(kb_dir: Path, embedder: Embedder, tagger: EntityTagger | None = None
                  ) -> ImportReport:
    """Import (or update) the starter articles. Unchanged articles cost no model time."""
    kb = KnowledgeBase(kb_dir, readonly=False)
    try:
        return kb.import_files([ARTICLES_DIR], embedder, collection=COLLECTION,
                               relative_to=ARTICLES_DIR.parent, tagger=tagger)
    finally:
        kb.close()
