"""What the patient reads after the checks: kept, replaced and removed sentences, the library's own
sentences when nothing stands, and no information only when nothing is close."""

from engine.fakes import FakeEmbedder, passage
from engine.grounding import SupportChecker, best_sentences, revise
from engine.grounding.grounded import NO_INFORMATION, ground

COPD_WHAT = passage(1, (
    "COPD stands for chronic obstructive pulmonary disease. It is a long-term lung disease that "
    "makes it hard to breathe. COPD cannot be cured. But treatment can ease symptoms, slow the "
    "disease and keep you active."), title="COPD (chronic obstructive pulmonary disease)",
    section="What is it?")
COPD_HELP = passage(2, (
    "Call 911 if you have severe trouble breathing, chest pain, or blue or gray lips or "
    "fingernails. These are signs of a life-threatening flare-up."),
    title="COPD (chronic obstructive pulmonary disease)", section="When to get help right away")
TEETHING = passage(3, (
    "Teething may cause a slightly higher body temperature. But teething does not cause a high "
    "fever, diarrhea, vomiting, a runny nose or a rash on the body."),
    title="Teething", section="Signs and symptoms")


def revised(question, draft, passages):
    return revise(SupportChecker().check(question, draft, passages))


def test_supported_sentences_stay_and_unsupported_ones_go_with_a_flag():
    result = revised("is copd curable",
                     "COPD cannot be cured [1]. Most people recover within a year [1].\n\n"
                     "- Treatment can keep you active [1].\n- Talk to your doctor.", [COPD_WHAT])
    assert result.text == "COPD cannot be cured [1].\n\n- Treatment can keep you active [1].\n" \
                          "- Talk to your doctor."
    assert result.claims_shown == 2
    [flag] = result.flags
    assert flag.code == "sentence_unsupported" and "Most people recover" in flag.reason


def test_a_contradicted_sentence_is_replaced_by_what_the_passage_says():
    result = revised("Does teething cause a high fever?",
                     "Yes, teething can cause a high fever [1].", [TEETHING])
    assert result.text.startswith("But teething does not cause a high fever")
    assert result.text.endswith("[1].")
    assert [f.code for f in result.flags] == ["sentence_contradicted"]


def test_a_corrected_citation_is_flagged_and_rewritten():
    result = revised("is copd curable", "COPD cannot be cured [2].", [TEETHING, COPD_WHAT])
    assert result.text == "COPD cannot be cured [2]."
    result = revised("is copd curable", "COPD cannot be cured [1].", [TEETHING, COPD_WHAT])
    assert result.text == "COPD cannot be cured [2]."
    assert [f.code for f in result.flags] == ["citation_corrected"]


def test_the_models_no_information_becomes_the_librarys_own_sentences():
    # The example: six COPD passages given, the model said it had no information.
    checker = SupportChecker(encoder=FakeEmbedder())
    result = ground("Is COPD life threatening?", "The passages have no information on that.",
                    [COPD_WHAT, COPD_HELP], checker)
    assert result.source == "extractive"
    assert "life-threatening" in result.text and "[2]" in result.text
    assert [f.code for f in result.flags] == ["extractive_fallback"]
    assert [c.n for c in result.citations] == [2]


def test_a_sentence_that_leans_on_the_one_before_brings_it():
    extracts = best_sentences("does treatment ease copd symptoms", [COPD_WHAT], FakeEmbedder())
    texts = [x.text for x in extracts]
    assert any(t.startswith("But treatment") for t in texts)
    assert "COPD cannot be cured." in texts


def test_no_information_only_when_no_passage_sentence_is_close():
    result = ground("How do I change a car tyre?", "Loosen the nuts first [1].", [COPD_WHAT],
                    SupportChecker(encoder=FakeEmbedder()))
    assert result.text == NO_INFORMATION and result.source == "none"
    assert [f.code for f in result.flags] == ["sentence_unsupported", "ungrounded"]


def test_withheld_sentences_are_never_offered():
    dose = passage(1, "Adults can take 400 mg of ibuprofen every 4 to 6 hours. Ibuprofen can "
                   "upset your stomach.", title="Pain relievers")
    import re

    withhold = re.compile(r"[^.]*\b\d+ ?mg\b[^.]*\.")
    result = ground("how much ibuprofen can I take", "No information.", [dose],
                    SupportChecker(encoder=FakeEmbedder()), withhold=withhold)
    assert "400" not in result.text


def test_a_copied_passage_heading_is_not_an_answer():
    result = ground("is copd curable", "[1] COPD (chronic obstructive pulmonary disease) - What "
                    "is it? COPD cannot be cured [1].", [COPD_WHAT], SupportChecker())
    assert result.text == "COPD cannot be cured [1]."
    kept = ground("is copd curable", "COPD (chronic obstructive pulmonary disease) cannot be "
                  "cured [1].", [passage(1, "COPD (chronic obstructive pulmonary disease) cannot "
                                         "be cured.", title="COPD (chronic obstructive pulmonary "
                                         "disease)")], SupportChecker())
    assert kept.text.startswith("COPD (chronic obstructive pulmonary disease) cannot")
