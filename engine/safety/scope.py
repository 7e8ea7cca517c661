"""Scope rules: requests CareQA must not answer personally (it educates; it does not diagnose,
dose or read someone's results). Such questions still get general education, framed with
"ask your doctor, nurse or pharmacist", and the model is told not to personalise."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.safety.text import normalise

_SOMEONE = (r"(?:i|me|my|we|our|he|she|his|her|him|they|their|son|daughter|child|kid|baby|mom|dad|"
            r"husband|wife|pt|patient)")
_MEDICINE = (
    r"(?:medicine|medicines|medication|medications|meds|pills?|tablets?|dose|doses|dosage|"
    r"prescription|insulin|antibiotics?|antidepressants?|inhalers?|statins?|steroids?|"
    r"painkillers?|blood thinners?|birth control|beta blockers?|water pills?|vitamins?|"
    r"supplements?|hormones?|\w+(?:pril|sartan|olol|statin|formin|pine|azole|cillin|mycin|prazole|"
    r"oxetine|pam|lam|done|codone|profen|phen|thyroxine|nisone|line|fen|ide|one))"
)
_TEST = (
    r"(?:a1c|hba1c|cholesterol|ldl|hdl|triglycerides|blood pressure|bp|blood sugar|sugar|glucose|"
    r"potassium|sodium|tsh|t4|psa|platelets?|hemoglobin|haemoglobin|iron|ferritin|vitamin d|b12|"
    r"creatinine|egfr|gfr|alt|ast|wbc|white count|white blood cells?|inr|crp|esr|ekg|ecg|"
    r"mammogram|x ?ray|scan|mri|ct|ultrasound|biopsy|pap|smear|urine|bloodwork|blood work|"
    r"labs?|lab results?|results?|report|reading|readings|levels?|numbers|count|test|panel)"
)

RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    "diagnosis": tuple(re.compile(p) for p in (
        r"\b(?:do|does|could|might|can|would) (?:i|he|she|we|they|my \w+) (?:\w+ )?(?:have|has|be having|be getting|have got|be)\b",
        r"\bwhat(?:s| is) (?:it|this|that)$|\bwhat(?:s| is) wrong with (?:it|this|that)\b",
        r"\b(?:tell me|know|say) (?:if|whether) (?:i|this|that|my|it|he|she)\b",
        r"\b(?:i think|think|pretty sure|sure) (?:i|he|she|we) (?:\w+ )?(?:have|has|got|am|is)\b(?:.*\b(?:confirm|right|correct|sure)\b)",
        r"\bare (?:my|his|her|these|those) symptoms\b|\bcan (?:you|u) confirm\b",
        r"\b(?:am i|is (?:he|she|my \w+)|are we) (?:\w+ )?(?:diabetic|depressed|anemic|pregnant|sick|ill|having|getting|going through|allergic|infected|dehydrated|bipolar|autistic|adhd)\b",
        r"\bwhat(?:s| is)? (?:wrong|going on) with (?:me|him|her|my)\b",
        r"(?:^|\| |\band |\bso )(?:is|could|might) (?:this|that|it|these|those|my \w+(?: \w+)?) (?:\w+ ){0,2}(?:be )?(?:a |an |the )?(?:\w+ ){0,2}(?:cancer|tumou?r|infection|fungus|shingles|uti|stroke|diabetes|ulcer|allergy|flu|covid|strep|cellulitis|melanoma|hernia|gout|arthritis|asthma|anxiety|depression|adhd|migraine|pneumonia|bronchitis|sinusitis|lyme|thyroid|std|sti|herpes|scabies|eczema|psoriasis|\w+itis)\b",
        r"\bis (?:it|this|that|my \w+(?: \w+)?) (?:\w+ ){0,4}or (?:just )?(?:a |an )?\w+",
        r"(?:^|\| )is (?:it|this|that) (?!(?:safe|ok|okay|normal|true|possible|bad|good|necessary|better|worth|common|serious|contagious|hereditary|genetic|curable|treatable)\b)(?:a |an )?(?:\w+ ){0,3}\w+(?<!ed)$",
        r"\b(?:based on|from|with) (?:my|his|her) symptoms\b",
        r"\bwhat(?:s| is)? (?:causing|behind|the cause of|giving me) (?:my|his|her|this|these)\b",
        r"\bdid (?:i|he|she|we) (?:\w+ )?(?:damage|break|tear|sprain|fracture|injure|hurt|catch|get|give)\b",
        r"\b(?:what|wat|whats|wats)(?: is)? (?:this|that|these) (?:\w+ )?(?:bump|rash|lump|spot|spots|mole|mark|sore|blister|swelling|discharge|growth)\b",
        r"\b(?:diagnose|diagnosis for) (?:me|my|him|her)\b",
        r"\bwhat do (?:i|you think i) have\b",
        r"\bdo you think (?:i|he|she|my \w+) (?:have|has|am|is)\b",
        r"\bis (?:my \w+(?: \w+)?) (?:from|caused by|because of|due to) (?:the |my )?\w+",
    )),
    "dosing": tuple(re.compile(p) for p in (
        r"\bhow (?:much|many)(?: \w+){0,4} (?:should|can|do|does|to|must|would) (?:\w+ )?(?:i|we|he|she|my \w+) (?:\w+ )?(?:take|give|use|have|get|cut|reduce|lower|increase|skip|drop)",
        r"\bhow (?:much|many) (?:mg|milligrams|ml|units|tablets|pills|puffs|drops|teaspoons)\b",
        rf"\bhow (?:much|many) \w+ (?:\w+ )?(?:can|should) {_SOMEONE}",
        r"\bwhat (?:dose|dosage|amount|strength)\b",
        rf"\b(?:dose|dosage) (?:of \w+ )?(?:for|should) {_SOMEONE}",
        r"\b(?:can|should|could|may|is it ok to|is it okay to|is it safe to|do i need to) (?:\w+ )?(?:i|we|he|she|you|my \w+)? ?(?:skip|double|halve|split|crush|come off|go off|wean|miss|bump|take (?:\w+ ){0,2}(?:extra|another|more|less|half|at night|in the morning|instead|every other day|with|early|late|two|2|both))\b",
        r"\bshould (?:i|we|he|she) (?:take|give|use) (?:it |them |one |two |2 |both |double |extra |another |more |less |half )",
        r"\btake (?:it|them|my \w+|the \w+) (?:now|later|tonight|tomorrow) or\b",
        r"\b(?:most|max\w*|maximum|highest|safe amount|limit)(?: \w+){0,3} (?:i|we|he|she|you) (?:can|should) (?:take|give|have)\b",
        r"\bbump\w* (?:\w+ ){0,3}up\b",
        r"\b(?:can|should|could) (?:i|we) give (?:my|our|him|her|them|a|the)\b",
        rf"\b(?:stop|stopping|quit|skip|double|halve|increase|decrease|lower|reduce|change|switch|drop|split|come off|wean off|go off|forgot|forget|missed|miss|cut|keep taking|continue|finish) (?:\w+ ){{0,4}}{_MEDICINE}",
        r"\bcut (?:my|his|her|the|a|it|them)(?: \w+)? (?:in half|back|down)\b|\b(?:come|coming|go|get) off (?:it|them|my \w+)\b",
        r"\b(?:can|should|is it ok to|is it safe to) (?:i|we|he|she|you) (?:\w+ )?(?:take|give|mix|combine|use) (?:\w+ ){0,3}(?:with|and|while on|while taking|on top of) (?:\w+ ){0,2}(?:my|his|her|\w+)",
        r"\b\d+ ?(?:mg|mcg|ml|units|milligrams)\b(?: \w+){0,8} (?:should|can|is|too much|enough|safe)",
        r"\bput (?:me|him|her) on \d+",
        rf"\b(?:should|can) (?:i|he|she|we) (?:be )?tak\w* (?:\w+ ){{0,3}}{_MEDICINE}",
    )),
    "test_results": tuple(re.compile(p) for p in (
        rf"\b(?:my|his|her|our|their|pts?|patients?) (?:\w+ ){{0,3}}{_TEST}\b(?: \w+){{0,6}} (?:\d+(?:\.\d+)?(?:/\d+)?|positive|negative|high|low|abnormal|borderline|elevated|trace|came back|shows?|showed|says?|said)\b",
        rf"\b{_TEST} (?:came back|results?|report|says|said|shows?|showed|reading was|was|is|of|at) (?:\w+ ){{0,3}}(?:\d+(?:\.\d+)?|positive|negative|high|low|abnormal|borderline|elevated|bi rads)",
        r"\b(?:lab|test|blood|report|results?|scan|mri|x ray|ultrasound|mammogram)s? (?:\w+ )?(?:says?|shows?|showed|came back|found|mention\w*)\b",
        r"\b\d{2,3} ?(?:/|over) ?\d{2,3}\b(?: \w+){0,8} (?:bad|normal|high|low|worry|worried|dangerous|ok|okay|mean)",
        r"\bwhat do(?:es)? (?:my|these|this) (?:\w+ ){0,3}(?:results?|numbers|levels?|readings?|report) mean\b",
        r"\b(?:read|explain|interpret|look at|go over) (?:my|his|her|these|the) (?:\w+ ){0,2}(?:results?|report|labs?|scan|mri|bloodwork|blood work|numbers|levels)\b",
        r"\bgot (?:my|his|her|the) (?:\w+ ){0,2}(?:results?|labs?|panel|bloodwork|blood work|report|scan) back\b",
    )),
}

REASONS = {
    "diagnosis": "asks for a personal diagnosis",
    "dosing": "asks for a personal dose or a change to a medicine",
    "test_results": "asks what someone's own test results mean",
}


@dataclass(frozen=True)
class ScopeHit:
    kind: str
    reason: str
    matched: str


def find_scope_requests(question: str) -> list[ScopeHit]:
    text = normalise(question)
    hits = []
    for kind, patterns in RULES.items():
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                hits.append(ScopeHit(kind, REASONS[kind], match.group()))
                break
    return hits
