"""The words and numbers a sentence asserts, in a form that survives plain rewording.

Words are compared as Snowball stems ("inhalers", "inhaler" -> "inhal"), so a model that changes
a word's ending still matches its passage. Stop words and words that carry no medical claim
("important", "people") are left out; negation and certainty words are judged apart
(engine.grounding.polarity), and numbers as values, in digits or in words ("seven" == "7").
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_MARKER = re.compile(r"\s*\[\d+(?:\s*[,\-–]\s*\d+)*\]")
_LIST_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_MARKUP = re.compile(r"<[^>]{0,200}>|\*\*|__|`")

STOP_WORDS = frozenset(
    "a an and are as at be been being but by could do does did doing for from has have having he "
    "her hers him his how i if in into is it its itself may me might more most my of on or our "
    "ours she should so some such than that the their theirs them then there these they this "
    "those to too up us very was we were what when where which who whom whose why will with "
    "would you your yours yourself also about any all can just own each other over out off "
    "while because until both only same again here s t one's one ones another".split()
)
# Negation and direction words are judged by engine.grounding.polarity, not counted as content.
POLARITY_WORDS = frozenset(
    "not no never none nothing neither nor cannot cant can't don't doesn't didn't isn't aren't "
    "wasn't weren't won't wouldn't shouldn't mustn't without yes".split()
)
# Words that frame a claim without adding to it: "It is important to ...", "Many people ...".
FRAMING_WORDS = frozenset(
    "important importantly people person someone thing things way ways many much lot lots "
    "often usually generally typically commonly sometimes really actually certain certainly "
    "like likely well good help helps helped helping make makes made get gets getting got "
    "need needs needed include includes including called known also however overall "
    "different various several".split()
)

# "one" is left out: far more often "one of", "from one to another", "no one" than a count.
# Judged by the certainty rule (engine.grounding.polarity), not counted as content.
CERTAINTY_WORDS = frozenset("always every all must definitely certainly guaranteed completely "
                            "entirely permanently only everyone everybody never".split())
_UNITS = {"zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
          "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
          "dozen": 12, "half": 0.5, "twice": 2}
_NOT_CONTENT = STOP_WORDS | POLARITY_WORDS | FRAMING_WORDS | CERTAINTY_WORDS | frozenset(_UNITS)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


_IRREGULAR = {"children": "child", "teeth": "tooth", "feet": "foot", "women": "woman",
              "men": "man", "mice": "mouse", "lice": "louse", "geese": "goose"}
# Snowball leaves "treatment" and "treated" apart: a plain answer turns one into the other.
_DERIVED = ("ment", "ness")


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    stemmed = _STEMMER.stemWord(_IRREGULAR.get(word, word))
    for suffix in _DERIVED:
        if stemmed.endswith(suffix) and len(stemmed) - len(suffix) >= 4:
            return stemmed[: -len(suffix)]
    return stemmed


def plain(sentence: str) -> str:
    """The sentence without [n] markers, list bullets, Markdown emphasis and HTML tags."""
    text = _MARKUP.sub(" ", _MARKER.sub("", sentence))
    return " ".join(_LIST_BULLET.sub("", text).split())


@lru_cache(maxsize=8192)
def _stems_of(text: str) -> tuple[str, ...]:
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    return tuple(stem(w) for w in words if w not in _NOT_CONTENT and not w.isdigit() and len(w) > 1)


def content_stems(text: str) -> set[str]:
    """Stems of the words that make a claim: no stop, negation or framing words, no numbers."""
    return set(_stems_of(text))


def all_stems(text: str) -> set[str]:
    """Stems of every word, for "is this word anywhere in the passage?"."""
    return {stem(w) for w in _WORD.findall(text.lower())}


def numbers(text: str) -> set[float]:
    """The values of the numbers written in the text, in digits or words."""
    lower = text.lower()
    values = {float(d.replace(",", ".")) if d.count(",") == 1 and len(d.split(",")[1]) != 3
              else float(d.replace(",", "")) for d in _DIGITS.findall(lower)}
    values.update(float(_UNITS[w]) for w in re.findall(r"[a-z]+", lower) if w in _UNITS)
    return values
