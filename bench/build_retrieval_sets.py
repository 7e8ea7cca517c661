"""Build the retrieval-quality question sets over MedQuAD. Prints JSON stats.

    .venv/bin/python bench/build_retrieval_sets.py [--data /work/shared/data]

Writes JSON lines {"id", "question", "relevant", "origin"} to bench/data/:

- retrieval_dev.jsonl: the development set (for tuning). MEDIQA 2019 Task 3 training (Alexa) and
  validation questions whose correct answers (ReferenceScore >= 3) map to MedQuAD records, plus
  consumer-style rephrasings (written by hand, below) of MedQuAD questions sampled with a fixed seed.
- retrieval_heldout.jsonl: MEDIQA 2019 Task 3 test questions mapped the same way. Never tune on it.
- retrieval_medicationqa.jsonl: only if enough MedicationQA answers map (they almost never do).

A MedQuAD record is one answered QA pair; its id is f"{source}_{qid}" where source is the root
element's `source` attribute (FOLDER_SOURCES when absent) and qid the `qid` attribute of <Question>.
A MEDIQA answer maps to the records whose answer text it contains, or which contain it, judged on
word 8-gram shingles; the records of documents with the same (canonicalised) URL are always tried,
other documents only when they share enough distinctive shingles with the answer. Ids that occur
twice in MedQuAD (a few CancerGov files repeat a document id) are ambiguous and never relevant.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_DATA = Path("/work/shared/data")

# Folder -> source, used when a file's root element has no `source` attribute. The values are what
# the other files of the same folder carry (e.g. folder 7 says "NIHSeniorHealth", not "SeniorHealth").
FOLDER_SOURCES: dict[str, str] = {
    "1_CancerGov_QA": "CancerGov",
    "2_GARD_QA": "GARD",
    "3_GHR_QA": "GHR",
    "4_MPlus_Health_Topics_QA": "MPlusHealthTopics",
    "5_NIDDK_QA": "NIDDK",
    "6_NINDS_QA": "NINDS",
    "7_SeniorHealth_QA": "NIHSeniorHealth",
    "8_NHLBI_QA_XML": "NHLBI",
    "9_CDC_QA": "CDC",
    "10_MPlus_ADAM_QA": "ADAM",
    "11_MPlusDrugs_QA": "MPlusDrugs",
    "12_MPlusHerbsSupplements_QA": "MPlusHerbsSupplements",
}

MEDIQA_DIR = Path("mediqa2019/MEDIQA_Task3_QA")
MEDIQA_DEV = ["MEDIQA2019-Task3-QA-TrainingSet2-Alexa.xml", "MEDIQA2019-Task3-QA-ValidationSet.xml"]
MEDIQA_HELDOUT = ["MEDIQA2019-Task3-QA-TestSet-wLabels.xml"]
MEDIQA_PREFIX = {  # question ids are f"{prefix}-{QID}"
    "MEDIQA2019-Task3-QA-TrainingSet2-Alexa.xml": "mediqa-train-alexa",
    "MEDIQA2019-Task3-QA-ValidationSet.xml": "mediqa-validation",
    "MEDIQA2019-Task3-QA-TestSet-wLabels.xml": "mediqa-test",
}
MEDICATIONQA_FILE = Path("medicationqa/MedInfo2019-QA-Medications.xlsx")

CORRECT_SCORE = 3  # MEDIQA ReferenceScore: 4 excellent, 3 correct but incomplete, 2 related, 1 wrong
SHINGLE = 8  # words per shingle
MIN_SHARED = 10  # shingles a record and an answer must share at least
CONTAINMENT = 0.6  # share of the smaller side's shingles that must be in the other ...
LONG_SHARED = 100  # ... unless they share at least this many (a long verbatim passage)
DISTINCT_DF = 3  # a shingle in at most this many documents counts as distinctive
MIN_DISTINCT = 10  # distinctive shingles a document needs to be tried without a URL match
MIN_MEDICATIONQA = 25  # write the MedicationQA set only with at least this many mapped questions
LEAK_JACCARD = 0.7  # a dev question this close (word sets) to a held-out one is dropped from dev
SEED = 20190801
QUOTAS: dict[str, int] = {  # rephrased questions per source: 144, so the dev set has ~200
    "GHR": 16,
    "GARD": 16,
    "MPlusHealthTopics": 18,
    "NIDDK": 16,
    "NINDS": 16,
    "NIHSeniorHealth": 16,
    "NHLBI": 16,
    "CancerGov": 15,
    "CDC": 15,
}


@dataclass(frozen=True)
class Record:
    """One MedQuAD QA pair."""

    id: str
    source: str
    qtype: str
    focus: str
    question: str
    answer: str
    url: str
    doc: str  # folder/file, unique per document


@dataclass(frozen=True)
class Answer:
    """One candidate answer to a MEDIQA or MedicationQA question."""

    url: str
    text: str
    correct: bool
    focus: str = ""  # what the answer is about, when known


@dataclass
class Question:
    """A question with its candidate answers, before mapping."""

    id: str
    text: str
    answers: list[Answer]


# ---------------------------------------------------------------- MedQuAD


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) in names:
            return child
    return None


def _text(element: ET.Element | None) -> str:
    return " ".join(html.unescape("".join(element.itertext())).split()) if element is not None else ""


def read_medquad_file(path: Path) -> list[Record]:
    """All QA pairs of one MedQuAD file, answered or not (three root schemas occur)."""
    root = ET.parse(path).getroot()
    source = root.get("source") or FOLDER_SOURCES[path.parent.name]
    focus = _text(_child(root, "focus", "doctitle-focus"))
    records = []
    for pair in root.iter():
        if _local(pair.tag) not in ("qapair", "pair"):
            continue
        question = _child(pair, "question")
        if question is None:
            continue
        records.append(
            Record(
                id=f"{source}_{question.get('qid', '').strip()}",
                source=source,
                qtype=question.get("qtype", "").strip(),
                focus=focus,
                question=_text(question),
                answer=_text(_child(pair, "answer")),
                url=root.get("url", "").strip(),
                doc=f"{path.parent.name}/{path.name}",
            )
        )
    return records


def load_medquad(root: Path) -> list[Record]:
    """Every QA pair of every folder, in a fixed order."""
    records: list[Record] = []
    for folder in FOLDER_SOURCES:
        for path in sorted((root / folder).glob("*.xml")):
            records.extend(read_medquad_file(path))
    return records


def duplicate_ids(records: Iterable[Record]) -> set[str]:
    counts = Counter(r.id for r in records)
    return {rid for rid, n in counts.items() if n > 1}


# ---------------------------------------------------------------- text and URLs


def canonical_url(url: str) -> str:
    """Scheme, www., case, query and trailing slash dropped; old and new MedlinePlus/GARD paths merged."""
    url = url.strip().lower().split("#", 1)[0].split("?", 1)[0]
    url = re.sub(r"^https?://", "", url)
    url = re.sub(r"^www\.", "", url).rstrip("/")
    url = re.sub(r"^nlm\.nih\.gov/medlineplus/", "medlineplus.gov/", url)
    gard = re.match(r"^rarediseases\.info\.nih\.gov/(?:gard|diseases)/(\d+)", url)
    return f"gard/{gard.group(1)}" if gard else url


def words(text: str) -> list[str]:
    """Lower-case word tokens; entities decoded, citation marks like [2] or [3, 4] dropped."""
    text = re.sub(r"\[\d+(?:\s*[,-]\s*\d+)*\]", " ", html.unescape(html.unescape(text)))
    return re.findall(r"[a-z0-9]+", text.lower())


def shingles(text: str) -> set[str]:
    tokens = words(text)
    if len(tokens) < SHINGLE:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def split_focus_prefix(text: str) -> tuple[str, str]:
    """CHiQA answers start with 'Focus (Section): ' or 'Question?: '; split that off when present."""
    head, sep, rest = text.partition(": ")
    if not sep or len(head) > 120 or "." in head:
        return "", text
    return re.sub(r"\s*\([^()]*\)$", "", head), rest


def same_focus(a: str, b: str) -> bool:
    """One focus's words all occur in the other ('Anemia' ~ 'Hemolytic Anemia', 'Lupus' !~ 'SLE')."""
    x, y = set(words(a)), set(words(b))
    return bool(x and y) and (x <= y or y <= x)


# ---------------------------------------------------------------- mapping answers to records


class Matcher:
    """Maps an answer (URL + text) to the answered MedQuAD records it corresponds to."""

    def __init__(self, records: list[Record], excluded: set[str]) -> None:
        self.by_doc: dict[str, list[Record]] = defaultdict(list)
        self.docs_by_url: dict[str, set[str]] = defaultdict(set)
        self.unanswered_urls: set[str] = set()
        for record in records:
            key = canonical_url(record.url)
            if not record.answer:
                self.unanswered_urls.add(key)
                continue
            if record.id in excluded:
                continue
            self.by_doc[record.doc].append(record)
            self.docs_by_url[key].add(record.doc)
        self.shingles: dict[str, set[str]] = {
            r.id: shingles(r.answer) for recs in self.by_doc.values() for r in recs
        }
        self.docs_by_shingle: dict[str, set[str]] = defaultdict(set)
        for doc, recs in self.by_doc.items():
            for record in recs:
                for shingle in self.shingles[record.id]:
                    self.docs_by_shingle[shingle].add(doc)

    def _matches(self, doc: str, answer: set[str], focus: str | None) -> list[str]:
        """Records of doc that contain the answer, are contained in it, or share a long passage with it.

        focus None: doc has the answer's URL, any of the three will do. Otherwise (a text-only
        candidate) the record's focus must agree with the answer's; when the answer's focus is
        unknown (""), only containment counts.
        """
        found = []
        for record in self.by_doc[doc]:
            own = self.shingles[record.id]
            shared = len(own & answer)
            contained = shared >= CONTAINMENT * min(len(own), len(answer))
            if focus is None:
                ok = contained or shared >= LONG_SHARED
            elif focus:
                ok = same_focus(focus, record.focus) and (contained or shared >= LONG_SHARED)
            else:
                ok = contained
            if shared >= MIN_SHARED and ok:
                found.append(record.id)
        return found

    def _text_candidates(self, answer: set[str]) -> set[str]:
        hits: Counter[str] = Counter()
        for shingle in answer:
            docs = self.docs_by_shingle.get(shingle, ())
            if 0 < len(docs) <= DISTINCT_DF:
                hits.update(docs)
        return {doc for doc, n in hits.items() if n >= MIN_DISTINCT}

    def match(self, answer: Answer) -> tuple[list[str], str]:
        """(record ids, how): how is 'url', 'text', 'url+text', or why nothing mapped."""
        prefix, text = split_focus_prefix(answer.text)
        focus = answer.focus or prefix
        body = shingles(text)
        url_docs = self.docs_by_url.get(canonical_url(answer.url), set())
        by_url = {rid for doc in sorted(url_docs) for rid in self._matches(doc, body, None)}
        others = sorted(self._text_candidates(body) - url_docs)
        by_text = {rid for doc in others for rid in self._matches(doc, body, focus)}
        if by_url or by_text:
            how = "+".join(name for name, ids in (("url", by_url), ("text", by_text)) if ids)
            return sorted(by_url | by_text), how
        if url_docs:
            return [], "unmatched: url of an answered document, text differs"
        if canonical_url(answer.url) in self.unanswered_urls:
            return [], "unmatched: url of a document without answers (folders 10-12)"
        return [], "unmatched: url and text not in MedQuAD"


# ---------------------------------------------------------------- question sources


def read_mediqa(path: Path) -> list[Question]:
    root = ET.parse(path).getroot()
    questions = []
    for q in root.iter("Question"):
        answers = [
            Answer(
                url=(a.findtext("AnswerURL") or "").strip(),
                text=" ".join(html.unescape(a.findtext("AnswerText") or "").split()),
                correct=int(a.get("ReferenceScore") or 0) >= CORRECT_SCORE,
            )
            for a in q.iter("Answer")
        ]
        text = " ".join(html.unescape(q.findtext("QuestionText") or "").split())
        qid = f"{MEDIQA_PREFIX[path.name]}-{q.get('QID')}"
        questions.append(Question(id=qid, text=text, answers=answers))
    return questions


def read_medicationqa(path: Path) -> list[Question]:
    """MedicationQA rows (Question, Focus, ..., Answer, Section Title, URL); each answer is correct."""
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip().lower() for h in next(rows)]
    col = {name: header.index(name) for name in ("question", "focus (drug)", "answer", "url")}
    questions = []
    for n, row in enumerate(rows, start=1):
        text = " ".join(str(row[col["question"]] or "").split())
        if not text:
            continue
        answer = Answer(
            url=str(row[col["url"]] or ""),
            text=str(row[col["answer"]] or ""),
            correct=True,
            focus=str(row[col["focus (drug)"]] or ""),
        )
        questions.append(Question(id=f"medicationqa-{n}", text=text, answers=[answer]))
    return questions


def map_questions(questions: list[Question], matcher: Matcher, origin: str) -> tuple[list[dict], dict]:
    """Rows for questions with at least one mapped correct answer, and coverage stats."""
    rows, reasons = [], Counter()
    answers_total = answers_mapped = 0
    for q in questions:
        relevant: set[str] = set()
        for answer in q.answers:
            if not answer.correct:
                continue
            ids, how = matcher.match(answer)
            answers_total += 1
            answers_mapped += bool(ids)
            reasons[how] += 1
            relevant.update(ids)
        if relevant:
            rows.append({"id": q.id, "question": q.text, "relevant": sorted(relevant), "origin": origin})
    stats = {
        "questions": len(questions),
        "questions_mapped": len(rows),
        "correct_answers": answers_total,
        "correct_answers_mapped": answers_mapped,
        "correct_answers_unmapped": answers_total - answers_mapped,
        "how": dict(sorted(reasons.items())),
    }
    return rows, stats


# ---------------------------------------------------------------- hand-written rephrasings


def sample_records(records: list[Record], excluded: set[str]) -> list[Record]:
    """QUOTAS[source] answered records per source, drawn with SEED, one per focus+qtype."""
    rng = random.Random(SEED)
    picked = []
    for source, quota in QUOTAS.items():
        pool = [r for r in records if r.source == source and r.answer and r.id not in excluded]
        rng.shuffle(pool)
        seen: set[tuple[str, str]] = set()
        for record in pool:
            key = (record.focus.lower(), record.qtype)
            if key in seen or not record.focus:
                continue
            seen.add(key)
            picked.append(record)
            if len(seen) == quota:
                break
    return picked


# Keyed by MedQuAD record id; written without copying the original question's wording.
REPHRASINGS: dict[str, str] = {
    # GHR
    "GHR_0000914-1": "my cardiologist thinks i might have sitosterolemia?? never heard of it, what is that",
    "GHR_0000711-2": "how rare is NAGS deficiency, how many kids are born with it",
    "GHR_0000420-3": "which gene mutation causes glycine encephalopathy in newborns",
    "GHR_0000244-1": "our daughter was just diagnosed with costeff syndrome, what does that mean for her",
    "GHR_0000487-4": "horizontal gaze palsy with scoliosis is in my husbands family, will our kids get it",
    "GHR_0000374-1": "the ultrasound showed fibrochondrogenesis, what kind of condition is this",
    "GHR_0000133-1": "can you explain bowen conradi syndrome in simple words",
    "GHR_0001099-5": "my mom has 5q minus syndrome, how do doctors manage it",
    "GHR_0000273-4": "does deafness with myopia syndrome get passed down from parents",
    "GHR_0000371-5": "fatty acid hydroxylase neurodegeneration - any treatment options?",
    "GHR_0000713-3": "what gene problem leads to nager syndrome",
    "GHR_0000572-2": "is LDH deficiency rare? how many people have it",
    "GHR_0000064-4": "i have apert syndrome, whats the chance my baby will have it too",
    "GHR_0000815-1": "prader willi syndrome explained?",
    "GHR_0000608-5": "my dad got diagnosed with lung cancer, what treatments are out there",
    "GHR_0000778-5": "how do they treat chronic eosinophilic leukemia with the PDGFRB change",
    # GARD
    "GARD_0004668-3": "why does a baby's brain develop pachygyria",
    "GARD_0002801-2": "can i pass hepatic encephalopathy on to my kids",
    "GARD_0002500-1": "what problems does a baby born with gastroschisis have",
    "GARD_0002987-1": "signs of the inherited dominant kind of high cholesterol",
    "GARD_0001549-1": "baby born without a lens in the eye, congenital aphakia, what is it",
    "GARD_0006487-1": "what features does XK aprosencephaly cause",
    "GARD_0002514-1": "pus bumps all over my body with fever, what is generalized pustular psoriasis",
    "GARD_0003607-1": "limb girdle muscular dystrophy 2H, what symptoms does it give you",
    "GARD_0002392-1": "dentist saw florid cemento osseous dysplasia on my jaw xray, what is that",
    "GARD_0005119-4": "how does proud syndrome run in a family",
    "GARD_0004172-2": "what do people with multicentric castleman disease feel like, symptoms",
    "GARD_0002084-1": "our scan showed an encephalocele, what does that mean",
    "GARD_0002973-4": "how do they find out before birth that a baby has HEM skeletal dysplasia",
    "GARD_0001143-2": "child syndrome signs - the one with the skin rash on one side of the body",
    "GARD_0002956-1": "my baby's scan says hydranencephaly, what does that mean",
    "GARD_0000018-1": "my newborn is missing the shin bone, absent tibia, what is this",
    # MedlinePlus health topics
    "MPlusHealthTopics_0000958-1": "white patches spreading on my skin, is that vitiligo? what is it",
    "MPlusHealthTopics_0000396-1": "brain disorders you inherit through your genes, what are they",
    "MPlusHealthTopics_0000934-1": "usher syndrome - hearing loss and going blind?",
    "MPlusHealthTopics_0000915-1": "my triglycerides came back high what does that mean",
    "MPlusHealthTopics_0000681-1": "which over the counter painkillers are there and are they safe",
    "MPlusHealthTopics_0000718-1": "thinking about a nose job or other cosmetic surgery, what should i know",
    "MPlusHealthTopics_0000747-1": "my grandma is bedridden and got bed sores, what are those",
    "MPlusHealthTopics_0000213-1": "should i take cough syrup for a cold, do cold meds even work",
    "MPlusHealthTopics_0000714-1": "my kid's bum is itchy at night, could it be pinworms",
    "MPlusHealthTopics_0000898-1": "what should my 2 year old be eating",
    "MPlusHealthTopics_0000183-1": "what counts as sexual abuse of a child",
    "MPlusHealthTopics_0000925-1": "my newborn has a rare health problem, not just a cold, where do i start",
    "MPlusHealthTopics_0000597-1": "spinning dizzy spells and roaring in one ear, what is menieres",
    "MPlusHealthTopics_0000047-1": "do antioxidant supplements actually do anything",
    "MPlusHealthTopics_0000802-1": "is breathing other peoples cigarette smoke bad for my kids",
    "MPlusHealthTopics_0000973-1": "what is wilsons disease, the too much copper one",
    "MPlusHealthTopics_0000314-1": "how do you catch ebola and how bad is it",
    "MPlusHealthTopics_0000817-1": "dry eyes and dry mouth all the time, could it be sjogrens",
    # NIDDK
    "NIDDK_0000099-11": "i cant always make it to the toilet in time for a bowel movement, what can i do",
    "NIDDK_0000150-5": "how do doctors tell if high blood pressure has damaged my kidneys",
    "NIDDK_0000100-1": "what is food poisoning exactly",
    "NIDDK_0000132-7": "how would a doctor know i have whipple disease",
    "NIDDK_0000164-5": "i have diabetes and early kidney disease, what should i eat",
    "NIDDK_0000133-8": "what happens if wilson disease isnt treated",
    "NIDDK_0000116-10": "does having microscopic colitis raise my risk of colon cancer",
    "NIDDK_0000060-10": "how do i keep my nerves healthy with diabetes",
    "NIDDK_0000191-6": "how do they test for primary sclerosing cholangitis",
    "NIDDK_0000196-13": "just found out i have hep c, what do i need to know",
    "NIDDK_0000003-4": "what tests show if you have cushings",
    "NIDDK_0000179-8": "how does getting a kidney transplant work when your kidneys fail",
    "NIDDK_0000214-8": "how does the doctor check if i have a bladder infection",
    "NIDDK_0000190-9": "just diagnosed with primary biliary cirrhosis, what should i be doing",
    "NIDDK_0000071-5": "why do people get diabetes in the first place",
    "NIDDK_0000107-1": "whats gastroparesis, my stomach empties too slowly?",
    # NINDS
    "NINDS_0000069-2": "is anyone researching brain shrinkage (cerebral atrophy)",
    "NINDS_0000091-1": "what is cushing syndrome, too much cortisol?",
    "NINDS_0000125-3": "i fainted yesterday, is passing out dangerous in the long run",
    "NINDS_0000047-2": "my aunt has binswangers dementia, what can the doctors do for her",
    "NINDS_0000259-1": "muscles go rigid and loud noises set off spasms, what is stiff person syndrome",
    "NINDS_0000162-1": "my baby keeps doing these jerky spasms, what are infantile spasms",
    "NINDS_0000116-4": "is anyone studying encephalitis lethargica, the awakenings disease",
    "NINDS_0000047-3": "life expectancy with binswangers disease",
    "NINDS_0000180-1": "our grandson has lesch nyhan, something about a missing enzyme? what is it",
    "NINDS_0000092-2": "can CMV that affected the brain be treated",
    "NINDS_0000136-4": "any new research on gerstmann syndrome",
    "NINDS_0000148-3": "how long does shingles last and will it leave scars",
    "NINDS_0000260-1": "neurologist said striatonigral degeneration for my dad's stiffness and falls??",
    "NINDS_0000142-3": "prognosis for NBIA, the brain iron build up disorder",
    "NINDS_0000153-3": "how long can a baby with hydranencephaly live",
    "NINDS_0000165-3": "can whipples disease be cured",
    # NIHSeniorHealth
    "NIHSeniorHealth_0000063-28": "the spot on my arm was skin cancer, what are the ways to get rid of it",
    "NIHSeniorHealth_0000054-3": "my legs ache when i walk and stop when i rest, is that PAD",
    "NIHSeniorHealth_0000002-18": "what does blood alcohol level mean, does drinking hit harder when older",
    "NIHSeniorHealth_0000058-24": "will prostate cancer treatment ruin my sex life",
    "NIHSeniorHealth_0000008-25": "can a mammogram find breast cancer before i feel a lump",
    "NIHSeniorHealth_0000016-13": "eye doc wants to inject dye in my arm to check for diabetic eye disease??",
    "NIHSeniorHealth_0000055-37": "my son relapsed after rehab, is that normal",
    "NIHSeniorHealth_0000058-10": "what is the prostate and how does cancer start there",
    "NIHSeniorHealth_0000054-10": "does smoking raise my risk of blocked leg arteries",
    "NIHSeniorHealth_0000035-13": "are triglycerides the same thing as cholesterol",
    "NIHSeniorHealth_0000034-15": "my dad is 70 and had a heart attack, is he likely to get heart failure",
    "NIHSeniorHealth_0000038-32": "can older people get a kidney transplant instead of dialysis",
    "NIHSeniorHealth_0000059-24": "anything new in psoriasis research",
    "NIHSeniorHealth_0000027-2": "who gets glaucoma, am i at risk",
    "NIHSeniorHealth_0000071-1": "why do older people get so many urine infections",
    "NIHSeniorHealth_0000016-14": "eye injections for diabetic swelling in the retina, better than laser?",
    # NHLBI
    "NHLBI_0000115-5": "does rh incompatibility cause any symptoms for me or the baby",
    "NHLBI_0000046-3": "what causes small vessel heart disease",
    "NHLBI_0000057-2": "how does a child end up with fanconi anemia",
    "NHLBI_0000010-4": "coughing at night and wheezing, is it asthma",
    "NHLBI_0000091-8": "can i do anything to stop mitral valve prolapse",
    "NHLBI_0000125-4": "warning signs of sudden cardiac arrest",
    "NHLBI_0000095-2": "why do people become overweight",
    "NHLBI_0000007-5": "what does ARDS feel like, signs",
    "NHLBI_0000082-6": "how do you fix low iron anemia",
    "NHLBI_0000139-4": "how do i get tested for von willebrand, i bleed a lot",
    "NHLBI_0000038-4": "what causes interstitial lung disease in kids",
    "NHLBI_0000130-7": "can low platelets be prevented",
    "NHLBI_0000007-6": "how do doctors figure out someone has ARDS",
    "NHLBI_0000038-8": "is there a cure for chILD lung disease in children",
    "NHLBI_0000118-5": "my husband snores loud and stops breathing at night, is that sleep apnea",
    "NHLBI_0000068-5": "is hemolytic anemia more common in certain people or races",
    # CancerGov
    "CancerGov_0000004_4-6": "my skin lymphoma (mycosis fungoides), how do they work out what stage it is",
    "CancerGov_0000004_2-7": "how is non hodgkins lymphoma staged in adults",
    "CancerGov_0000014_2-7": "my mom has a sarcoma in her uterus, how do they usually deal with it",
    "CancerGov_0000010_1-5": "whats the prognosis for a carcinoid tumor in the gut",
    "CancerGov_0000004_5-4": "survival chances with lymphoma in the brain (primary CNS)",
    "CancerGov_0000003_5-3": "my child has a painless lump, could it be soft tissue sarcoma",
    "CancerGov_0000004_2-3": "what makes an adult more likely to get non-hodgkin lymphoma",
    "CancerGov_0000001_5-2": "is hairy cell leukemia more common in men or older people",
    "CancerGov_0000034_1-2": "can HPV give you penile cancer",
    "CancerGov_0000027_1-10": "are there clinical trials for new breast cancer treatments",
    "CancerGov_0000043_1-7": "just diagnosed with cancer of the vulva, what are my options",
    "CancerGov_0000015_1-7": "how do they stage germ cell tumors in kids, outside the brain",
    "CancerGov_0000037_1-2": "colon cancer in my family, does that raise my risk",
    "CancerGov_0000004_1-4": "how will they find out if my swollen lymph nodes are hodgkins",
    "CancerGov_0000027_2-1": "can men get breast cancer??",
    # CDC
    "CDC_0000366-7": "traveling to africa, how do i avoid schistosomiasis from lakes",
    "CDC_0000381-5": "back from safari with fever and headaches, how do they test for sleeping sickness",
    "CDC_0000342-2": "what are the first signs of rabies after an animal bite",
    "CDC_0000399-2": "what tests check for TB, skin test or blood test",
    "CDC_0000030-7": "how to avoid roundworm infection (ascaris)",
    "CDC_0000381-7": "how do i avoid getting sleeping sickness from tsetse flies",
    "CDC_0000319-5": "how do they diagnose lung fluke infection",
    "CDC_0000087-5": "is there any medicine for crimean congo fever",
    "CDC_0000344-2": "can raccoon roundworm infect people, who's at risk",
    "CDC_0000440-7": "how to avoid hookworm from dog poop on the beach",
    "CDC_0000241-2": "can you get hookworms from walking barefoot, who gets them",
    "CDC_0000015-8": "how can i avoid rat lungworm",
    "CDC_0000397-2": "can i get a tapeworm from undercooked pork or beef",
    "CDC_0000339-2": "how do you catch crabs, pubic lice",
    "CDC_0000266-5": "what care do patients with the lujo virus get",
}


def rephrasing_rows(records: list[Record], excluded: set[str]) -> list[dict]:
    """One row per sampled record; relevant = every answered record with its focus and qtype."""
    sample = sample_records(records, excluded)
    missing = [r.id for r in sample if r.id not in REPHRASINGS]
    extra = set(REPHRASINGS) - {r.id for r in sample}
    if missing or extra:
        for r in sample:
            if r.id in missing:
                print(json.dumps({"id": r.id, "focus": r.focus, "qtype": r.qtype, "q": r.question}))
        sys.exit(f"rephrasings out of step with the sample: missing {missing}, extra {sorted(extra)}")
    same: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in records:
        if r.answer and r.id not in excluded:
            same[(r.focus.lower(), r.qtype)].add(r.id)
    return [
        {
            "id": f"rephrased-{r.id}",
            "question": REPHRASINGS[r.id],
            "relevant": sorted(same[(r.focus.lower(), r.qtype)] | {r.id}),
            "origin": f"rephrased:{r.source}:{r.qtype}",
        }
        for r in sample
    ]


# ---------------------------------------------------------------- output


def write_jsonl(path: Path, rows: list[dict]) -> str:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def set_stats(rows: list[dict]) -> dict:
    n = len(rows)
    return {
        "questions": n,
        "mean_relevant": round(sum(len(r["relevant"]) for r in rows) / n, 2) if n else 0,
        "by_origin": dict(sorted(Counter(r["origin"].split(":")[0] for r in rows).items())),
    }


def drop_near_duplicates(rows: list[dict], against: list[dict]) -> tuple[list[dict], list[str]]:
    """rows minus those whose question's word set is LEAK_JACCARD-similar to one in against."""
    others = [set(words(row["question"])) for row in against]
    kept, dropped = [], []
    for row in rows:
        mine = set(words(row["question"]))
        if any(len(mine & o) >= LEAK_JACCARD * len(mine | o) for o in others):
            dropped.append(row["question"])
        else:
            kept.append(row)
    return kept, dropped


def mediqa_set(data: Path, files: list[str], matcher: Matcher) -> tuple[list[dict], dict]:
    rows, stats = [], {}
    for name in files:
        file_rows, stats[name] = map_questions(
            read_mediqa(data / MEDIQA_DIR / name), matcher, f"mediqa:{name}"
        )
        rows.extend(file_rows)
    return rows, stats


def build(data: Path, out: Path) -> dict:
    records = load_medquad(data / "medquad")
    excluded = duplicate_ids(records)
    matcher = Matcher(records, excluded)
    answered = [r for r in records if r.answer]
    stats: dict = {
        "medquad": {
            "records": len(records),
            "answered": len(answered),
            "ambiguous_ids_excluded": sorted(excluded),
        }
    }
    dev, stats["mediqa_dev"] = mediqa_set(data, MEDIQA_DEV, matcher)
    dev.extend(rephrasing_rows(records, excluded))
    heldout, stats["mediqa_heldout"] = mediqa_set(data, MEDIQA_HELDOUT, matcher)
    dev, stats["dev_dropped_as_near_duplicates_of_heldout"] = drop_near_duplicates(dev, heldout)
    sets = {"retrieval_dev.jsonl": dev, "retrieval_heldout.jsonl": heldout}
    if (data / MEDICATIONQA_FILE).exists():
        medication = read_medicationqa(data / MEDICATIONQA_FILE)
        med_rows, stats["medicationqa"] = map_questions(medication, matcher, "medicationqa")
        med_rows, _ = drop_near_duplicates(med_rows, heldout)
        written = len(med_rows) >= MIN_MEDICATIONQA
        stats["medicationqa"]["written"] = written
        if written:
            sets["retrieval_medicationqa.jsonl"] = med_rows
    for name, rows in sets.items():
        stats[name] = set_stats(rows) | {"sha256": write_jsonl(out / name, rows)}
    return stats


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding medquad/, mediqa2019/"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where the .jsonl files go")
    args = parser.parse_args(argv)
    print(json.dumps(build(args.data, args.out), indent=2))


if __name__ == "__main__":
    main()
