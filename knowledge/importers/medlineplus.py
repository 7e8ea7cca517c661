"""MedlinePlus health-topics XML (the published mplus_topics_YYYY-MM-DD.xml): one section per English topic.

Layout: <health-topics total date-generated> holding <health-topic id title url language meta-desc
date-created> elements, each with <also-called>, <full-summary> (escaped HTML), <group>,
<mesh-heading>, <see-reference>, <related-topic>, <site>... The file runs to tens of megabytes,
so it is read as a stream and each topic is dropped once converted.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from xml.etree.ElementTree import Element

from knowledge.documents import Section, SourceDocument
from knowledge.errors import ImportFailed
from knowledge.importers import html_text, safe_xml
from knowledge.importers.records import first_few

FORMAT = "medlineplus"
SUFFIXES = (".xml",)

_ROOT = "health-topics"
_TOPIC = "health-topic"
_LANGUAGE = "English"


def sniff(head: bytes, path: Path) -> bool:
    return safe_xml.root_name(head) == _ROOT


def parse(path: Path, source: str) -> SourceDocument:
    root: dict[str, str] | None = None  # the root element's attributes, once seen
    sections: list[Section] = []
    other_languages: Counter[str] = Counter()
    no_summary: list[str] = []
    for event, element in safe_xml.iterparse(path, source):
        if root is None:
            if element.tag != _ROOT:
                raise ImportFailed(f"{source}: is not a MedlinePlus file (its root is <{element.tag}>)")
            root = dict(element.attrib)
        elif event == "end" and element.tag == _TOPIC:
            language = element.get("language", "")
            if language != _LANGUAGE:
                other_languages[language or "no language"] += 1
            else:
                section = _topic(element, source)
                if section.text:
                    sections.append(section)
                else:
                    no_summary.append(section.heading or section.record_id)
            element.clear()  # keep memory flat: the topic is converted
    if root is None or not sections:
        raise ImportFailed(f"{source}: has no English health topics with a summary")

    warnings: list[str] = []
    if other_languages:
        counts = ", ".join(f"{language}: {n}" for language, n in sorted(other_languages.items()))
        warnings.append(f"skipped {other_languages.total()} topic(s) not in English ({counts})")
    if no_summary:
        warnings.append(f"skipped {len(no_summary)} topic(s) with no summary ({first_few(no_summary)})")
    return SourceDocument(
        source=source,
        title="MedlinePlus health topics",
        format=FORMAT,
        sections=sections,
        url="https://medlineplus.gov/healthtopics.html",
        metadata={
            "date_generated": root.get("date-generated", ""),
            "total_topics": root.get("total", ""),
            "topics_imported": len(sections),
            "skipped_other_language": other_languages.total(),
            "skipped_no_summary": len(no_summary),
        },
        warnings=warnings,
    )


def _topic(topic: Element, source: str) -> Section:
    summary = html_text.to_text(topic.findtext("full-summary") or "", source)
    also_called = [" ".join((a.text or "").split()) for a in topic.findall("also-called")]
    also_called = [name for name in also_called if name]
    if summary and also_called:
        summary += f"\n\nAlso called: {', '.join(also_called)}"
    return Section(
        heading=" ".join(topic.get("title", "").split()),
        text=summary,
        record_id=topic.get("id", ""),
        url=topic.get("url", ""),
    )
