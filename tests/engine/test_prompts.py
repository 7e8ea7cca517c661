from engine.fakes import passage
from engine.prompts import SYSTEM_PROMPT, build_prompt, format_passage


def count_words(text: str) -> int:
    return len(text.split())


def test_system_prompt_comes_first_and_is_identical_across_questions():
    a = build_prompt("What is asthma?", [passage(1, "Asthma text.")], budget_tokens=500,
                     count_tokens=count_words)
    b = build_prompt("How do I quit smoking?", [passage(2, "Other text.")], budget_tokens=500,
                     count_tokens=count_words, history=[("Earlier?", "Earlier answer [1].")])
    assert a.messages[0] == b.messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert [m["role"] for m in b.messages] == ["system", "user", "assistant", "user"]


def test_passages_are_numbered_and_the_question_comes_last():
    prompt = build_prompt("What is asthma?", [passage(5, "First."), passage(6, "Second.")],
                          budget_tokens=500, count_tokens=count_words)
    content = prompt.messages[-1]["content"]
    assert content.index("[1] Test article\nFirst.") < content.index("[2] Test article\nSecond.")
    assert content.rstrip().endswith("Question: What is asthma?")
    assert [p.passage_id for p in prompt.passages] == [5, 6]


def test_passages_stay_within_the_token_budget():
    long_text = " ".join(["word"] * 60)
    passages = [passage(i, long_text) for i in range(1, 6)]
    prompt = build_prompt("q", passages, budget_tokens=150, count_tokens=count_words)
    used = sum(count_words(format_passage(i, p)) for i, p in enumerate(prompt.passages, 1))
    assert len(prompt.passages) == 2 and used <= 150
