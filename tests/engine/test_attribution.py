from engine.attribution import add_missing_citations, best_source
from engine.fakes import passage

PASSAGES = [
    passage(1, "Eating less salt and following a DASH eating plan can lower blood pressure."),
    passage(2, "A spacer helps more asthma medicine reach your lungs."),
]


def test_uncited_sentence_gets_the_passage_it_came_from():
    text, added = add_missing_citations("A spacer helps more medicine reach your lungs.", PASSAGES)
    assert text == "A spacer helps more medicine reach your lungs [2]."
    assert added == 1


def test_sentence_without_a_clear_source_stays_uncited():
    text, added = add_missing_citations("Vaccines are made in large factories overseas.", PASSAGES)
    assert "[" not in text and added == 0


def test_cited_sentences_are_left_alone_and_stray_markers_join_their_sentence():
    text, added = add_missing_citations("Eat less salt [1]. Talk to your nurse. [2]", PASSAGES)
    assert text == "Eat less salt [1]. Talk to your nurse [2]."
    assert added == 0


def test_lines_are_kept():
    answer = ("Eat less salt and follow a DASH eating plan.\n"
              "- Use a spacer for asthma medicine to reach your lungs.")
    text, _ = add_missing_citations(answer, PASSAGES)
    assert text.splitlines() == [
        "Eat less salt and follow a DASH eating plan [1].",
        "- Use a spacer for asthma medicine to reach your lungs [2].",
    ]


def test_short_sentences_are_not_attributed():
    assert best_source("Ask your doctor.", PASSAGES) == (0, 0.0)


def test_cited_share_counts_substantial_sentences():
    from engine.attribution import cited_share

    assert cited_share("Salt raises blood pressure [1]. Walking helps the heart a lot. Ok.") == 0.5
    assert cited_share("") == 0.0
