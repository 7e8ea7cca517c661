"""Is each sentence of an answer backed by the passage it cites? One typed verdict per sentence.

For a sentence and each passage it cites, in this order:
1. polarity: a passage clause about the same thing that points the other way ("does not cause"
   against "causes", "can stop" against "take all") and none that agrees -> contradicted;
2. support: the sentence's words must be in one passage sentence (or two neighbours), after the
   question's own words that the passage shares are set aside: they are the topic, not the claim,
   so "Yes, a child's UTI can go away on its own" needs "go away" in the passage. Words found
   partly are enough when the sentence is also close in meaning (MiniLM cosine) to that sentence;
3. every number must be in the passage (or the question: a patient's own "102" may be repeated),
   and every disease or drug the NER model finds in the passage (one the question named, in the
   very sentence that backs most of the claim: a false premise gets in that way);
4. certainty: "always", "only" or "everyone" where the passage says nothing of the kind;
5. the question's exclusions: a passage headed "Type 1 diabetes" does not answer "... without
   diabetes?" (the heading, not a mention: "ibuprofen without food" is answered by "with food").
A sentence no cited passage supports is tried against the other given passages (models cite the
wrong number); plain referrals ("Talk to your nurse.") make no claim and need no citation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from engine.entities import EntityTagger
from engine.grounding.evidence import PassageEvidence, Window
from engine.grounding.polarity import (
    certainty_words,
    clauses,
    direction,
    negated,
    negation_by_stem,
    opposes,
    split_yes_no,
)
from engine.grounding.vectors import SentenceEncoder, Vectors
from engine.grounding.words import all_stems, content_stems, numbers, plain
from engine.types import Passage
from knowledge.chunking import split_sentences

_MARKER_NUMBERS = re.compile(r"\[(\d+)\]")
_REFERRAL = re.compile(r"\b(?:talk|speak|ask|see|call|contact|check|visit|tell|consult)\b.*\b(?:"
                       r"doctors?|nurses?|pharmacists?|care team|providers?|clinicians?|"
                       r"health ?care|clinic|gp)\b", re.IGNORECASE)
_REFERRAL_WORDS = content_stems("talk speak ask see call contact check visit tell consult doctor "
                                "nurse pharmacist care team provider clinician health healthcare "
                                "clinic gp question questions concern concerns advice right "
                                "best option options plan worried unsure sure")
_COMPARES = re.compile(r"\bthan\b|\b(?:as|so) \w+ as\b", re.IGNORECASE)
_EXCLUSION = re.compile(
    r"\b(?:without|other than|besides|except|apart from|not (?:caused by|due to|from|related to)|"
    r"(?:do|does|did|dont|doesnt|didnt)(?: not|n[’']t)? have|never had|not having)\s+"
    r"(?:a |an |any |the |my |having )?([a-z][a-z\-]+(?: [a-z][a-z\-]+)?)", re.IGNORECASE)


class Verdict(str, Enum):
    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"
    CONTRADICTED = "contradicted"
    NO_CLAIM = "no_claim"  # a referral or a framing line: it asserts nothing to check


@dataclass(frozen=True)
class SentenceSupport:
    sentence: str  # as the model wrote it, markers included
    cited: tuple[int, ...]  # the [n] it carried
    verdict: Verdict
    reason: str
    supporting: tuple[int, ...] = ()  # passages that back it (may differ from `cited`)
    evidence: str = ""  # the passage sentence(s) that back or contradict it
    coverage: float = 0.0
    similarity: float = 0.0
    line: int = 0  # which line of the answer it is on
    prefix: str = ""  # the line's list bullet or indent, for putting the answer back together
    # "Yes, ..." / "No, ..." answers the question itself; dropped when no passage backs that.
    answer_word_dropped: bool = False

    @property
    def shown(self) -> bool:
        return self.verdict in (Verdict.SUPPORTED, Verdict.NO_CLAIM)

    @property
    def shown_sentence(self) -> str:
        if not self.answer_word_dropped:
            return self.sentence
        rest = split_yes_no(self.sentence)[1]
        return rest[:1].upper() + rest[1:]


@dataclass(frozen=True)
class Thresholds:
    """Best F2 of "not supported" on bench/data/support_labels_dev.jsonl
    (`bench/faithfulness.py --parts calibrate --sets dev`; precision 0.92, recall 0.93 then).
    Calibrated before the premise, comparison and yes/no rules; not calibrated again since."""

    coverage: float = 0.85  # share of claim words found: supported on words alone
    partial_coverage: float = 0.5  # ... enough when the sentence is also close in meaning
    similarity: float = 0.7  # MiniLM cosine with the closest passage sentence
    # Two clauses talk about one thing when they share 2+ words and this share of the shorter.
    aligned_share: float = 0.5


@dataclass(frozen=True)
class _Claim:
    text: str  # what is asserted, without markers, bullets or a yes/no opener
    stems: frozenset[str]
    sign_flip: int  # -1 when "No." answers the question: the claim is the question negated
    numbers: frozenset[float]
    terms: tuple[str, ...]  # diseases and drugs the NER model found in it


class SupportChecker:
    """Cheap to build; uses the embedder and the tagger it is given (both optional)."""

    def __init__(self, encoder: SentenceEncoder | None = None, tagger: EntityTagger | None = None,
                 thresholds: Thresholds | None = None) -> None:
        self.encoder = encoder
        self.tagger = tagger
        self.thresholds = thresholds or Thresholds()

    def check(self, question: str, answer: str, passages: Sequence[Passage]) -> list[SentenceSupport]:
        units = _sentences(answer)
        evidence = [PassageEvidence.of(n, p) for n, p in enumerate(passages, start=1)]
        claims = [self._claim(sentence, question) for _, _, sentence in units]
        terms = self._terms([c.text for c in claims])
        context = _Context(question, evidence, self.thresholds, Vectors(self.encoder))
        results = []
        for (line, prefix, sentence), claim, named in zip(units, claims, terms, strict=True):
            result = context.judge(sentence, _with_terms(claim, named))
            results.append(_placed(self._answer_word(result, question, context), line, prefix))
        return results

    def _answer_word(self, result: SentenceSupport, question: str,
                     context: _Context) -> SentenceSupport:
        """"Yes, heartburn is a symptom of GERD" also says yes to "does heartburn mean something
        is wrong with my heart?": the yes (or no) stays only when a passage backs that."""
        word, rest = split_yes_no(plain(result.sentence))
        if not word or len(content_stems(rest)) < 2 or result.verdict is not Verdict.SUPPORTED:
            return result  # no answer word, or it stands for the question and was judged so
        proposition = _Claim(question, frozenset(content_stems(question)),
                             -1 if word == "no" else 1, frozenset(numbers(question)), ())
        if context.judge(result.sentence, proposition).verdict is Verdict.SUPPORTED:
            return result
        return replace(result, answer_word_dropped=True,
                       reason=f"{result.reason}; its '{word.capitalize()}' to the question is not")

    def _claim(self, sentence: str, question: str) -> _Claim:
        answer, rest = split_yes_no(plain(sentence))
        if answer and len(content_stems(rest)) < 2:  # "No." / "Yes, it can." stands for the question
            text, flip = question, (-1 if answer == "no" else 1)
        else:
            text, flip = rest, 1
        return _Claim(text, frozenset(content_stems(text)), flip, frozenset(numbers(text)), ())

    def _terms(self, texts: list[str]) -> list[tuple[str, ...]]:
        if self.tagger is None or not texts:
            return [()] * len(texts)
        return [tuple(dict.fromkeys(e.text.lower() for e in found))
                for found in self.tagger.annotate(texts)]


@dataclass
class _Judgement:
    verdict: Verdict
    reason: str
    evidence: str = ""
    coverage: float = 0.0
    similarity: float = 0.0


class _Context:
    """One question and its passages; judges sentences one by one."""

    def __init__(self, question: str, evidence: list[PassageEvidence], thresholds: Thresholds,
                 vectors: Vectors) -> None:
        self.vectors = vectors
        self.question_stems = frozenset(content_stems(question))
        self.question_words = frozenset(all_stems(question))
        self.question_numbers = frozenset(numbers(question))
        self.excluded = excluded_terms(question)
        self.evidence = evidence
        self.t = thresholds
        self.topic_words = frozenset().union(*(e.every_stem for e in evidence)) if evidence else frozenset()

    def judge(self, sentence: str, claim: _Claim) -> SentenceSupport:
        cited = tuple(dict.fromkeys(int(n) for n in _MARKER_NUMBERS.findall(sentence)))
        if not claim.stems:
            return SentenceSupport(sentence, cited, Verdict.NO_CLAIM, "asserts nothing to check")
        if self._is_referral(claim):
            return SentenceSupport(sentence, cited, Verdict.NO_CLAIM,
                                   "a referral to the care team")
        given = [e for e in self.evidence if e.number in cited]
        judged = [(e, self._against(claim, e)) for e in given]
        backing = [(e, j) for e, j in judged if j.verdict is Verdict.SUPPORTED]
        if backing:
            return _result(sentence, cited, backing)
        against = [(e, j) for e, j in judged if j.verdict is Verdict.CONTRADICTED]
        if against:
            e, j = against[0]
            return SentenceSupport(sentence, cited, Verdict.CONTRADICTED, j.reason, (e.number,),
                                   j.evidence, j.coverage, j.similarity)
        others = [(e, self._against(claim, e)) for e in self.evidence if e.number not in cited]
        moved = [(e, j) for e, j in others if j.verdict is Verdict.SUPPORTED]
        if moved:
            return _result(sentence, cited, moved[:1])
        closest = judged or others
        if not closest:
            return SentenceSupport(sentence, cited, Verdict.UNSUPPORTED, "no passage was given")
        e, j = max(closest, key=lambda item: (item[1].coverage, item[1].similarity))
        reason = j.reason if judged else f"cites no passage; the closest, {j.reason}"
        return SentenceSupport(sentence, cited, Verdict.UNSUPPORTED, reason, (), j.evidence,
                               j.coverage, j.similarity)

    def _is_referral(self, claim: _Claim) -> bool:
        if not _REFERRAL.search(claim.text) or negated(claim.text) or claim.numbers:
            return False
        extra = claim.stems - _REFERRAL_WORDS - self.question_stems - self.topic_words
        return not extra

    def _against(self, claim: _Claim, e: PassageEvidence) -> _Judgement:
        n = e.number
        opposite = self._opposite_clause(claim, e)
        if opposite is not None:
            return _Judgement(Verdict.CONTRADICTED,
                              f"passage [{n}] says the opposite: \"{opposite}\"", opposite)
        window, coverage, missing = self._best_window(claim, e)
        similarity = 0.0
        if self.t.partial_coverage <= coverage < self.t.coverage:  # words alone do not decide
            similarity = self.vectors.closest(claim.text, [e.sentences[i] for i in window.sentences])
        found = _Judgement(Verdict.SUPPORTED, f"backed by passage [{n}]", window.text, coverage,
                           round(similarity, 3))
        enough = coverage >= self.t.coverage or similarity >= self.t.similarity
        if not enough:
            words = ", ".join(f"'{w}'" for w in sorted(missing)[:4])
            found.verdict = Verdict.UNSUPPORTED
            found.reason = f"passage [{n}] does not say it ({words} not in any of its sentences)"
            return found
        problem = (self._missing_numbers(claim, e) or self._missing_terms(claim, window, e)
                   or self._premise(claim, window, e)
                   or _overclaim(claim, window, n) or self._excluded(window, e))
        if problem:
            found.verdict, found.reason = Verdict.UNSUPPORTED, problem
        return found

    def _best_window(self, claim: _Claim, e: PassageEvidence) -> tuple[Window, float, frozenset[str]]:
        best: tuple[float, Window, frozenset[str]] | None = None
        for window in e.windows:
            # The question's words that this sentence shares are the topic, not the claim.
            rest = claim.stems - (self.question_stems & window.stems)
            covered = {w for w in rest
                       if _found(w, window.stems | e.heading_stems) or _acronym(w, e)}
            share = len(covered) / len(rest) if rest else 1.0
            if not claim.stems & window.stems:
                share = 0.0  # a heading alone backs nothing
            if best is None or share > best[0]:
                best = (share, window, rest - covered)
        assert best is not None
        return best[1], best[0], best[2]

    def _opposite_clause(self, claim: _Claim, e: PassageEvidence) -> str | None:
        """The passage sentence that says the opposite of a clause of the claim. The passage
        clauses sharing most words with it decide: "teething may cause a slightly higher
        temperature" is weaker evidence than "teething does not cause a high fever"."""
        # "No." answering the question negates the question's words.
        claim_negation = negation_by_stem(claim.text, inverted=claim.sign_flip < 0)
        for part in clauses(claim.text):
            stems = frozenset(content_stems(part))
            if len(stems) < 2:
                continue
            aligned = [(len(stems & c.stems), c) for c in e.clauses if self._aligned(stems, c.stems)]
            if not aligned:
                continue
            most = max(shared for shared, _ in aligned)
            closest = [c for shared, c in aligned if shared == most]
            if all(opposes(stems & c.stems, claim_negation, e.negations[c.sentence],
                            direction(part), c.direction) for c in closest):
                return e.sentences[closest[0].sentence]
        return None

    def _aligned(self, claim: frozenset[str], clause: frozenset[str]) -> bool:
        shared = claim & clause
        if len(shared) < 2 or len(shared) < self.t.aligned_share * min(len(claim), len(clause)):
            return False
        # Sharing only the question's topic ("asthma symptoms") is not talking about one thing,
        # unless the claim is the question itself ("Teething causes a high fever").
        return bool(shared - self.question_stems) or claim <= self.question_stems

    def _missing_numbers(self, claim: _Claim, e: PassageEvidence) -> str:
        missing = sorted(claim.numbers - e.numbers - self.question_numbers)
        if not missing:
            return ""
        shown = ", ".join(f"{m:g}" for m in missing)
        return f"the number {shown} is not in passage [{e.number}]"

    def _premise(self, claim: _Claim, window: Window, e: PassageEvidence) -> str:
        """A word the claim repeats from the question must be in the sentences that back it (or
        the heading): "antibiotics work best for the flu when started early", backed by "flu
        antivirals work best when started early", adopts the question's premise."""
        echoed = [w for w in claim.stems & self.question_stems
                  if not _found(w, window.stems | e.heading_stems)]
        if echoed:
            return (f"repeats '{sorted(echoed)[0]}' from the question, which the passage [{e.number}] "
                    "sentences it matches do not say")
        return ""

    def _missing_terms(self, claim: _Claim, window: Window, e: PassageEvidence) -> str:
        """Every disease or drug the claim names must be in the passage. One the question named
        must be in the very sentence that backs most of the claim (or the heading), since that is
        how a false premise gets in: "which antibiotic works best for the flu?" -> "antibiotics
        work best when started early", stitched from "flu antivirals work best when started
        early" and its neighbour "antibiotics do not work against the flu virus"."""
        anchor = _closest_sentence(claim.stems, window, e) | e.heading_stems
        for term in claim.terms:
            words = content_stems(term) or all_stems(term)
            where = anchor if words <= self.question_words else e.every_stem
            if words and not all(_found(w, where) or _acronym(w, e) for w in words):
                return f"names '{term}', which the passage [{e.number}] sentence it matches does not"
        return ""

    def _excluded(self, window: Window, e: PassageEvidence) -> str:
        for group in self.excluded:
            # Saying "without diabetes" is not enough: the passage must say it too.
            about = about_excluded(group, e.heading_stems)
            if about and group not in excluded_terms(window.text):
                words = " ".join(sorted(group))
                return f"the question leaves out '{words}', and passage [{e.number}] is about it"
        return ""


def about_excluded(group: frozenset[str], heading: frozenset[str]) -> bool:
    """Is a passage headed `heading` about what the question leaves out? ("prediabetes" is
    about "diabetes" too.)"""
    return all(any(word in other for other in heading) for word in group)


def excluded_terms(text: str) -> frozenset[frozenset[str]]:
    """What the text rules out: "without diabetes" -> {{"diabet"}}."""
    groups = (frozenset(content_stems(m.group(1))) for m in _EXCLUSION.finditer(text))
    return frozenset(g for g in groups if g)


def _found(stem: str, stems: frozenset[str] | set[str]) -> bool:
    """In the set, or one is the other plus an ending ("bacteri" / "bacteria")."""
    if stem in stems:
        return True
    return len(stem) >= 5 and any(
        len(other) >= 5 and (other.startswith(stem) or stem.startswith(other)) and
        abs(len(other) - len(stem)) <= 3 for other in stems)


def _closest_sentence(stems: frozenset[str], window: Window, e: PassageEvidence) -> frozenset[str]:
    """Stems of the window's sentence sharing most words with `stems`."""
    return max((e.windows[i].stems for i in window.sentences), key=lambda s: len(s & stems))


def _acronym(word: str, e: PassageEvidence) -> bool:
    """"uti" / "utis" named in the passage as "urinary tract infection"."""
    letters = word[:-1] if word.endswith("s") and len(word) > 3 else word
    return 2 <= len(letters) <= 5 and letters in e.acronyms


def _overclaim(claim: _Claim, window: Window, n: int) -> str:
    """More than the passage says: certainty it does not claim, or a comparison it does not make
    ("Aleve may have more side effects than Advil")."""
    certain = certainty_words(claim.text)
    if certain and not certainty_words(window.text):
        return f"says '{sorted(certain)[0]}', which passage [{n}] does not claim"
    if _COMPARES.search(claim.text) and not _COMPARES.search(window.text):
        return f"makes a comparison that passage [{n}] does not make"
    return ""


def _result(sentence: str, cited: tuple[int, ...],
            backing: list[tuple[PassageEvidence, _Judgement]]) -> SentenceSupport:
    e, j = max(backing, key=lambda item: (item[1].coverage, item[1].similarity))
    numbers_ = tuple(b.number for b, _ in backing)
    reason = j.reason if set(numbers_) <= set(cited) else (
        f"backed by passage [{e.number}], not the one it cited")
    return SentenceSupport(sentence, cited, Verdict.SUPPORTED, reason, numbers_, j.evidence,
                           j.coverage, j.similarity)


def _with_terms(claim: _Claim, terms: tuple[str, ...]) -> _Claim:
    return _Claim(claim.text, claim.stems, claim.sign_flip, claim.numbers, terms)


def _placed(result: SentenceSupport, line: int, prefix: str) -> SentenceSupport:
    return replace(result, line=line, prefix=prefix)


_BULLET = re.compile(r"^(\s*(?:[-*•]|\d+[.)])\s+|\s+)")


def _sentences(answer: str) -> list[tuple[int, str, str]]:
    """(line index, the line's bullet or indent, sentence) for every sentence of the answer.

    A stray marker after a sentence ("... lungs. [2]") belongs to the sentence before it."""
    units: list[tuple[int, str, str]] = []
    for line_number, line in enumerate(answer.splitlines()):
        match = _BULLET.match(line)
        prefix = match.group(1) if match else ""
        for sentence in split_sentences(line[len(prefix):]):
            if not plain(sentence).strip(" .,;") and units and units[-1][0] == line_number:
                if not _MARKER_NUMBERS.search(units[-1][2]):
                    units[-1] = (line_number, prefix, f"{units[-1][2]} {sentence}")
                continue
            units.append((line_number, prefix, sentence))
    return units
