"""The part of a cited passage an answer sentence was drawn from."""

from engine.highlight import cited_spans, sentence_spans, sentences_citing

PASSAGE = ("Asthma makes the airways in the lungs narrow.  Common triggers include smoke,\n"
           "pollen and cold air. A reliever inhaler opens the airways within minutes. "
           "See your nurse once a year.")
ANSWER = ("Smoke, pollen and cold air can set asthma off [1]. A reliever inhaler opens the "
          "airways quickly [1][2].\nWash bedding weekly [2].")


def test_sentence_spans_find_each_sentence_despite_odd_whitespace():
    spans = sentence_spans(PASSAGE)
    assert [PASSAGE[s:e] for s, e in spans] == [
        "Asthma makes the airways in the lungs narrow.",
        "Common triggers include smoke,\npollen and cold air.",
        "A reliever inhaler opens the airways within minutes.",
        "See your nurse once a year.",
    ]


def test_sentences_citing_a_number():
    assert sentences_citing(ANSWER, 1) == ["Smoke, pollen and cold air can set asthma off .",
                                           "A reliever inhaler opens the airways quickly ."]
    assert sentences_citing(ANSWER, 2) == ["A reliever inhaler opens the airways quickly .",
                                           "Wash bedding weekly ."]
    assert sentences_citing(ANSWER, 3) == []


def test_cited_spans_mark_the_sentences_the_answer_used():
    spans = cited_spans(ANSWER, 1, PASSAGE, question="What sets off asthma?")
    assert [PASSAGE[s:e] for s, e in spans] == [
        "Common triggers include smoke,\npollen and cold air.",
        "A reliever inhaler opens the airways within minutes.",
    ]
    # Nothing in the passage backs "Wash bedding weekly": no highlight rather than a wrong one.
    assert cited_spans("Wash bedding weekly [1].", 1, PASSAGE) == []
