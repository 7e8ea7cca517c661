from knowledge.chunking import chunk_sections, split_sentences
from knowledge.documents import Section


def test_sentences_split_on_end_punctuation_but_not_abbreviations():
    text = "Dr. Lee says rest helps. Drink water, e.g. plain water! Is it flu? Yes."
    assert split_sentences(text) == [
        "Dr. Lee says rest helps.", "Drink water, e.g. plain water!", "Is it flu?", "Yes."
    ]


def test_list_items_are_sentences():
    assert split_sentences("Signs:\n- fever\n- cough") == ["Signs:", "- fever", "- cough"]


def test_chunks_respect_the_word_budget_and_overlap_by_one_sentence():
    sentences = [f"Sentence number {i} has exactly seven words." for i in range(10)]
    chunks = chunk_sections([Section("Intro", " ".join(sentences))], max_words=22)
    assert all(len(c.text.split()) <= 22 for c in chunks)
    for previous, current in zip(chunks, chunks[1:], strict=False):
        assert previous.text.split(". ")[-1].rstrip(".") in current.text
    assert chunks[-1].text.endswith("number 9 has exactly seven words.")
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))


def test_chunks_never_cross_sections_and_keep_provenance():
    chunks = chunk_sections([Section("A", "One. Two."), Section("B", "Three.", page=4)])
    assert [(c.section, c.text, c.page) for c in chunks] == [("A", "One. Two.", None),
                                                              ("B", "Three.", 4)]


def test_an_overlong_sentence_is_cut_rather_than_dropped():
    chunks = chunk_sections([Section("", " ".join(["word"] * 250))], max_words=100)
    assert sum(len(c.text.split()) for c in chunks) == 250
