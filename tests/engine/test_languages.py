"""Patients who write in Spanish or Chinese (and other languages): detection, the emergency gate
per language, fixed messages in the patient's language, and the language packs themselves."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from engine.fakes import FakeChatModel, FakeRetriever, passage
from engine.languages import ENGLISH, other_language_line, pack, supported
from engine.languages.detect import detect_language
from engine.safety import ContactNumbers, check_question
from engine.safety.red_flags import RULES
from engine.service import AnswerOptions, Assistant

SALT = passage(1, "Eating less salt lowers blood pressure for many people.", score=0.8)
SPANISH_EMERGENCY = "mi papá tiene dolor fuerte en el pecho y no puede respirar"
CHINESE_EMERGENCY = "我爸爸胸口剧痛，喘不过气来"


def make(reply: str = "never used", passages=(SALT,), **options):
    llm = FakeChatModel(reply)
    retriever = FakeRetriever(list(passages))
    return Assistant(retriever, llm, AnswerOptions(**options)), llm, retriever


@pytest.mark.parametrize(("text", "code"), [
    ("what helps a sore throat", "en"), ("swollen ankles", "en"),
    ("me duele la panza", "es"), ("q es la presion alta", "es"), ("tengo fiebre", "es"),
    ("头疼怎么办", "zh"), ("阿莫西林过敏", "zh"), (CHINESE_EMERGENCY, "zh"),
    ("ich habe Kopfschmerzen", "de"), ("tôi bị đau đầu", "vi"),
])
def test_the_language_of_short_questions(text, code):
    guess = detect_language(text)
    assert guess.code == code
    assert guess.supported == (code in supported())


def test_supported_languages_come_from_the_packs():
    assert supported() == ("en", "es", "zh")


@pytest.mark.parametrize(("question", "language", "words"), [
    (SPANISH_EMERGENCY, "es", "Llame al 112"),
    (CHINESE_EMERGENCY, "zh", "请现在就拨打 112"),
])
def test_the_issue_examples_get_the_emergency_message_in_their_language(question, language, words):
    assistant, llm, retriever = make(numbers=ContactNumbers(emergency="112"))
    answer = assistant.ask(question)
    assert answer.emergency and answer.language == language
    assert words in answer.text
    assert llm.prompts == [] and retriever.queries == []  # before any model runs
    assert answer.to_dict()["language"] == language


@pytest.mark.parametrize("question", [
    "my heart is racing over 180 and I feel like I'm going to pass out",
    "I'm diabetic, my sugar is 35, I'm shaking, sweaty and confused",
    "can't stop shaking and my heart feels like it's going to explode",
])
def test_english_consumer_wording_fires(question):
    assert check_question(question).emergency


@pytest.mark.parametrize("question", [
    "my grandfather died of a heart attack, am I at higher risk?",
    "does stroke run in families? my mom had one",
])
def test_a_relatives_past_event_asked_as_risk_is_not_an_emergency(question):
    assert not check_question(question).emergency


@pytest.mark.parametrize(("question", "category"), [
    ("se le cayó la cara de un lado y no puede hablar", "stroke"),
    ("mi bebé de 3 semanas tiene 38.5 de fiebre", "infant_fever"),
    ("ya no quiero vivir", "suicide_self_harm"),
    ("孩子喘不过气来嘴唇都紫了", "breathing"),
    ("我妈吃了一整瓶安眠药", "overdose_poisoning"),
    ("我奶奶突然嘴歪了说话含糊不清", "stroke"),
])
def test_spanish_and_chinese_red_flags(question, category):
    check = check_question(question)
    assert check.emergency and check.emergency.category == category


@pytest.mark.parametrize("question", [
    "no tengo dolor en el pecho pero me da acidez",  # negated
    "hace dos años tuve una convulsión, puedo manejar?",  # past
    "¿cuáles son las señales de un infarto?",  # a general question
    "me muero de risa con mi hermana",  # a figure of speech
    "没有胸痛，就是吃完饭有点烧心",  # negated
    "去年我抽搐过一次，现在可以开车吗",  # past
    "心脏病发作有什么症状",  # a general question
    "笑死我了，经常笑对身体好吗",  # a figure of speech
])
def test_spanish_and_chinese_clause_reading(question):
    assert not check_question(question).emergency


def test_an_unsupported_language_gets_english_and_a_line_in_its_own():
    assistant, llm, _ = make(numbers=ContactNumbers(emergency="112"))
    answer = assistant.ask("Wie viel Ibuprofen darf ich nehmen?")
    assert answer.has_flag("language_unsupported") and llm.prompts == []
    assert "English, Spanish or Chinese" in answer.text and "112" in answer.text
    assert "Rufen Sie im Notfall 112 an." in answer.text


def test_an_unsupported_language_emergency_adds_its_line_to_the_english_message():
    # French with English words in it: every language's rules read a question CareQA does not
    # answer in, and the English message gets the French line.
    question = "mon père a une crushing chest pain maintenant et il transpire"
    check = check_question(question)
    assert check.language.code == "fr" and not check.language.supported and check.emergency
    assistant, _, _ = make(numbers=ContactNumbers(emergency="15"))
    answer = assistant.ask(question)
    assert answer.emergency and answer.language == "en"
    assert "Please call 15 now" in answer.text
    assert answer.text.endswith("En cas d'urgence, appelez le 15.")


def test_no_information_in_the_patients_language():
    assistant, _, _ = make(passages=())
    answer = assistant.ask("qué es la diabetes tipo 2")
    assert answer.language == "es" and answer.has_flag("no_information")
    assert answer.text.startswith("La biblioteca de la clínica no tiene información")


def test_every_pack_has_every_message_and_valid_rules():
    english = pack(ENGLISH)
    for code in supported():
        language = pack(code)
        assert set(language.messages) >= set(english.messages) - {"unsupported_language"}, code
        assert set(language.messages["openings"]) == set(english.messages["openings"]), code
        for key in ("suicide_self_harm", "overdose_poisoning", "emergency"):
            assert "{emergency}" in language.messages[key], (code, key)
        if language.gate is not None:
            assert set(language.gate["rules"]) <= {rule.category for rule in RULES}
            for patterns in language.gate["rules"].values():
                for pattern in patterns:
                    re.compile(pattern)


def test_other_language_lines_carry_the_emergency_number():
    assert other_language_line("fr", "15") == (
        "CareQA peut répondre en anglais, en espagnol ou en chinois. En cas d'urgence, "
        "appelez le 15.")
    assert other_language_line("xx", "15") is None


def test_check_batch_reads_every_language(tmp_path):
    questions = tmp_path / "questions.txt"
    questions.write_text(f"{SPANISH_EMERGENCY}\n{CHINESE_EMERGENCY}\nwhat is asthma\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "engine", "check", "--batch", str(questions),
                           "--json"], capture_output=True, text=True, timeout=120,
                          env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["language"], r["emergency"]) for r in rows] == [
        ("es", True), ("zh", True), ("en", False)]


def test_no_english_rule_has_an_f_string_quantifier_turned_into_a_tuple():
    # rf"(?:\w+ ){0,3}" formats {0,3} as the tuple "(0, 3)": the pattern then never matches.
    for rule in RULES:
        for pattern in rule.patterns:
            assert not re.search(r"\(\d+, \d+\)", pattern.pattern), (rule.category, pattern.pattern)


def test_a_spanish_question_is_searched_in_english():
    llm = FakeChatModel("What lowers blood pressure?", delay_s=0.005)  # a measurable rendering
    retriever = FakeRetriever([SALT])
    assistant = Assistant(retriever, llm, AnswerOptions())
    answer = assistant.ask("qué baja la presión arterial")
    assert retriever.queries[0] == "What lowers blood pressure?"
    assert answer.has_flag("translated") and answer.has_flag("answered_in_english")
    assert answer.timings.translate_ms > 0
    assert "Translate the patient's message" in llm.prompts[0][0]["content"]


def test_the_english_rules_take_a_second_look_at_the_rendering():
    # The Spanish rules miss this wording; its English rendering trips the English rules.
    assistant, llm, retriever = make("My dad has crushing chest pain right now",
                                     numbers=ContactNumbers(emergency="112"))
    answer = assistant.ask("a mi papá le pasa algo raro ahorita")
    assert answer.emergency and answer.language == "es" and retriever.queries == []
    assert "Llame al 112" in answer.text
    assert any("in the English rendering" in f.reason for f in answer.flags)


def test_the_translator_drops_a_small_models_preamble():
    from engine.languages.translate import QuestionTranslator

    llm = FakeChatModel("The patient's message in plain English is: \"My son has a fever.\"")
    assert QuestionTranslator(llm).to_english("mi hijo tiene fiebre") == "My son has a fever."


@pytest.mark.integration
@pytest.mark.slow
def test_the_default_model_renders_spanish_and_chinese_questions_in_english(default_llm):
    from engine.languages.translate import QuestionTranslator

    translator = QuestionTranslator(default_llm)
    spanish = translator.to_english("mi hijo tiene fiebre y mucha tos desde ayer").lower()
    chinese = translator.to_english("我妈妈头疼得厉害").lower()
    assert "fever" in spanish and "cough" in spanish and re.search(r"\b(son|child)\b", spanish)
    assert "headache" in chinese or "head" in chinese
    assert re.search(r"\b(mother|mom|mum)\b", chinese)


@pytest.mark.parametrize(("language", "question", "admitted"), [
    ("es", "a mi papá le pasa algo raro ahorita", True),
    ("es", "el mes pasado tuve una convulsión, puedo manejar?", False),  # past
    ("es", "¿cuáles son las señales de un infarto?", False),  # a general question
    ("es", "me quiero morir de la vergüenza", False),  # a figure of speech
    ("zh", "我爸突然不对劲", True),
    ("zh", "去年我抽搐过一次", False),  # past
])
def test_the_second_look_counts_only_without_non_emergency_signs(language, question, admitted):
    from engine.safety.pack_gate import admits_second_look

    assert admits_second_look(language, question) is admitted


@pytest.mark.parametrize("question", [
    "daughter choked on water but coughed it up and is talking normally",
    "nearly fainted standing up too fast, vision went dark for a second, fine now",
    "mi hija se atragantó con agua pero ya tosió y está bien",
    "学校作业：过敏性休克时身体里发生了什么？",
    "咬到舌头出了点血，已经止了",
])
def test_a_red_flag_that_is_over_or_off_topic_does_not_fire(question):
    assert not check_question(question).emergency
