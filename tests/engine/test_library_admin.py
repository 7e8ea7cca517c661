"""engine.library_admin: the one staff path. The preview decides as the import does, every change
is audited once, and imports tag with the tagger they are given (the configured NER model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.fakes import FakeEmbedder, FakeTagger
from engine.library_admin import LibraryAdmin
from engine.modes import read_audit
from knowledge import Outcome


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "gout.md").write_text("# Gout\n\nAllopurinol lowers uric acid in gout.\n")
    (folder / "shingles.md").write_text("# Shingles\n\nThe shingles vaccine is two doses.\n")
    return folder


@pytest.fixture
def admin(tmp_path: Path):
    tagger = FakeTagger({"gout": "DISEASE", "allopurinol": "DRUG", "shingles": "DISEASE"})
    library = LibraryAdmin(tmp_path / "kb", embedder=FakeEmbedder, tagger=lambda: tagger)
    yield library
    library.close()


def outcomes(admin: LibraryAdmin, paths: list[Path]) -> dict[str, Outcome]:
    return {row.path.name: row.outcome for row in admin.preview(paths)}


def test_the_preview_decides_as_the_import_then_does(admin, docs, tmp_path):
    admin.import_files([docs / "gout.md"], "clinic")
    (docs / "copy.md").write_bytes((docs / "gout.md").read_bytes())
    (docs / "broken.pdf").write_bytes(b"not a pdf")
    (docs / "twin.md").write_bytes((docs / "shingles.md").read_bytes())
    previewed = outcomes(admin, [docs])
    assert previewed == {"broken.pdf": Outcome.FAILS, "copy.md": Outcome.DUPLICATE,
                         "gout.md": Outcome.UNCHANGED, "shingles.md": Outcome.NEW,
                         "twin.md": Outcome.DUPLICATE}
    report = admin.import_files([docs], "clinic")
    done = {Path(p).name: Outcome.NEW for p in report.imported}
    done |= {Path(p).name: Outcome.UNCHANGED for p in report.unchanged}
    done |= {Path(p).name: Outcome.DUPLICATE for p in report.duplicates}
    done |= {Path(p).name: Outcome.FAILS for p in report.failed}
    assert done == previewed


def test_the_preview_names_what_a_duplicate_repeats(admin, docs):
    admin.import_files([docs / "gout.md"], "clinic")
    (docs / "copy.md").write_bytes((docs / "gout.md").read_bytes())
    (row,) = list(admin.preview([docs / "copy.md"]))
    assert (row.collection, row.original) == ("clinic", str(docs / "gout.md"))
    (row,) = list(admin.preview([docs / "gout.md"]))
    assert (row.outcome, row.collection, row.records, row.sections) == (
        Outcome.UNCHANGED, "clinic", 0, 1)


def test_imports_tag_passages_and_every_change_is_audited_once(admin, docs):
    admin.import_files([docs], "clinic", tags=["2026"])
    terms = {(e.text, e.label) for e in admin.library().entity_counts()}
    assert terms == {("gout", "DISEASE"), ("allopurinol", "DRUG"), ("shingles", "DISEASE")}
    removal = admin.remove_document("clinic", str(docs / "gout.md"))
    assert (removal.what, removal.passages) == (f"document {docs / 'gout.md'} from clinic", 1)
    assert admin.rebuild() == 1
    assert admin.remove_collection("clinic").passages == 1
    actions = [(e["action"], e.get("target", e.get("collection"))) for e in read_audit()]
    assert actions == [("kb.import", "clinic"), ("kb.remove", f"document {docs / 'gout.md'} from clinic"),
                       ("kb.rebuild", None), ("kb.remove", "collection clinic")]


def test_terms_off_imports_without_tags(admin, docs):
    admin.import_files([docs], "clinic", terms=False)
    assert admin.library().entity_counts() == []


def test_the_starter_is_imported_once_and_audited_only_when_it_changes(admin):
    first = admin.import_starter()
    again = admin.import_starter()
    assert first.imported and not again.imported and again.unchanged
    assert [e["action"] for e in read_audit()] == ["kb.starter"]
