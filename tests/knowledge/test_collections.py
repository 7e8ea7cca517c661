"""Collections: list, remove, duplicates across files, and upgrading an older store."""

import sqlite3

import pytest

from engine.fakes import FakeEmbedder
from knowledge.library import KnowledgeBase, SearchMode


@pytest.fixture
def kb(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gout.md").write_text("# Gout\n\n## Diet\nCherries and water may help gout flares.\n")
    (docs / "shingles.md").write_text("# Shingles\n\n## Vaccine\nThe shingles vaccine is two doses.\n")
    (docs / "copy of gout.md").write_bytes((docs / "gout.md").read_bytes())
    library = KnowledgeBase(tmp_path / "kb", readonly=False)
    report = library.import_files([docs / "gout.md", docs / "shingles.md"], FakeEmbedder(),
                                  collection="clinic", tags=["handouts"])
    assert len(report.imported) == 2
    yield library
    library.close()


def test_list_collections_and_documents(kb):
    (clinic,) = kb.collections()
    assert (clinic.name, clinic.documents, clinic.passages) == ("clinic", 2, 2)
    docs = kb.documents("clinic")
    assert [d.title for d in docs] == ["Gout", "Shingles"]
    assert docs[0].tags == ["handouts"] and docs[0].format == "markdown" and docs[0].passages == 1


def test_a_file_with_the_same_content_is_reported_as_a_duplicate(kb, tmp_path):
    copy = tmp_path / "docs" / "copy of gout.md"
    report = kb.import_files([copy], FakeEmbedder(), collection="other")
    assert report.duplicates == {str(copy): f"clinic: {tmp_path / 'docs' / 'gout.md'}"}
    assert not report.imported and kb.stats().documents == 2


def test_duplicates_within_one_batch_are_caught_too(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text("Same text\nWash your hands often.")
    kb = KnowledgeBase(tmp_path / "kb2", readonly=False)
    report = kb.import_files([folder], FakeEmbedder())
    assert len(report.imported) == 1 and list(report.duplicates) == [str(folder / "b.txt")]


def test_remove_a_document_updates_both_indexes_without_a_rebuild(kb, tmp_path):
    generation = kb.stats().generation
    removed = kb.remove_document("clinic", str(tmp_path / "docs" / "gout.md"))
    assert removed == 1 and kb.index.ntotal == 1 and kb.lexical.size == 1
    assert kb.stats().generation == generation + 1
    hits = kb.search("gout cherries", None, 5, SearchMode.LEXICAL)
    assert [h.title for h in hits] == []
    reopened = KnowledgeBase(tmp_path / "kb")
    assert reopened.index.ntotal == 1 and reopened.stats().documents == 1


def test_remove_a_collection_and_an_unknown_one(kb):
    assert kb.remove_collection("nothing-here") == 0
    assert kb.remove_collection("clinic") == 2
    assert kb.collections() == [] and kb.index.ntotal == 0 and kb.lexical.size == 0


def test_a_schema_1_store_is_upgraded_by_a_writer(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    db = sqlite3.connect(folder / "store.sqlite")
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1');
        CREATE TABLE documents (id INTEGER PRIMARY KEY, collection TEXT NOT NULL,
            source TEXT NOT NULL, title TEXT NOT NULL, url TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL, content_hash TEXT NOT NULL, imported_at TEXT NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}', UNIQUE (collection, source));
        CREATE TABLE chunks (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL
            REFERENCES documents(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
            section TEXT NOT NULL DEFAULT '', page INTEGER, record_id TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, embedding BLOB NOT NULL);
    """)
    db.commit()
    db.close()
    kb = KnowledgeBase(folder, readonly=False)
    assert kb.store.meta("schema_version") == "2"
    (tmp_path / "a.md").write_text("# A\n\n## B\nSome text about sleep.\n")
    kb.import_files([tmp_path / "a.md"], FakeEmbedder(), tags=["x"])
    assert kb.documents()[0].tags == ["x"]


def test_a_full_disk_stops_the_import_with_a_clear_message_and_keeps_earlier_files(tmp_path):
    from engine.errors import KnowledgeBaseError

    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "a small one.md").write_text("# Small\n\n## One\nA short note about sleep.\n")
    words = " ".join(f"word{n}" for n in range(20_000))
    (folder / "b large one.md").write_text(f"# Large\n\n## Many words\n{words}.\n")
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    kb.import_files([folder / "a small one.md"], FakeEmbedder())
    pages = kb.store._db.execute("PRAGMA page_count").fetchone()[0]
    kb.store._db.execute(f"PRAGMA max_page_count = {pages + 4}")  # the disk is now "full"
    with pytest.raises(KnowledgeBaseError, match="b large one.md.*nothing of it was saved"):
        kb.import_files([folder], FakeEmbedder())
    assert [d.title for d in kb.documents()] == ["Small"]
    kb.close()
    reopened = KnowledgeBase(tmp_path / "kb")
    assert reopened.index.ntotal == reopened.stats().passages == 1
