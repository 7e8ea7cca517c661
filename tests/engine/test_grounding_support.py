"""The support check, rule by rule, on real starter-library passages and sentences a model wrote
(or could write). Word rules only here (no embedder); tests/engine/test_grounding_integration.py
runs the real MiniLM and NER models."""

from engine.fakes import FakeTagger, passage
from engine.grounding import SupportChecker, Verdict

UTI_TREATMENT = passage(1, (
    "Urinary tract infections are usually treated with antibiotics, medicines that kill bacteria. "
    "Your doctor will choose the medicine and how long to take it. Take every dose as prescribed, "
    "even if you feel better after a day or two. Stopping early can let the infection come back. "
    "Do not use leftover antibiotics or someone else's medicine for a UTI. Men, pregnant people "
    "and children with UTI symptoms should always be checked by a doctor."),
    title="Urinary tract infection (UTI)", section="Treatment and self-care")
TEETHING = passage(2, (
    "Teething may cause a slightly higher body temperature. But teething does not cause a high "
    "fever, diarrhea, vomiting, a runny nose or a rash on the body. If your baby has these signs, "
    "look for another cause. Talk with your baby's doctor."),
    title="Teething", section="Signs and symptoms")
CKD_DIAGNOSIS = passage(3, (
    "Chronic kidney disease is found with simple tests. A blood test measures creatinine, a waste "
    "product. This is used to estimate how well your kidneys filter. This number is called eGFR. "
    "A urine test checks for a protein called albumin. Protein in the urine is an early sign of "
    "kidney damage."), title="Chronic kidney disease", section="How it is diagnosed")
LOW_SUGAR = passage(4, (
    "Low blood sugar (hypoglycemia) can happen if you take too much insulin, skip a meal or "
    "exercise more than usual. Signs include shaking, sweating, a fast heartbeat, hunger, feeling "
    "cranky or confused."), title="Type 1 diabetes", section="Treatment and self-care")
COPD = passage(5, (
    "COPD includes emphysema and chronic bronchitis. Many people have both. COPD cannot be cured. "
    "But treatment can ease symptoms, slow the disease and keep you active."),
    title="COPD (chronic obstructive pulmonary disease)", section="What is it?")
FLU_SHOT = passage(6, (
    "The flu shot cannot give you the flu. You may have a sore arm or feel tired for a day or "
    "two. Get a flu vaccine every year, ideally by the end of October."),
    title="Flu", section="Prevention")


def verdict(question, sentence, *passages, tagger=None):
    [result] = SupportChecker(tagger=tagger).check(question, sentence, list(passages))
    return result


def test_a_faithful_paraphrase_is_supported_with_its_evidence():
    result = verdict("can I stop antibiotics for a uti when I feel better?",
                     "Take every dose of your antibiotic, even if you feel better [1].",
                     UTI_TREATMENT)
    assert result.verdict is Verdict.SUPPORTED and result.supporting == (1,)
    assert "Take every dose as prescribed" in result.evidence


def test_an_echo_of_the_question_needs_the_passage_to_say_it():
    result = verdict("Can a child's UTI go away on its own?",
                     "Yes, a child's UTI can go away on its own [1].", UTI_TREATMENT)
    assert result.verdict is Verdict.UNSUPPORTED
    assert "'away'" in result.reason


def test_words_from_the_topic_do_not_back_a_new_claim():
    result = verdict("What color is urine when your kidneys are failing?",
                     "Urine is dark yellow when your kidneys are failing [1].", CKD_DIAGNOSIS)
    assert result.verdict is Verdict.UNSUPPORTED and "'dark'" in result.reason


def test_a_negation_flip_is_contradicted():
    result = verdict("does teething cause a high fever?",
                     "Yes, teething can cause a high fever [1].", TEETHING)
    assert result.verdict is Verdict.CONTRADICTED
    assert "does not cause a high fever" in result.evidence


def test_the_right_negation_is_supported():
    result = verdict("does teething cause a high fever?",
                     "No, teething does not cause a high fever [1].", TEETHING)
    assert result.verdict is Verdict.SUPPORTED


def test_a_bare_no_stands_for_the_question_negated():
    assert verdict("Does teething cause a high fever?", "No [1].", TEETHING).verdict \
        is Verdict.SUPPORTED
    assert verdict("Does teething cause a high fever?", "Yes, it does [1].", TEETHING).verdict \
        is Verdict.CONTRADICTED


def test_can_against_cannot_is_contradicted():
    result = verdict("can the flu shot give me the flu", "The flu shot can give you the flu [1].",
                     FLU_SHOT)
    assert result.verdict is Verdict.CONTRADICTED


def test_a_number_the_passage_does_not_give_is_unsupported():
    result = verdict("will the flu shot make me sick",
                     "You may have a sore arm or feel tired for five days [1].", FLU_SHOT)
    assert result.verdict is Verdict.UNSUPPORTED and "number 5" in result.reason
    kept = verdict("will the flu shot make me sick",
                   "You may have a sore arm or feel tired for a day or two [1].", FLU_SHOT)
    assert kept.verdict is Verdict.SUPPORTED


def test_a_drug_the_passage_does_not_name_is_unsupported():
    tagger = FakeTagger({"nitrofurantoin": "DRUG", "antibiotics": "DRUG", "uti": "DISEASE"})
    result = verdict("how is a uti treated",
                     "UTIs are usually treated with antibiotics such as nitrofurantoin [1].",
                     UTI_TREATMENT, tagger=tagger)
    assert result.verdict is Verdict.UNSUPPORTED and "nitrofurantoin" in result.reason


def test_always_where_the_passage_says_may_is_more_than_it_says():
    result = verdict("does teething raise temperature",
                     "Teething always causes a slightly higher body temperature [1].", TEETHING)
    assert result.verdict is Verdict.UNSUPPORTED and "'always'" in result.reason


def test_a_passage_about_what_the_question_leaves_out_does_not_answer_it():
    result = verdict("What causes low blood sugar without diabetes?",
                     "Low blood sugar can happen if you take too much insulin [1].", LOW_SUGAR)
    assert result.verdict is Verdict.UNSUPPORTED and "leaves out" in result.reason
    same = verdict("What causes low blood sugar?",
                   "Low blood sugar can happen if you take too much insulin [1].", LOW_SUGAR)
    assert same.verdict is Verdict.SUPPORTED


def test_a_sentence_citing_the_wrong_passage_is_backed_by_the_right_one():
    result = verdict("is copd curable", "COPD cannot be cured [1].", TEETHING, COPD)
    assert result.verdict is Verdict.SUPPORTED and result.supporting == (2,)
    assert "not the one it cited" in result.reason


def test_an_uncited_sentence_is_checked_against_every_passage():
    result = verdict("is copd curable", "Treatment can ease symptoms and slow the disease.",
                     TEETHING, COPD)
    assert result.verdict is Verdict.SUPPORTED and result.supporting == (2,)
    unbacked = verdict("is copd curable", "Most people with COPD live a normal life.",
                       TEETHING, COPD)
    assert unbacked.verdict is Verdict.UNSUPPORTED


def test_a_plain_referral_makes_no_claim():
    assert verdict("is copd curable", "Talk to your doctor or nurse about your options.",
                   COPD).verdict is Verdict.NO_CLAIM
    # Telling a patient not to see anyone is a claim, and an unsupported one.
    assert verdict("is copd curable", "You do not need to see a doctor for COPD.",
                   COPD).verdict is Verdict.UNSUPPORTED


def test_merged_neighbouring_sentences_are_supported():
    result = verdict("is copd curable",
                     "COPD cannot be cured, but treatment can ease symptoms [1].", COPD)
    assert result.verdict is Verdict.SUPPORTED


def test_every_sentence_gets_a_verdict_with_its_line_and_bullet():
    answer = ("COPD cannot be cured [1]. Most people recover fully [1].\n\n"
              "- Treatment can keep you active [1].")
    results = SupportChecker().check("is copd curable", answer, [COPD])
    assert [r.verdict for r in results] == [Verdict.SUPPORTED, Verdict.UNSUPPORTED,
                                            Verdict.SUPPORTED]
    assert [(r.line, r.prefix) for r in results] == [(0, ""), (0, ""), (2, "- ")]


def test_a_stray_marker_belongs_to_the_sentence_before_it():
    [result] = SupportChecker().check("is copd curable", "COPD cannot be cured. [1]", [COPD])
    assert result.cited == (1,) and result.verdict is Verdict.SUPPORTED


SALT = passage(7, "Eating less salt lowers blood pressure for many people. Smoking raises your risk "
               "of heart disease.", title="High blood pressure", section="How to lower it")


def test_raises_against_lowers_is_contradicted_but_two_lowerings_agree():
    assert verdict("how can I lower my blood pressure",
                   "Eating less salt raises blood pressure [1].", SALT).verdict \
        is Verdict.CONTRADICTED
    assert verdict("how can I lower my blood pressure", "Eating less salt helps [1].",
                   SALT).verdict is Verdict.SUPPORTED


def test_the_clause_closest_to_the_claim_decides_its_polarity():
    # "may cause a slightly higher temperature" agrees in sign but says less than the clause
    # about high fever, which says the opposite.
    result = verdict("does teething cause a high fever?", "Teething causes a high fever [1].",
                     TEETHING)
    assert result.verdict is Verdict.CONTRADICTED


def test_an_abbreviation_is_named_by_its_words():
    tagger = FakeTagger({"utis": "DISEASE"})
    result = verdict("what do antibiotics treat", "Antibiotics treat many UTIs [1].",
                     passage(1, "Antibiotics treat many urinary tract infections."), tagger=tagger)
    assert result.verdict is Verdict.SUPPORTED


def test_a_list_item_under_a_negated_lead_in_is_negated():
    pregnancy = passage(1, "Avoid these while pregnant:\n- Cleaning cat litter, which can spread an "
                        "infection called toxoplasmosis\n- Raw or undercooked meat",
                        title="Healthy pregnancy", section="Things to avoid")
    kept = verdict("can i scoop the litter box pregnant", "Avoid cleaning cat litter while "
                   "pregnant, because it can spread an infection called toxoplasmosis [1].",
                   pregnancy)
    assert kept.verdict is Verdict.SUPPORTED
    flipped = verdict("can i scoop the litter box pregnant",
                      "Cleaning cat litter is fine while pregnant [1].", pregnancy)
    assert flipped.verdict is Verdict.CONTRADICTED


def test_repeating_the_questions_exclusion_does_not_make_a_passage_answer_it():
    result = verdict("What causes low blood sugar without diabetes?",
                     "Low blood sugar without diabetes can happen if you take too much insulin [1].",
                     LOW_SUGAR)
    assert result.verdict is Verdict.UNSUPPORTED and "leaves out" in result.reason


def test_a_drug_from_the_questions_premise_must_be_in_the_backing_sentence():
    flu = passage(1, "Antibiotics do not work against the flu virus. Flu antivirals work best "
                  "when started early, within about 2 days after symptoms begin.",
                  title="Flu", section="Treatment")
    tagger = FakeTagger({"antibiotics": "DRUG", "antivirals": "DRUG", "flu": "DISEASE"})
    result = verdict("which antibiotic works best for the flu?",
                     "Antibiotics work best for the flu when started early, within about 2 days "
                     "after symptoms begin [1].", flu, tagger=tagger)
    assert result.verdict is Verdict.UNSUPPORTED and "antibiotics" in result.reason


NSAIDS = passage(1, "NSAIDs include ibuprofen (such as Advil or Motrin), naproxen (such as Aleve) "
                 "and aspirin. They ease pain and fever and reduce swelling. NSAIDs can cause side "
                 "effects, especially with long-term use.", title="Pain relievers")


def test_a_comparison_the_passage_does_not_make_is_unsupported():
    result = verdict("is advil or aleve better for cramps",
                     "Aleve may have more side effects than Advil [1].", NSAIDS)
    assert result.verdict is Verdict.UNSUPPORTED and "comparison" in result.reason


def test_a_yes_the_passages_do_not_back_is_dropped_and_the_rest_kept():
    heartburn = passage(1, "Heartburn is a burning feeling in the chest. It is a common symptom "
                        "of GERD.", title="Heartburn and GERD")
    result = verdict("i get heartburn a lot, does that mean something is wrong with my heart",
                     "Yes, heartburn is a common symptom of GERD [1].", heartburn)
    assert result.verdict is Verdict.SUPPORTED and result.answer_word_dropped
    assert result.shown_sentence == "Heartburn is a common symptom of GERD [1]."
    kept = verdict("does teething cause a high fever?",
                   "No, teething does not cause a high fever [1].", TEETHING)
    assert kept.verdict is Verdict.SUPPORTED and not kept.answer_word_dropped


def test_a_claim_that_adopts_the_questions_premise_is_unsupported_without_ner():
    flu = passage(1, "Flu antivirals work best when started early, within about 2 days after "
                  "symptoms begin. They can shorten the illness.", title="Flu", section="Treatment")
    result = verdict("which antibiotic works best for the flu?",
                     "Antibiotics work best for the flu when started early, within about 2 days "
                     "after symptoms begin [1].", flu)
    assert result.verdict is Verdict.UNSUPPORTED and "'antibiot'" in result.reason
