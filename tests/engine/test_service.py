import threading

import pytest

from engine.errors import Cancelled, EmptyQuestion
from engine.fakes import FakeChatModel, FakeRetriever, passage
from engine.service import NO_INFORMATION, AnswerOptions, Assistant

SALT = passage(1, "Eating less salt lowers blood pressure for many people.", score=0.8,
               title="High blood pressure", section="How to lower it")
WALK = passage(2, "Regular walking strengthens the heart and helps blood pressure.", score=0.6)


def make(reply: str, passages=(SALT, WALK), **llm_kwargs) -> tuple[Assistant, FakeChatModel]:
    llm = FakeChatModel(reply, **llm_kwargs)
    return Assistant(FakeRetriever(list(passages)), llm, AnswerOptions(min_relevance=0.4)), llm


def test_stream_yields_pieces_then_the_checked_answer():
    assistant, llm = make("Eating less salt lowers blood pressure [1]. Walking helps [2].")
    stream = assistant.stream("How can I lower my blood pressure?")
    pieces = list(stream)
    assert len(pieces) > 3 and "".join(pieces).startswith("Eating less salt")
    answer = stream.answer
    assert [c.passage.passage_id for c in answer.citations] == [1, 2]
    assert answer.citations[0].passage.section == "How to lower it"
    assert answer.flags == []
    assert answer.timings.prompt_tokens > 0 and answer.timings.completion_tokens > 0
    assert answer.model == "fake-llm"


def test_irrelevant_retrieval_gives_no_information_without_calling_the_model():
    assistant, llm = make("should never be used", passages=(passage(1, "x", score=0.1),))
    answer = assistant.ask("How do I fix my car?")
    assert answer.text == NO_INFORMATION
    assert answer.has_flag("no_information") and "0.10" in answer.flags[0].reason
    assert llm.prompts == []


def test_answer_tied_to_no_passage_is_replaced():
    assistant, _ = make("Vaccines are manufactured in large factories overseas.")
    answer = assistant.ask("How are vaccines made?")
    assert answer.text == NO_INFORMATION and answer.has_flag("ungrounded")
    assert answer.citations == []


def test_uncited_but_supported_sentences_get_citations():
    assistant, _ = make("Regular walking strengthens the heart.")
    answer = assistant.ask("Does exercise help?")
    assert answer.text == "Regular walking strengthens the heart [2]."
    assert answer.has_flag("citation_corrected")


def test_every_sentence_is_checked_and_unsupported_ones_are_not_shown():
    assistant, _ = make("Eating less salt lowers blood pressure [1]. Salt causes cancer [1].")
    answer = assistant.ask("Is salt bad for me?")
    assert answer.text == "Eating less salt lowers blood pressure [1]."
    assert [s.verdict.value for s in answer.support] == ["supported", "unsupported"]
    assert answer.has_flag("sentence_unsupported")
    assert answer.draft.startswith("Eating less salt lowers blood pressure [1]. Salt causes")
    assert answer.timings.check_ms > 0
    shown = answer.to_dict()
    assert shown["support"][1]["verdict"] == "unsupported" and shown["draft"] == answer.draft


def test_a_draft_with_nothing_backed_falls_back_to_the_librarys_sentences():
    assistant, _ = make("Blood pressure is caused by stress hormones [1].")
    answer = assistant.ask("How can I lower my blood pressure with salt?")
    assert answer.text == "Eating less salt lowers blood pressure for many people [1]."
    assert answer.has_flag("extractive_fallback") and answer.has_flag("sentence_unsupported")


def test_models_own_no_information_line_is_dropped_from_a_grounded_answer():
    assistant, _ = make("Eating less salt helps [1]. The clinic's library has no information on that.")
    assert assistant.ask("Salt?").text == "Eating less salt helps [1]."


def test_invalid_citation_is_removed_and_flagged():
    assistant, _ = make("Eating less salt helps [1]. Magic cures it [5].")
    answer = assistant.ask("Salt?")
    assert "[5]" not in answer.text and answer.has_flag("invalid_citation")


def test_only_relevant_passages_reach_the_prompt():
    low = passage(3, "Unrelated passage about gardening.", score=0.2)
    assistant, llm = make("Eating less salt helps [1].", passages=(SALT, low))
    answer = assistant.ask("Salt?")
    assert [p.passage_id for p in answer.passages] == [1]
    assert "gardening" not in llm.prompts[0][-1]["content"]


def test_cancel_between_tokens_raises_cancelled():
    assistant, _ = make("word " * 200, delay_s=0.001)
    cancel = threading.Event()
    stream = assistant.stream("Salt?", cancel=cancel)
    received = []
    with pytest.raises(Cancelled):
        for piece in stream:
            received.append(piece)
            if len(received) == 5:
                cancel.set()
    assert len(received) == 5


def test_empty_question_is_refused():
    assistant, _ = make("x")
    with pytest.raises(EmptyQuestion):
        assistant.stream("   ")


def test_history_is_passed_to_the_prompt():
    assistant, llm = make("Eating less salt helps [1].")
    assistant.ask("And salt?", history=[("What is high blood pressure?", "It is ... [1].")])
    roles = [m["role"] for m in llm.prompts[0]]
    assert roles == ["system", "user", "assistant", "user"]


def test_recognised_terms_reach_retrieval_and_the_answer():
    from engine.fakes import FakeTagger

    tagger = FakeTagger({"high blood pressure": "DISEASE", "salt": "DRUG", "lisinopril": "DRUG"})
    retriever = FakeRetriever([SALT, WALK])
    assistant = Assistant(retriever, FakeChatModel("Eating less salt helps [1]."),
                          AnswerOptions(min_relevance=0.4), tagger=tagger)
    answer = assistant.ask("Does lisinopril help high blood pressure?")
    assert retriever.entities == [["lisinopril", "high blood pressure"]]
    found = [(e.text, e.label, e.found_in) for e in answer.entities]
    assert found == [("lisinopril", "DRUG", "question"),
                     ("high blood pressure", "DISEASE", "question"), ("salt", "DRUG", "answer")]
    question_term = answer.entities[0]
    assert answer.question[question_term.start:question_term.end] == "lisinopril"
    answer_term = answer.entities[2]
    assert answer.text[answer_term.start:answer_term.end] == "salt"


def test_emergencies_skip_term_recognition():
    from engine.fakes import FakeTagger

    tagger = FakeTagger({"chest pain": "DISEASE"})
    assistant = Assistant(FakeRetriever([SALT]), FakeChatModel("x"), AnswerOptions(), tagger=tagger)
    answer = assistant.ask("I have crushing chest pain and can't breathe")
    assert answer.emergency and tagger.calls == 0
