"""MedQuAD XML: one document per file, one section per answered question.

The usual layout is <Document id source url> with <Focus>, <FocusAnnotations> and
<QAPairs><QAPair><Question qid qtype/><Answer/></QAPair></QAPairs>. A few files spell it
differently (NINDS: <doc docid corpus> with <doctitle-focus> and <qaPairs><pair>; CDC: a
<DiseaseFile fid> root), so tags are matched by lower-cased name.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from knowledge.documents import Section, SourceDocument
from knowledge.errors import ImportFailed
from knowledge.importers import safe_xml
from knowledge.importers.names import title_from_name

FORMAT = "medquad"
SUFFIXES = (".xml",)

_ROOTS = frozenset({"document", "doc", "diseasefile"})
_FOLDER = re.compile(r"\d+_(.+?)(?:_QA)?(?:_XML)?")  # "6_NINDS_QA" -> "NINDS"


def sniff(head: bytes, path: Path) -> bool:
    root = safe_xml.root_name(head)
    return root is not None and root.lower() in _ROOTS and b"focus" in head.lower()


def parse(path: Path, source: str) -> SourceDocument:
    root = safe_xml.parse(path, source)
    if safe_xml.local_name(root) not in _ROOTS:
        raise ImportFailed(f"{source}: is not a MedQuAD document (its root element is <{root.tag}>)")
    attributes = {name.lower(): value.strip() for name, value in root.attrib.items()}
    collection = attributes.get("source") or attributes.get("corpus") or _folder_source(path)
    document_id = attributes.get("id") or attributes.get("docid") or attributes.get("fid") or path.stem
    url = attributes.get("url", "")
    focus = _first(root, "focus", "doctitle-focus")

    sections: list[Section] = []
    qtypes: list[str] = []
    pairs = [element for element in root.iter() if safe_xml.local_name(element) in ("qapair", "pair")]
    for pair in pairs:
        question_element = _child(pair, "question")
        question = " ".join(_text(question_element).split())
        answer = _paragraphs(_text(_child(pair, "answer")))
        qid = question_element.get("qid", "") if question_element is not None else ""
        qtype = question_element.get("qtype", "") if question_element is not None else ""
        if qtype and qtype not in qtypes:
            qtypes.append(qtype)
        if answer:
            record = qid or f"{document_id}-{pair.get('pid', '')}"  # every real pair has a qid
            sections.append(
                Section(
                    heading=question,
                    text=f"{question}\n\n{answer}" if question else answer,
                    record_id=f"{collection}_{record}",
                    url=url,
                )
            )
    if not pairs:
        raise ImportFailed(f"{source}: has no question-answer pairs")
    if not sections:
        raise ImportFailed(f"{source}: has no answered questions (every answer in it is empty)")

    skipped = len(pairs) - len(sections)
    metadata = {
        "source": collection,
        "document_id": document_id,
        "focus": focus,
        "qtypes": qtypes,
        "umls_cuis": _all(root, "cui"),
        "semantic_types": _all(root, "semantictype"),
        "semantic_group": _first(root, "semanticgroup"),
        "synonyms": _all(root, "synonym"),
        "category": _first(root, "category"),
        "skipped_empty_answers": skipped,
    }
    return SourceDocument(
        source=source,
        title=focus or title_from_name(source),
        format=FORMAT,
        sections=sections,
        url=url,
        metadata={key: value for key, value in metadata.items() if value or key == "skipped_empty_answers"},
        warnings=[f"skipped {skipped} question(s) with an empty answer"] if skipped else [],
    )


def _folder_source(path: Path) -> str:
    folder = path.resolve().parent.name
    match = _FOLDER.fullmatch(folder)
    return match.group(1) if match else folder


def _text(element: Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _paragraphs(text: str) -> str:
    """Trim the indentation MedQuAD leaves on every line and keep at most one blank line."""
    lines = "\n".join(line.strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines).strip()


def _child(element: Element, name: str) -> Element | None:
    return next((child for child in element if safe_xml.local_name(child) == name), None)


def _all(root: Element, name: str) -> list[str]:
    values = (" ".join(_text(e).split()) for e in root.iter() if safe_xml.local_name(e) == name)
    return [value for value in values if value]


def _first(root: Element, *names: str) -> str:
    return next((value for name in names for value in _all(root, name)), "")
