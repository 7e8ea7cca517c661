"""The starter library shipped with CareQA: general-education articles in `articles/`."""

from __future__ import annotations

from pathlib import Path

from knowledge.importing import Embedder, ImportReport
from knowledge.library import KnowledgeBase
from knowledge.terms import TermTagger

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
COLLECTION = "starter"


def import_starter(kb: KnowledgeBase, embedder: Embedder, tagger: TermTagger | None = None
                   ) -> ImportReport:
    """Import (or update) the starter articles. Unchanged articles cost no model time."""
    return kb.import_files([ARTICLES_DIR], embedder, collection=COLLECTION,
                           relative_to=ARTICLES_DIR.parent, tagger=tagger)


def build_starter(kb_dir: Path, embedder: Embedder, tagger: TermTagger | None = None
                  ) -> ImportReport:
    """The starter articles in the knowledge base at kb_dir (tests and benchmarks build one)."""
    kb = KnowledgeBase(kb_dir, readonly=False)
    try:
        return import_starter(kb, embedder, tagger)
    finally:
        kb.close()
