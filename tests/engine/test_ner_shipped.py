"""The shipped NER model (engine/models/ner/), loaded offline from the package, and
`careqa ner annotate`."""

from __future__ import annotations

import json
import os

import pytest

from engine.ner import DEFAULT_MODEL_DIR, MedicalNER

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "config.json").is_file(),
                       reason="no NER model shipped in engine/models/ner"),
]

TEXT = "My father has type 2 diabetes and takes metformin twice a day."


@pytest.fixture(scope="module")
def ner():
    model = MedicalNER()  # the default: the shipped folder, default quantization
    model.load()
    yield model
    model.close()


def test_shipped_folder_is_complete_and_small():
    names = {p.name for p in DEFAULT_MODEL_DIR.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
            "labels.json", "lexicon.json", "README.md"} <= names
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir() if p.is_file())
    assert size < 60_000_000
    labels = json.loads((DEFAULT_MODEL_DIR / "labels.json").read_text())["labels"]
    assert labels == ["O", "B-DISEASE", "I-DISEASE", "B-DRUG", "I-DRUG"]
    card = (DEFAULT_MODEL_DIR / "README.md").read_text()
    assert "NCBI-disease" in card and "BC5CDR" in card and "sentences/s" in card


def test_loads_offline_by_default(ner):
    assert ner.model_dir == DEFAULT_MODEL_DIR
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    assert ner.quantization == "int8"


def test_finds_disease_and_drug_with_offsets(ner):
    [entities] = ner.annotate([TEXT])
    found = {(e.text, e.label, e.start, e.end) for e in entities}
    start = TEXT.index("type 2 diabetes")
    assert ("type 2 diabetes", "DISEASE", start, start + len("type 2 diabetes")) in found
    start = TEXT.index("metformin")
    assert ("metformin", "DRUG", start, start + len("metformin")) in found
    for e in entities:
        assert TEXT[e.start:e.end] == e.text and 0.0 < e.score <= 1.0


def test_more_texts_and_fp32(ner):
    texts = ["Aspirin can cause stomach ulcers.", "", "Asthma attacks were treated with "
             "salbutamol.", "Nothing medical here."]
    results = ner.annotate(texts)
    assert results[1] == [] and len(results) == 4
    assert ("Aspirin", "DRUG") in {(e.text, e.label) for e in results[0]}
    assert ("salbutamol", "DRUG") in {(e.text, e.label) for e in results[2]}
    fp32 = MedicalNER(quantization="fp32")
    [entities] = fp32.annotate([TEXT])
    assert {"type 2 diabetes", "metformin"} <= {e.text for e in entities}
    fp32.close()


def test_cli_annotate_text_and_batch(tmp_path, capsys):
    from engine.cli.ner import main

    assert main(["ner", "annotate", TEXT]) == 0
    out = capsys.readouterr().out
    assert "DISEASE" in out and "type 2 diabetes" in out and "metformin" in out
    assert f"{TEXT.index('metformin')}-{TEXT.index('metformin') + 9}" in out

    assert main(["ner", "annotate", TEXT, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"text": "metformin", "label": "DRUG"}.items() <= next(
        e for e in data["entities"] if e["text"] == "metformin").items()

    batch = tmp_path / "texts.txt"
    batch.write_text(f"{TEXT}\n\nIbuprofen helps with migraine.\n", encoding="utf-8")
    assert main(["ner", "annotate", "--batch", str(batch), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    rows = [json.loads(line) for line in lines]
    assert rows[1] == {"text": "", "entities": []}
    assert {e["label"] for e in rows[0]["entities"]} == {"DISEASE", "DRUG"}
    for row in rows:
        for e in row["entities"]:
            assert row["text"][e["start"]:e["end"]] == e["text"]


def test_cli_annotate_needs_text_or_batch():
    from engine.cli.ner import main
    from engine.errors import ConfigError

    with pytest.raises(ConfigError):
        main(["ner", "annotate"])
