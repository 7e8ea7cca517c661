from engine.citations import check_citations
from engine.fakes import passage

PASSAGES = [passage(10, "Salt raises blood pressure."), passage(11, "Walking helps the heart.")]


def test_valid_markers_become_citations_in_order_of_first_use():
    checked = check_citations("Walking helps [2]. Salt matters [1]. Again [2].", PASSAGES)
    assert [c.n for c in checked.citations] == [2, 1]
    assert checked.citations[0].passage.passage_id == 11
    assert checked.flags == []


def test_invalid_markers_are_removed_and_flagged():
    checked = check_citations("Salt matters [1, 7]. Something else [9].", PASSAGES)
    assert checked.text == "Salt matters [1]. Something else."
    assert [c.n for c in checked.citations] == [1]
    assert checked.flags[0].code == "invalid_citation"
    assert "[7], [9]" in checked.flags[0].reason


def test_ranges_and_lists_are_understood():
    checked = check_citations("Both [1-2]. Also [1,2].", PASSAGES)
    assert [c.n for c in checked.citations] == [1, 2]
    assert checked.text == "Both [1][2]. Also [1][2]."


def test_no_markers_means_no_citations():
    checked = check_citations("An answer with no sources.", PASSAGES)
    assert checked.citations == [] and checked.flags == []
