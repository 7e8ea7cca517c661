"""Hybrid search: keyword and vector rankings fused, near-duplicates dropped."""

import numpy as np
import pytest

from engine.fakes import FakeEmbedder
from knowledge.fusion import drop_near_duplicates, reciprocal_rank_fusion
from knowledge.lexical import tokenize
from knowledge.library import KnowledgeBase, SearchMode


def test_rrf_rewards_agreement_between_rankings():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 4]])
    assert [i for i, _ in fused] == [3, 1, 2, 4]  # 3 is found by both; 2 and 4 tie, first seen wins


def test_rrf_weights():
    fused = reciprocal_rank_fusion([[1], [2]], weights=[1.0, 2.0])
    assert [i for i, _ in fused] == [2, 1]


def test_near_duplicates_keep_the_better_ranked_one():
    a = np.array([1.0, 0.0], dtype=np.float32)
    almost_a = np.array([0.99, 0.141], dtype=np.float32)
    b = np.array([0.0, 1.0], dtype=np.float32)
    assert drop_near_duplicates([1, 2, 3], {1: a, 2: almost_a, 3: b}) == [1, 3]


def test_tokenize_stems_and_drops_stop_words():
    assert tokenize(["The inhalers are helping"]) == [["inhal", "help"]]


@pytest.fixture
def kb(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gout.md").write_text("# Gout\n\n## Diet\nAllopurinol lowers uric acid in gout.\n")
    (docs / "sleep.md").write_text("# Sleep\n\n## Habits\nKeep a regular bedtime and a dark room.\n")
    (docs / "sleep copy.md").write_text("# Sleep\n\n## Habits\nKeep a regular bedtime and a dark room!\n")
    library = KnowledgeBase(tmp_path / "kb", readonly=False)
    library.import_files([docs], FakeEmbedder())
    yield library
    library.close()


def test_lexical_finds_a_rare_word(kb):
    (hit,) = kb.search("allopurinol", None, 3, SearchMode.LEXICAL)
    assert hit.title == "Gout" and hit.score > 0


def test_hybrid_scores_are_cosine_similarities_and_duplicates_are_dropped(kb):
    query = "regular bedtime dark room"
    vector = FakeEmbedder().encode([query])[0]
    hits = kb.search(query, vector, 5, SearchMode.HYBRID)
    assert hits[0].title == "Sleep"
    assert [h.title for h in hits].count("Sleep") == 1  # the near-identical copy is dropped
    assert all(-1.0 <= h.score <= 1.0 for h in hits)
    assert hits[0].score == pytest.approx(float(FakeEmbedder().encode([hits[0].text])[0] @ vector),
                                          abs=0.3)


def test_a_query_of_only_stop_words_or_unknown_words_finds_nothing_by_keyword(kb):
    assert kb.search("the and of", None, 3, SearchMode.LEXICAL) == []
    assert kb.search("zzzzqx", None, 3, SearchMode.LEXICAL) == []


def test_a_missing_keyword_index_is_rebuilt(kb, tmp_path):
    import shutil

    generation = kb.stats().generation
    shutil.rmtree(tmp_path / "kb" / f"bm25-{generation}")
    reader = KnowledgeBase(tmp_path / "kb")
    assert reader.lexical.size == 3
    assert not (tmp_path / "kb" / f"bm25-{generation}").exists()  # a reader does not write
    KnowledgeBase(tmp_path / "kb", readonly=False).close()
    assert (tmp_path / "kb" / f"bm25-{generation}").is_dir()


def test_a_reader_picks_up_a_later_import(kb, tmp_path):
    reader = KnowledgeBase(tmp_path / "kb")
    (tmp_path / "new.md").write_text("# Shingles\n\n## Vaccine\nThe shingles vaccine helps.\n")
    kb.import_files([tmp_path / "new.md"], FakeEmbedder())
    assert reader.search("shingles", None, 3, SearchMode.LEXICAL) == []
    assert reader.refresh()
    assert reader.search("shingles", None, 3, SearchMode.LEXICAL)[0].title == "Shingles"


def test_entity_boost_favours_passages_about_the_recognised_term(tmp_path):
    from engine.fakes import FakeTagger

    docs = tmp_path / "boost"
    docs.mkdir()
    (docs / "a.md").write_text("# Sleep\n\n## Tips\nTired all day? Keep a regular bedtime.\n")
    (docs / "b.md").write_text("# Anemia\n\n## Signs\nFeeling tired and pale can be a sign.\n")
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    tagger = FakeTagger({"anemia": "DISEASE", "tired": "DISEASE"})
    kb.import_files([docs], FakeEmbedder(), tagger=tagger)
    query = "why am I tired all day"
    vector = FakeEmbedder().encode([query])[0]
    assert kb.search(query, vector, 2)[0].title == "Sleep"
    assert kb.search(query, vector, 2, entities=["anemia"])[0].title == "Anemia"


def test_import_tags_passages_for_browsing_by_condition_or_drug(tmp_path):
    from engine.fakes import FakeTagger

    docs = tmp_path / "tagged"
    docs.mkdir()
    (docs / "gout.md").write_text("# Gout\n\n## Medicines\nAllopurinol lowers uric acid in gout.\n")
    (docs / "diet.md").write_text("# Diet\n\n## Cherries\nCherries may ease gout flares.\n")
    (docs / "flu.md").write_text("# Flu\n\n## Care\nRest with the flu. Oseltamivir may help.\n")
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    tagger = FakeTagger({"gout flares": "DISEASE", "gout": "DISEASE", "flu": "DISEASE",
                         "allopurinol": "DRUG", "oseltamivir": "DRUG"})
    kb.import_files([docs], FakeEmbedder(), tagger=tagger)
    drugs = kb.entity_counts("DRUG")
    assert [(e.text, e.passages, e.documents) for e in drugs] == [("allopurinol", 1, 1),
                                                                 ("oseltamivir", 1, 1)]
    # A term finds the longer terms it is a whole word of ("gout flares"), not word fragments.
    assert [d.title for d in kb.documents(entity="Gout")] == ["Diet", "Gout"]
    assert [d.title for d in kb.documents(entity="gout flares")] == ["Diet"]
    assert kb.documents(entity="out") == [] and kb.documents(entity="%") == []
    assert [d.title for d in kb.documents(collection="default", entity="flu")] == ["Flu"]


def test_a_library_past_the_ivf_size_switches_to_ivf_and_keeps_working(tmp_path, monkeypatch):
    from knowledge import index as faiss_index

    monkeypatch.setattr(faiss_index, "IVF_MIN_PASSAGES", 200)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        sentences = " ".join(f"Fact {k} about topic{n} and habit{k}." for k in range(120))
        (folder / f"t{n}.md").write_text(f"# Topic {n}\n\n## Facts\n{sentences}\n")
    kb = KnowledgeBase(tmp_path / "kb", readonly=False)
    kb.import_files([folder], FakeEmbedder())
    assert kb.stats().passages >= 200 and faiss_index.kind(kb.index) == "ivf"
    query = "fact 7 about topic12"
    hits = kb.search(query, FakeEmbedder().encode([query])[0], 3)
    assert hits[0].title == "Topic 12"
    removed = kb.remove_document("default", str(folder / "t12.md"))
    assert removed > 0 and kb.index.ntotal == kb.stats().passages
    kb.close()
    reader = KnowledgeBase(tmp_path / "kb")
    assert faiss_index.kind(reader.index) == "ivf" and reader.index.nprobe == faiss_index.NPROBE
    assert reader.index.ntotal == reader.stats().passages
