"""Entity-level strict precision / recall / F1 per type (seqeval, IOB2) of a `MedicalNER`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.ner import MedicalNER
from engine.training.data import Sentence, read_conll, split_file


def score(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """{type: {precision, recall, f1, support}} plus "micro" over all types."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    report = classification_report([list(g) for g in gold], [list(p) for p in predicted],
                                   mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    out: dict[str, Any] = {}
    for name, row in report.items():
        key = "micro" if name == "micro avg" else name
        if key in ("macro avg", "weighted avg"):
            continue
        out[key] = {"precision": round(float(row["precision"]), 4),
                    "recall": round(float(row["recall"]), 4),
                    "f1": round(float(row["f1-score"]), 4), "support": int(row["support"])}
    return out


def evaluate_sentences(ner: MedicalNER, sentences: Sequence[Sentence]) -> dict[str, Any]:
    predicted = [tags for tags, _ in ner.predict_words([s.tokens for s in sentences])]
    return score([s.tags for s in sentences], predicted)


def evaluate_path(ner: MedicalNER, data: Path) -> dict[str, Any]:
    """Scores on a CoNLL file, or on test.tsv of a corpus folder."""
    path = split_file(data, "test")
    result = evaluate_sentences(ner, read_conll(path))
    result["file"] = str(path)
    return result


def format_table(name: str, result: dict[str, Any]) -> str:
    lines = [f"{name}", f"  {'type':<10}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for key, row in result.items():
        if isinstance(row, dict):
            lines.append(f"  {key:<10}{row['precision']:>10.4f}{row['recall']:>10.4f}"
                         f"{row['f1']:>10.4f}{row['support']:>9d}")
    return "\n".join(lines)


def report(ner: MedicalNER, data: Sequence[Path], as_json: bool) -> str:
    results = {str(d): evaluate_path(ner, Path(d)) for d in data}
    if as_json:
        return json.dumps({"model": str(ner.model_dir),
                           "quantization": ner.quantization,
                           "results": results}, indent=2)
    return "\n".join(format_table(name, result) for name, result in results.items())
