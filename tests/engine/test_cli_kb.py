"""`careqa kb import | list | search --batch | remove` as a clinic's staff would run them."""

import json

import pytest

from tests.engine.test_cli import careqa

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def clinic_kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("clinic")
    docs = root / "handouts é"
    docs.mkdir()
    (docs / "gout diet.md").write_text(
        "# Gout\n\n## Food and drink\nDrinking water and limiting red meat and beer can help "
        "prevent gout flares. Cherries may help some people.\n")
    (docs / "shingles.txt").write_text(
        "Shingles vaccine\nAdults 50 and older should get the shingles vaccine, given as two "
        "shots. It prevents most cases of shingles and the nerve pain after it.\n")
    (docs / "junk.txt").write_bytes(b"\x00\x01\x02" * 50)
    kb = root / "kb"
    result = careqa("kb", "import", str(docs), "--collection", "clinic", "--tag", "handouts",
                    "--kb", str(kb))
    assert result.returncode == 1, result.stderr  # one file failed; the rest went in
    assert "imported 2 files" in result.stderr and "junk.txt" in result.stderr
    return kb, docs


def test_list_collections_and_documents(clinic_kb):
    kb, docs = clinic_kb
    result = careqa("kb", "list", "--json", "--kb", str(kb))
    assert json.loads(result.stdout)[0] | {"last_import": ""} == {
        "name": "clinic", "documents": 2, "passages": 2, "last_import": ""}
    result = careqa("kb", "list", "clinic", "--kb", str(kb))
    assert str(docs / "gout diet.md") in result.stdout and "Shingles vaccine" in result.stdout


def test_search_batch_prints_one_json_line_per_query(clinic_kb, tmp_path):
    kb, docs = clinic_kb
    queries = tmp_path / "queries.txt"
    queries.write_text("can cherries help gout\n\nshingles shot for older adults\n")
    result = careqa("kb", "search", "--batch", str(queries), "--k", "1", "--json", "--kb", str(kb))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["can cherries help gout",
                                                 "shingles shot for older adults"]
    assert lines[0]["passages"][0]["title"] == "Gout"
    assert lines[1]["passages"][0]["source"] == str(docs / "shingles.txt")
    assert lines[1]["passages"][0]["collection"] == "clinic"


def test_imports_are_tagged_and_browsable_by_disease(clinic_kb):
    kb, docs = clinic_kb  # imported with the shipped NER model
    result = careqa("kb", "entities", "--label", "DISEASE", "--json", "--kb", str(kb))
    diseases = {row["text"]: row for row in json.loads(result.stdout)}
    # The model reads "gout" or "gout flares" (models differ); either way the gout document.
    gout = [row for text, row in diseases.items() if "gout" in text.split()]
    assert gout and all(row["documents"] == 1 for row in gout)
    by_gout = careqa("kb", "list", "--entity", "Gout", "--kb", str(kb))
    assert str(docs / "gout diet.md") in by_gout.stdout and "shingles" not in by_gout.stdout
    assert careqa("kb", "list", "--entity", "no such disease", "--kb", str(kb)).returncode == 1


def test_reimport_is_a_no_op_and_remove_works(clinic_kb):
    kb, docs = clinic_kb
    again = careqa("kb", "import", str(docs / "shingles.txt"), "--collection", "clinic",
                   "--kb", str(kb))
    assert "imported 0 files" in again.stderr and "1 unchanged" in again.stderr
    assert careqa("kb", "remove", "nothing", "--kb", str(kb)).returncode == 1
    removed = careqa("kb", "remove", str(docs / "shingles.txt"), "--kb", str(kb))
    assert removed.returncode == 0 and "1 passages" in removed.stderr
    stats = json.loads(careqa("kb", "stats", "--json", "--kb", str(kb)).stdout)
    assert stats["documents"] == 1
    assert careqa("kb", "remove", "clinic", "--kb", str(kb)).returncode == 0
    assert json.loads(careqa("kb", "stats", "--json", "--kb", str(kb)).stdout)["documents"] == 0
