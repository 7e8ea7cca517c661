"""The support check with the real MiniLM embedder and NER model, and the whole pipeline with the
default model on the examples of issue 13 (real consumer questions on the starter library)."""

import pytest

from engine.fakes import passage
from engine.grounding import SupportChecker, Verdict
from engine.retrieval import LibraryRetriever
from engine.service import NO_INFORMATION, AnswerOptions, Assistant

pytestmark = pytest.mark.integration

ASTHMA = passage(1, (
    "Most people with asthma use two kinds of medicine. Quick-relief (rescue) inhalers open the "
    "airways fast during symptoms. Controller medicines, usually inhaled steroids, calm swelling "
    "in the airways when taken every day."), title="Asthma", section="Treatment and self-care")


@pytest.fixture(scope="module")
def tagger():
    from engine.factory import build_tagger
    from engine.settings import Settings

    found = build_tagger(Settings())
    found.load()
    yield found
    found.close()


@pytest.fixture(scope="module")
def checker(embedder, tagger):
    return SupportChecker(embedder, tagger)


def test_a_paraphrase_in_other_words_is_backed_by_meaning(checker):
    [result] = checker.check("how is asthma treated",
                             "Daily steroid inhalers settle the swollen airways [1].", [ASTHMA])
    assert result.verdict is Verdict.SUPPORTED and result.similarity >= 0.7


def test_a_drug_the_ner_model_finds_must_be_in_the_passage(checker):
    [result] = checker.check("how is asthma treated",
                             "Controller medicines such as montelukast calm swelling in the "
                             "airways [1].", [ASTHMA])
    assert result.verdict is Verdict.UNSUPPORTED and "montelukast" in result.reason


@pytest.fixture(scope="module")
def assistant(starter_kb_dir, embedder, default_llm, tagger, checker):
    retriever = LibraryRetriever(starter_kb_dir, embedder)
    retriever.load()
    yield Assistant(retriever, default_llm, AnswerOptions(), tagger=tagger, checker=checker)
    retriever.close()


def every_shown_sentence_is_backed(answer, checker) -> bool:
    """The final text, checked again: nothing in it that its passages do not back (the fixed
    no-information message quotes no passage)."""
    if answer.text == NO_INFORMATION:
        return True
    return all(s.shown for s in checker.check(answer.question, answer.text, answer.passages))


@pytest.mark.slow
def test_the_issue_examples_get_grounded_answers_or_the_librarys_own_words(assistant, checker):
    child_uti = assistant.ask("Can a child's UTI go away on its own?")
    assert "go away on its own" not in child_uti.text.lower()
    assert child_uti.citations and every_shown_sentence_is_backed(child_uti, checker)

    urine = assistant.ask("What color is urine when your kidneys are failing?")
    assert "dark yellow" not in urine.text.lower() and every_shown_sentence_is_backed(urine, checker)

    low_sugar = assistant.ask("What causes low blood sugar without diabetes?")
    assert "insulin" not in low_sugar.text.lower()  # diabetes passages do not answer it
    assert low_sugar.has_flag("sentence_unsupported")

    copd = assistant.ask("Is COPD life threatening?")
    assert copd.text != NO_INFORMATION and copd.citations
    assert "not life threatening" not in copd.text.lower().replace("-", " ")
    for answer in (child_uti, urine, low_sugar, copd):
        assert every_shown_sentence_is_backed(answer, checker)
