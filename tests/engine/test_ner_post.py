"""NER post-processing and options, no model: BIO repair, lexicon, consistency, quantization."""

from __future__ import annotations

import pytest

from engine.errors import ConfigError
from engine.ner import (
    QUANTIZATIONS,
    Lexicon,
    MedicalNER,
    Span,
    apply_lexicon,
    build_lexicon,
    fix_bio,
    merge_spans,
    quantize_int8,
    spans_to_tags,
    windows,
)


def test_fix_bio_drops_orphan_inside_after_o_and_starts_span_on_type_change():
    assert fix_bio(["I-DISEASE", "I-DISEASE", "O"]) == ["O", "O", "O"]
    assert fix_bio(["O", "I-DRUG", "B-DRUG", "I-DRUG"]) == ["O", "O", "B-DRUG", "I-DRUG"]
    assert fix_bio(["B-DRUG", "I-DISEASE", "I-DISEASE"]) == ["B-DRUG", "B-DISEASE", "I-DISEASE"]
    assert fix_bio(["B-DRUG", "X", "I-DRUG"]) == ["B-DRUG", "O", "O"]
    legal = ["O", "B-DISEASE", "I-DISEASE", "B-DRUG", "B-DRUG", "I-DRUG", "O"]
    assert fix_bio(legal) == legal


def test_spans_to_tags_inverts_merge_spans():
    tags = ["B-DRUG", "O", "B-DISEASE", "I-DISEASE", "I-DISEASE", "B-DRUG"]
    spans = merge_spans(tags, [1.0] * len(tags))
    assert spans_to_tags(spans, len(tags)) == tags
    assert spans_to_tags([Span(1, 1, "DRUG", 1.0)], 3) == ["O", "B-DRUG", "O"]


def test_windows_single_long_word_and_empty():
    assert windows([9], limit=4) == [(0, 1)]
    assert windows([], limit=4) == [(0, 0)]


def _sentence(text: str, tags: str) -> tuple[list[str], list[str]]:
    return text.split(), tags.split()


def test_build_lexicon_keeps_consistent_strings_only():
    train = [
        _sentence("aspirin causes ulcers", "B-DRUG O B-DISEASE"),
        _sentence("Aspirin again", "B-DRUG O"),
        _sentence("pain and pain", "B-DISEASE O O"),  # "pain": tagged 2 of 3 times
        _sentence("pain relief", "B-DISEASE O"),
        _sentence("the ulcers", "O O"),  # "ulcers": 1 of 2 -> dropped
        _sentence("heart failure heart failure", "B-DISEASE I-DISEASE B-DISEASE I-DISEASE"),
        _sentence("x x", "B-DRUG B-DRUG"),  # too short
    ]
    lexicon = build_lexicon(train, min_count=2, min_precision=0.8)
    assert lexicon.entries == {"aspirin": "DRUG", "heart failure": "DISEASE"}
    assert len(build_lexicon(train, min_count=2, min_precision=0.6)) == 3  # + pain


def test_lexicon_matches_leftmost_longest_and_round_trips(tmp_path):
    lexicon = Lexicon({"heart failure": "DISEASE", "heart": "DISEASE", "digoxin": "DRUG"})
    words = "Digoxin for congestive heart failure and heart".split()
    assert [(s.first, s.last, s.label) for s in lexicon.matches(words)] == [
        (0, 0, "DRUG"), (3, 4, "DISEASE"), (6, 6, "DISEASE")]
    path = tmp_path / "lexicon.json"
    lexicon.write(path, note="test")
    assert Lexicon.read(path).entries == lexicon.entries
    assert Lexicon.read(tmp_path / "missing.json") is None


def test_apply_lexicon_adds_only_where_the_model_tagged_nothing():
    lexicon = Lexicon({"heart failure": "DISEASE", "digoxin": "DRUG", "failure": "DISEASE"})
    words = "digoxin for heart failure and renal failure".split()
    tags = ["O", "O", "O", "O", "O", "B-DISEASE", "I-DISEASE"]
    assert apply_lexicon(words, tags, lexicon) == [
        "B-DRUG", "O", "B-DISEASE", "I-DISEASE", "O", "B-DISEASE", "I-DISEASE"]
    # a partial overlap with a model span is left alone
    tags = ["O", "O", "B-DISEASE", "O", "O", "O", "O"]
    assert apply_lexicon(words, tags, lexicon, consistent=False)[2:4] == ["B-DISEASE", "O"]


def test_apply_lexicon_consistency_within_a_text():
    words = "Migraine is common ; migraine with aura is rarer".split()
    tags = ["B-DISEASE"] + ["O"] * 8
    assert apply_lexicon(words, tags, None)[4] == "B-DISEASE"
    assert apply_lexicon(words, tags, None, consistent=False) == tags


def test_a_texts_own_span_outranks_the_lexicon_and_long_entries_match():
    lexicon = Lexicon({"heart": "DRUG", "acute heart failure with preserved ejection": "DISEASE"})
    assert lexicon.longest == {"heart": 1, "acute": 6}
    words = "acute heart failure with preserved ejection ; later heart failure and heart".split()
    tags = ["O"] * 7 + ["O", "B-DISEASE", "I-DISEASE", "O", "O"]
    # the lexicon's six-word entry, then the repeat of "heart failure" tagged in this text
    assert apply_lexicon(words, tags, lexicon) == [
        "B-DISEASE", *["I-DISEASE"] * 5, "O", "O", "B-DISEASE", "I-DISEASE", "O", "B-DRUG"]
    tags = ["O"] * 11 + ["B-DISEASE"]  # the text tags "heart" as a disease: that wins
    assert apply_lexicon(words, tags, lexicon)[8] == "B-DISEASE"


def test_quantization_option_is_checked():
    assert QUANTIZATIONS[0] == "int8"
    for name in QUANTIZATIONS:
        assert MedicalNER(quantization=name).quantization == name
    with pytest.raises(ConfigError, match="quantization"):
        MedicalNER(quantization="int4")


def test_int8_keeps_the_classifier_and_the_first_layer_in_fp32():
    import torch
    from transformers import BertConfig, BertForTokenClassification

    config = BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=12, num_attention_heads=2,
                        intermediate_size=32, num_labels=5)
    quantized = quantize_int8(BertForTokenClassification(config).eval())
    kinds = {name: "int8" if "quantized" in type(module).__module__ else "fp32"
             for name, module in quantized.named_modules() if type(module).__name__ == "Linear"}
    fp32 = {name for name, kind in kinds.items() if kind == "fp32"}
    assert fp32 == {"classifier", *(f"bert.encoder.layer.0.{part}" for part in (
        "attention.self.query", "attention.self.key", "attention.self.value",
        "attention.output.dense", "intermediate.dense", "output.dense"))}
    # "encoder.layer.0" is a whole name part: layer 10's modules are quantized
    assert all(kinds[name] == "int8" for name in kinds if ".layer.10." in name)
    with torch.inference_mode():
        assert quantized(input_ids=torch.tensor([[1, 2, 3]])).logits.shape == (1, 3, 5)
