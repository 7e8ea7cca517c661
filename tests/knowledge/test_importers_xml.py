"""MedQuAD and MedlinePlus XML, and XML that must be refused (invalid, entity tricks)."""

from pathlib import Path

import pytest

from engine.errors import ImportFailed
from knowledge.importers import detect_format, read_document

SAMPLES = Path(__file__).parent / "samples"
MEDQUAD = Path("/work/shared/data/medquad")  # the real collection, where this machine has it

NINDS_VARIANT = """<?xml version="1.0" encoding="UTF-8"?>
<doc docid="0000007" url="https://clinic.example/ninds/7">
<doctitle-focus>Restless legs</doctitle-focus>
<qaPairs>
<pair pid="1">
<question qid="0000007-1" qtype="information">what is restless legs syndrome ?</question>
<answer>An urge to move the legs, mostly in the evening.</answer>
</pair>
</qaPairs>
</doc>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document id="1" source="X"><Focus>&lol3;</Focus><QAPairs/></Document>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE health-topics [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<health-topics><health-topic language="English" title="x">&secret;</health-topic></health-topics>
"""


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_medquad_sample_one_section_per_answered_question():
    doc = read_document(SAMPLES / "medquad" / "5_SAMPLE_QA" / "0000042.xml")
    assert doc.format == "medquad" and doc.title == "Heat exhaustion"
    assert doc.url == "https://clinic.example/medquad/heat-exhaustion"
    assert [s.record_id for s in doc.sections] == ["SAMPLE_0000042-1", "SAMPLE_0000042-3"]
    first = doc.sections[0]
    assert first.heading == "What is (are) Heat exhaustion ?" and first.url == doc.url
    assert first.text == (
        "What is (are) Heat exhaustion ?\n\n"
        "Heat exhaustion happens when the body loses too much water and salt in hot weather.\n\n"
        "It is a warning sign that the body cannot cool itself."
    )
    assert doc.metadata == {
        "source": "SAMPLE",
        "document_id": "0000042",
        "focus": "Heat exhaustion",
        "qtypes": ["information", "symptoms", "treatment"],
        "umls_cuis": ["C0000001", "C0000002"],
        "semantic_types": ["T037"],
        "semantic_group": "Disorders",
        "synonyms": ["Heat prostration"],
        "category": "Disease",
        "skipped_empty_answers": 1,
    }
    assert doc.warnings == ["skipped 1 question(s) with an empty answer"]


def test_medquad_without_a_source_attribute_takes_the_folder_name(tmp_path):
    path = write(tmp_path / "6_NINDS_QA" / "0000007.xml", NINDS_VARIANT)
    doc = read_document(path)
    assert doc.title == "Restless legs" and doc.metadata["source"] == "NINDS"
    assert [s.record_id for s in doc.sections] == ["NINDS_0000007-1"]


def test_medquad_with_every_answer_removed_is_refused(tmp_path):
    content = """<Document id="0000001" source="ADAM" url="https://clinic.example/1">
<!--Answers were removed-->
<Focus>Cast care</Focus>
<QAPairs>
<QAPair pid="1"><Question qid="0000001-1" qtype="information">What is a cast ?</Question>
<Answer></Answer></QAPair>
<QAPair pid="2"><Question qid="0000001-2" qtype="treatment">How to care ?</Question>
<Answer> </Answer></QAPair>
</QAPairs>
</Document>"""
    with pytest.raises(ImportFailed, match="has no answered questions"):
        read_document(write(tmp_path / "10_MPlus_ADAM_QA" / "0000001.xml", content))


@pytest.mark.skipif(not MEDQUAD.is_dir(), reason="the MedQuAD collection is not on this machine")
def test_real_medquad_files():
    acromegaly = read_document(MEDQUAD / "5_NIDDK_QA" / "0000001.xml")
    assert acromegaly.title == "Acromegaly" and acromegaly.sections[0].record_id == "NIDDK_0000001-1"
    assert acromegaly.metadata["umls_cuis"] == ["C0001206"] and acromegaly.url.startswith("http://www.niddk")
    holmes_adie = read_document(MEDQUAD / "6_NINDS_QA" / "0000007.xml")  # <doc> variant, no source
    assert holmes_adie.title == "Holmes-Adie" and holmes_adie.sections[0].record_id == "NINDS_0000007-1"
    cdc = read_document(MEDQUAD / "9_CDC_QA" / "0000397.xml")  # <DiseaseFile> variant
    assert cdc.title == "Parasites - Taeniasis" and cdc.sections[0].record_id == "CDC_0000397-1"
    adam = sorted((MEDQUAD / "10_MPlus_ADAM_QA").glob("*.xml"))[:3]
    for path in adam:
        with pytest.raises(ImportFailed, match="has no answered questions"):
            read_document(path)


def test_medlineplus_sample_english_topics_with_summary_as_text():
    doc = read_document(SAMPLES / "mplus_topics_2026-01-05.xml")
    assert doc.format == "medlineplus" and doc.title == "MedlinePlus health topics"
    assert [(s.record_id, s.heading, s.url) for s in doc.sections] == [
        ("9001", "Sunburn", "https://medlineplus.gov/sunburn.html"),
        ("9003", "Dehydration", "https://medlineplus.gov/dehydration.html"),
    ]
    assert doc.sections[0].text == (
        "A sunburn is red, painful skin caused by too much sun.\n\nPrevention\n\n"
        "- Use sunscreen.\n- Wear a hat.\n\nAlso called: Sun poisoning, Solar erythema"
    )
    assert doc.metadata == {
        "date_generated": "01/05/2026 02:30:08",
        "total_topics": "4",
        "topics_imported": 2,
        "skipped_other_language": 1,
        "skipped_no_summary": 1,
    }
    assert doc.warnings == [
        "skipped 1 topic(s) not in English (Spanish: 1)",
        "skipped 1 topic(s) with no summary (Empty Topic)",
    ]


def test_medlineplus_with_only_spanish_topics_is_refused(tmp_path):
    path = write(
        tmp_path / "mplus_topics_es.xml",
        '<health-topics total="1" date-generated="x"><health-topic id="1" title="Gripe" language="Spanish">'
        "<full-summary>&lt;p&gt;La gripe.&lt;/p&gt;</full-summary></health-topic></health-topics>",
    )
    with pytest.raises(ImportFailed, match="no English health topics"):
        read_document(path)


def test_xml_formats_are_recognised_under_any_name(tmp_path):
    medquad = write(tmp_path / "qa.txt", (SAMPLES / "medquad" / "5_SAMPLE_QA" / "0000042.xml").read_text())
    topics = write(tmp_path / "topics.md", (SAMPLES / "mplus_topics_2026-01-05.xml").read_text())
    assert detect_format(medquad) == "medquad" and read_document(medquad).sections
    assert detect_format(topics) == "medlineplus" and read_document(topics).sections


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.xml", '<Document id="1"><Focus>Flu</Focus>\n<QAPairs>\n</Document>', r"XML \(line 3\)"),
        ("topics.xml", '<health-topics total="1">\n<health-topic>', r"is not valid XML \(line 2\)"),
        ("laughs.xml", BILLION_LAUGHS, "entity declarations, which are refused for safety"),
        ("xxe.xml", EXTERNAL_ENTITY, "entity declarations, which are refused for safety"),
        ("random.xml", "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", "refused for safety"),
    ],
)
def test_hostile_or_broken_xml_is_refused(tmp_path, name, content, reason):
    path = write(tmp_path / name, content)
    with pytest.raises(ImportFailed, match=reason) as refused:
        read_document(path)
    assert str(refused.value).startswith(f"{path}: ")
