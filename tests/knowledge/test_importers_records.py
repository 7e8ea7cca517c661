"""CSV and JSON Lines of question-and-answer records: one section per record, cited by its id."""

from pathlib import Path

import pytest

from engine.errors import ImportFailed
from knowledge.importers import read_document

SAMPLES = Path(__file__).parent / "samples"


def test_csv_sample_rows_become_sections():
    doc = read_document(SAMPLES / "faq.csv")
    assert doc.format == "csv" and doc.title == "faq" and doc.metadata == {"records": 2}
    assert [(s.record_id, s.heading, s.url) for s in doc.sections] == [
        ("faq-1", "Flu shots", "https://clinic.example/faq/flu"),
        ("faq-3", "Blood pressure, home readings", ""),
    ]
    assert doc.sections[1].text == (
        "Sit quietly for five minutes before you measure.\nUse the same arm each time."
    )
    assert doc.warnings == ["skipped 1 row(s) with no text (row 3)"]


def test_csv_with_semicolons_question_column_and_legacy_encoding(tmp_path):
    path = tmp_path / "fiches.csv"
    path.write_bytes(
        "ID;Question;Answer;Url\n"
        "7;Quand consulter pour une fièvre ?;Si elle dure plus de trois jours.;https://clinic.example/7\n"
        ";Faut-il boire ?;Oui, beaucoup d'eau.;\n".encode("cp1252")
    )
    doc = read_document(path)
    first, second = doc.sections
    assert first.heading == "Quand consulter pour une fièvre ?" and first.record_id == "7"
    assert first.text == "Quand consulter pour une fièvre ?\n\nSi elle dure plus de trois jours."
    assert second.record_id == "row 3" and second.url == ""
    assert any("cp1252" in w for w in doc.warnings)
    assert any("no id" in w for w in doc.warnings)


def test_csv_missing_columns_are_named(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,body\nx,y\n", encoding="utf-8")
    expected = r"missing column\(s\) id, title, text \(expected columns: id, title"
    with pytest.raises(ImportFailed, match=expected):
        read_document(path)


def test_csv_with_only_empty_answers_is_refused(tmp_path):
    path = tmp_path / "empty-answers.csv"
    path.write_text("id,title,text\n1,A,\n2,B,  \n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="no record has any text"):
        read_document(path)


def test_csv_that_breaks_the_csv_rules_is_refused(tmp_path):
    path = tmp_path / "huge-field.csv"
    path.write_text('id,title,text\n1,A,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(ImportFailed, match="is not a valid CSV file"):
        read_document(path)


def test_duplicate_ids_are_warned_about(tmp_path):
    path = tmp_path / "dupes.csv"
    path.write_text("id,title,text\n1,A,First.\n1,B,Second.\n", encoding="utf-8")
    doc = read_document(path)
    assert len(doc.sections) == 2 and any("used by more than one record (1)" in w for w in doc.warnings)


def test_jsonl_sample_records_and_warnings():
    doc = read_document(SAMPLES / "questions.jsonl")
    assert doc.format == "jsonl" and doc.metadata == {"records": 3}
    fever, sunscreen, hands = doc.sections
    assert (fever.record_id, fever.heading, fever.url) == ("q1", "Fever in adults", "https://clinic.example/fever")
    assert fever.text == (
        "When is a fever too high?\n\nCall your doctor if your temperature is 103 F (39.4 C) or higher."
    )
    assert sunscreen.text == "Use a broad-spectrum sunscreen with SPF 30 or higher."
    assert (hands.record_id, hands.heading) == ("4", "Hand washing")  # upper-case keys, a numeric id
    assert doc.warnings == [
        "skipped 2 line(s) that are not valid JSON records (line 4, 5)",
        "skipped 1 line(s) with no text (line 3)",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json\n{broken\n", r"no valid JSON records \(expected one JSON object per line; line 1"),
        ('{"id": 1, "title": "A"}\n', r"missing field\(s\) text"),
        ("[" * 100_000 + "\n", "no valid JSON records"),
    ],
    ids=["malformed", "no-text-field", "deeply-nested"],
)
def test_bad_jsonl_is_refused(tmp_path, content, reason):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailed, match=reason):
        read_document(path)
