"""Medical NER: corpus reading, label alignment, span merging, and the model end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.errors import ConfigError, ModelNotFound
from engine.ner import MedicalNER, merge_spans, split_words, windows
from engine.training.data import IGNORE, LABEL2ID, align_labels, harmonise, parse_conll, split_file
from engine.types import Entity

BC5CDR_SAMPLE = "Selegiline\tB-Chemical\n-\tO\ninduced\tO\npostural\tB-Disease\n" \
                "hypotension\tI-Disease\n\n\nNaloxone\tB-Chemical\n"


def test_parse_conll_harmonises_bc5cdr_types():
    sentences = parse_conll(BC5CDR_SAMPLE.splitlines(keepends=True))
    assert [s.tokens for s in sentences] == [
        ["Selegiline", "-", "induced", "postural", "hypotension"], ["Naloxone"]]
    assert sentences[0].tags == ["B-DRUG", "O", "O", "B-DISEASE", "I-DISEASE"]
    assert sentences[1].tags == ["B-DRUG"]


def test_harmonise_ncbi_and_repairs_orphan_inside_tags():
    assert harmonise(["O", "B-Disease", "I-Disease"]) == ["O", "B-DISEASE", "I-DISEASE"]
    assert harmonise(["O", "I-Disease", "I-Chemical", "B-Gene"]) == [
        "O", "B-DISEASE", "B-DRUG", "O"]


def test_split_file_takes_test_tsv_of_a_folder(tmp_path):
    (tmp_path / "test.tsv").write_text("a\tO\n", encoding="utf-8")
    assert split_file(tmp_path, "test") == tmp_path / "test.tsv"
    assert split_file(tmp_path / "test.tsv", "train") == tmp_path / "test.tsv"


def test_align_labels_marks_first_sub_token_only():
    # [CLS] met ##formin helps [SEP]  -> word ids None 0 0 1 None
    labels = align_labels([None, 0, 0, 1, None], ["B-DRUG", "O"])
    assert labels == [IGNORE, LABEL2ID["B-DRUG"], IGNORE, LABEL2ID["O"], IGNORE]


def test_merge_spans_joins_b_and_i_and_splits_on_type_change():
    tags = ["O", "B-DISEASE", "I-DISEASE", "I-DRUG", "O", "I-DISEASE", "B-DRUG", "B-DRUG"]
    scores = [1.0, 0.8, 0.6, 0.9, 1.0, 0.5, 0.7, 0.9]
    spans = merge_spans(tags, scores)
    assert [(s.first, s.last, s.label) for s in spans] == [
        (1, 2, "DISEASE"), (3, 3, "DRUG"), (5, 5, "DISEASE"), (6, 6, "DRUG"), (7, 7, "DRUG")]
    assert spans[0].score == pytest.approx(0.7)


def test_split_words_keeps_offsets():
    text = "I take metformin, twice."
    assert [(w.text, text[w.start:w.end]) for w in split_words(text)] == [
        ("I", "I"), ("take", "take"), ("metformin", "metformin"), (",", ","),
        ("twice", "twice"), (".", ".")]


def test_windows_cover_every_word_within_the_limit():
    pieces = [1, 3, 2, 1, 1, 4, 2, 1, 1, 1]
    ranges = windows(pieces, limit=5)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(pieces)
    covered = {i for start, end in ranges for i in range(start, end)}
    assert covered == set(range(len(pieces)))
    for start, end in ranges:
        assert sum(pieces[start:end]) <= 5 or end - start == 1
    assert windows([2, 2], limit=10) == [(0, 2)]


def test_missing_model_folder_is_a_clear_error(tmp_path):
    ner = MedicalNER(tmp_path / "nowhere")  # the constructor reads nothing
    with pytest.raises(ModelNotFound, match="careqa ner train"):
        ner.load()


# --- integration ---------------------------------------------------------------------------

DRUGS = ["metformin", "insulin", "aspirin", "ibuprofen", "warfarin"]
DISEASES = [["diabetes"], ["asthma"], ["heart", "failure"], ["migraine"], ["hypertension"]]


def _synthetic_corpus(folder: Path, n: int) -> None:
    lines = []
    for i in range(n):
        drug, disease = DRUGS[i % len(DRUGS)], DISEASES[(i // 2) % len(DISEASES)]
        lines += ["Patients", "O"], [drug, "B-Chemical"], ["helped", "O"], ["their", "O"]
        lines += [[w, ("B-" if j == 0 else "I-") + "Disease"] for j, w in enumerate(disease)]
        lines += [[".", "O"], ["", ""]]
    text = "\n".join("\t".join(pair) if pair[0] else "" for pair in lines) + "\n"
    folder.mkdir(parents=True)
    for split in ("train", "devel", "test"):
        (folder / f"{split}.tsv").write_text(text, encoding="utf-8")


@pytest.mark.integration
def test_train_save_and_annotate_end_to_end(tmp_path):
    from engine.training.evaluate import evaluate_path
    from engine.training.train import TrainConfig, train

    _synthetic_corpus(tmp_path / "tiny", 50)
    out = tmp_path / "model"
    summary = train(TrainConfig(data=[tmp_path / "tiny"], out=out, epochs=1, batch_size=8,
                                lr=5e-4, max_steps=7, command="pytest"))
    assert summary["best_epoch"] == 1
    for name in ("model.safetensors", "config.json", "tokenizer.json", "labels.json",
                 "lexicon.json", "training.json", "scores.json", "README.md"):
        assert (out / name).is_file(), name
    assert json.loads((out / "labels.json").read_text())["labels"][0] == "O"
    card = (out / "README.md").read_text()
    assert "pytest" in card and "| int8 |" in card and "| bnb-nf4 |" in card
    assert set(summary["test"]) == {"fp32", "int8", "bnb-int8", "bnb-nf4"}

    # Continued from the saved model: its record and command travel into the new card.
    again = tmp_path / "continued"
    train(TrainConfig(data=[tmp_path / "tiny"], base=out, out=again, epochs=1, batch_size=8,
                      lr=1e-4, max_steps=3, command="pytest again"))
    assert json.loads((again / "training.json").read_text())["base_training"]["config"][
        "command"] == "pytest"
    assert "```\npytest\npytest again\n" in (again / "README.md").read_text()

    # A final fit on the devel split too: nothing held out, so the recipe run's record (which
    # chose the epochs) goes into the card, and the last epoch is kept.
    final = tmp_path / "final"
    train(TrainConfig(data=[tmp_path / "tiny"], base=out, out=final, epochs=1, batch_size=8,
                      lr=1e-4, max_steps=3, extra_train=[tmp_path / "tiny" / "devel.tsv"],
                      recipe=again, command="pytest final"))
    record = json.loads((final / "training.json").read_text())
    assert record["devel"] == {} and record["recipe_training"]["config"]["command"] == "pytest again"
    final_card = (final / "README.md").read_text()
    assert "Recipe run (devel held out" in final_card and "no devel F1" in final_card
    assert "# the recipe run, for its devel history: pytest again\npytest final\n" in final_card
    with pytest.raises(ConfigError, match="recipe"):
        train(TrainConfig(data=[tmp_path / "tiny"], out=tmp_path / "x", epochs=1, max_steps=1,
                          recipe=tmp_path / "missing"))

    ner = MedicalNER(out)
    text = "Patients with asthma   took aspirin.  " + "More words here. " * 60
    ner.max_length = 32  # force several windows
    [entities, empty] = ner.annotate([text, ""])
    assert empty == []
    assert all(isinstance(e, Entity) for e in entities)
    for e in entities:
        assert text[e.start:e.end] == e.text and e.label in ("DISEASE", "DRUG")
        assert 0.0 < e.score <= 1.0
    assert "f1" in evaluate_path(ner, tmp_path / "tiny")["micro"]
    ner.close()
