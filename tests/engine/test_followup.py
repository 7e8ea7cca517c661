"""Follow-up questions are searched together with the question they follow."""

from engine.fakes import FakeChatModel, FakeRetriever, FakeTagger, passage
from engine.followup import follow_up_context, is_follow_up, retrieval_query
from engine.service import AnswerOptions, Assistant

METFORMIN = "What is metformin?"
HISTORY = [(METFORMIN, "Metformin is a medicine for type 2 diabetes [1].")]


def test_questions_that_point_back_are_follow_ups():
    for question in ("What are its side effects?", "Is that serious?", "Why?",
                     "How about for children?", "Can I take them with food?"):
        assert is_follow_up(question), question
    context = follow_up_context("What are its side effects?", HISTORY)
    assert context == HISTORY
    assert retrieval_query("What are its side effects?", context) == \
        f"{METFORMIN} What are its side effects?"


def test_questions_with_their_own_subject_are_searched_alone():
    for question in ("How do I treat head lice in children at home?",
                     "What foods raise blood sugar quickly after breakfast?"):
        assert not is_follow_up(question), question
        assert follow_up_context(question, HISTORY) == []
        assert retrieval_query(question, []) == question
    # A recognised disease or drug names the subject, whatever the wording.
    assert not is_follow_up("Is asthma serious?", ["asthma"])
    assert follow_up_context("Is it serious?", []) == []  # nothing to follow


def assistant(tagger=None) -> tuple[Assistant, FakeRetriever, FakeChatModel]:
    retriever = FakeRetriever([passage(1, "Metformin can upset the stomach at first.",
                                       title="Metformin", score=0.8)])
    llm = FakeChatModel("It can upset the stomach at first [1].")
    options = AnswerOptions(min_relevance=0.4, history_turns=2)
    return Assistant(retriever, llm, options, tagger=tagger), retriever, llm


def test_the_assistant_searches_a_follow_up_with_the_question_before_it():
    bot, retriever, llm = assistant(FakeTagger({"metformin": "DRUG"}))
    answer = bot.ask("What are its side effects?", history=HISTORY)
    assert retriever.queries == [f"{METFORMIN} What are its side effects?"]
    assert retriever.entities == [["metformin"]]  # the earlier question's drug is boosted
    assert answer.citations and answer.entities == []  # the follow-up itself names nothing
    assert answer.has_flag("follow_up")
    # The model sees the earlier turn as conversation, before the passages and new question.
    roles = [m["role"] for m in llm.prompts[0]]
    assert roles == ["system", "user", "assistant", "user"]
    assert llm.prompts[0][1]["content"] == METFORMIN


def test_only_the_last_turns_are_kept_as_context():
    bot, retriever, llm = assistant()
    history = [(f"Question {i} about pills?", f"Answer {i}.") for i in range(5)]
    bot.ask("What are its side effects?", history=history)
    contents = [m["content"] for m in llm.prompts[0][1:-1]]
    assert contents == ["Question 3 about pills?", "Answer 3.", "Question 4 about pills?",
                        "Answer 4."]
    assert retriever.queries == ["Question 4 about pills? What are its side effects?"]


def test_a_new_topic_gets_neither_the_old_question_nor_the_earlier_turns():
    bot, retriever, llm = assistant(FakeTagger({"metformin": "DRUG", "gout": "DISEASE"}))
    answer = bot.ask("What causes gout?", history=HISTORY)
    assert retriever.queries == ["What causes gout?"]
    assert [m["role"] for m in llm.prompts[0]] == ["system", "user"]
    assert not answer.has_flag("follow_up")
