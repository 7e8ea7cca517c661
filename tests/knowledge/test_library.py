import pytest

from engine.errors import IndexCorrupt, KnowledgeBaseMissing
from engine.fakes import FakeEmbedder
from knowledge import index as faiss_index
from knowledge.library import KnowledgeBase, SearchMode


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs with spaces é"
    folder.mkdir()
    (folder / "asthma.md").write_text("# Asthma\n\n## Inhalers\nA spacer helps medicine reach "
                                      "the lungs. Rinse your mouth after steroid inhalers.\n")
    (folder / "flu.md").write_text("# Flu\n\n## Vaccine\nGet a flu vaccine every year.\n")
    (folder / "broken.txt").write_bytes(b"\x00\x00junk")
    return folder


def test_import_search_and_provenance(tmp_path, docs):
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    report = kb.import_files([docs], FakeEmbedder(), collection="clinic")
    assert len(report.imported) == 2 and report.passages_added == 2
    assert list(report.failed) == [str(docs / "broken.txt")]
    hits = kb.search("", FakeEmbedder().encode(["flu vaccine every year"])[0], 2, SearchMode.DENSE)
    assert hits[0].title == "Flu" and hits[0].section == "Vaccine"
    assert hits[0].collection == "clinic" and hits[0].source == str(docs / "flu.md")
    assert hits[0].score > hits[1].score
    kb.close()


def test_unchanged_file_is_a_no_op_and_a_changed_one_replaces_its_passages(tmp_path, docs):
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    kb.import_files([docs / "flu.md"], FakeEmbedder())
    generation = kb.stats().generation
    assert kb.import_files([docs / "flu.md"], FakeEmbedder()).unchanged == [str(docs / "flu.md")]
    assert kb.stats().generation == generation
    (docs / "flu.md").write_text("# Flu\n\n## Rest\nRest and drink fluids. Stay home.\n")
    kb.import_files([docs / "flu.md"], FakeEmbedder())
    assert kb.stats().passages == 1 and kb.index.ntotal == 1
    hit = kb.search("", FakeEmbedder().encode(["rest fluids"])[0], 1, SearchMode.DENSE)[0]
    assert hit.section == "Rest"
    kb.close()


def test_reopened_readonly_sees_the_same_index(tmp_path, docs):
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    kb.import_files([docs], FakeEmbedder())
    kb.close()
    again = KnowledgeBase(tmp_path / "kb")
    assert again.index.ntotal == again.stats().passages == 2
    files = sorted(p.name for p in (tmp_path / "kb").iterdir() if p.suffix == ".faiss")
    assert files == [f"index-{again.stats().generation}.faiss"]


def test_missing_index_is_rebuilt_from_the_store(tmp_path, docs):
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    kb.import_files([docs], FakeEmbedder())
    generation = kb.stats().generation
    kb.close()
    faiss_index.index_path(tmp_path / "kb", generation).unlink()
    repaired = KnowledgeBase(tmp_path / "kb", readonly=False)
    assert repaired.index.ntotal == 2
    assert faiss_index.index_path(tmp_path / "kb", generation).is_file()


def test_corrupt_index_is_reported_clearly(tmp_path, docs):
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    kb.import_files([docs], FakeEmbedder())
    generation = kb.stats().generation
    kb.close()
    faiss_index.index_path(tmp_path / "kb", generation).write_bytes(b"garbage")
    with pytest.raises(IndexCorrupt, match="careqa kb rebuild"):
        KnowledgeBase(tmp_path / "kb")
    KnowledgeBase(tmp_path / "kb", readonly=False).close()  # a writer repairs it
    assert KnowledgeBase(tmp_path / "kb").index.ntotal == 2


def test_missing_knowledge_base_says_what_to_do(tmp_path):
    with pytest.raises(KnowledgeBaseMissing, match="careqa kb starter"):
        KnowledgeBase(tmp_path / "nowhere")


def test_a_different_embedding_model_is_refused_clearly(tmp_path, docs):
    from engine.errors import KnowledgeBaseError

    class OtherEmbedder(FakeEmbedder):
        name = "other-model"

    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    kb.import_files([docs / "flu.md"], FakeEmbedder())
    with pytest.raises(KnowledgeBaseError, match="fake-hash-embedder"):
        kb.import_files([docs / "asthma.md"], OtherEmbedder())
    assert kb.stats().documents == 1
