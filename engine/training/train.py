"""Fine-tune a token classifier (default: the packaged all-MiniLM-L6-v2) for DISEASE / DRUG.

A plain PyTorch loop: train splits of all corpora together, entity F1 on their devel splits
after each epoch, early stopping, the best epoch written with `save_pretrained` (safetensors,
fp16 by default to keep the shipped folder small), the tokenizer, `label_map.json` and a
`MODEL_CARD.md` with the scores of the saved model.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import random
import shlex
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.ner import DEFAULT_MODEL_DIR, MedicalNER
from engine.training.data import IGNORE, LABEL2ID, LABELS, Sentence, align_labels, read_split
from engine.training.evaluate import evaluate_sentences, score

log = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    data: list[Path]
    base: Path | None = None  # None: the packaged all-MiniLM-L6-v2 folder
    out: Path = DEFAULT_MODEL_DIR
    epochs: int = 3
    seed: int = 13
    batch_size: int = 32
    lr: float = 5e-5
    max_length: int = 128
    warmup: float = 0.1
    weight_decay: float = 0.01
    patience: int = 2
    fp16: bool = True  # weights saved in fp16 (loaded back as fp32)
    max_steps: int | None = None  # stop early (tests, timing)
    threads: int = 2
    command: str = field(default_factory=lambda: shlex.join(sys.argv))


def set_seed(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def encode(tokenizer: Any, sentences: list[Sentence], max_length: int) -> list[dict[str, list]]:
    enc = tokenizer([s.tokens for s in sentences], is_split_into_words=True, truncation=True,
                    max_length=max_length)
    return [{"input_ids": enc["input_ids"][i], "attention_mask": enc["attention_mask"][i],
             "labels": align_labels(enc.word_ids(i), s.tags)} for i, s in enumerate(sentences)]


def length_batches(lengths: list[int], batch_size: int, seed: int, pool: int = 50
                   ) -> list[list[int]]:
    """Shuffled batches of similar lengths (less padding): shuffle, sort within pools of
    `pool` batches, cut into batches, shuffle the batches."""
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    for i in range(0, len(order), batch_size * pool):
        chunk = sorted(order[i:i + batch_size * pool], key=lengths.__getitem__)
        batches.extend(chunk[j:j + batch_size] for j in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def collate(rows: list[dict[str, list]]) -> dict[str, Any]:
    import torch

    width = max(len(r["input_ids"]) for r in rows)
    pad = {"input_ids": 0, "attention_mask": 0, "labels": IGNORE}
    return {key: torch.tensor([r[key] + [value] * (width - len(r[key])) for r in rows])
            for key, value in pad.items()}


def devel_scores(model: Any, tokenizer: Any, devel: dict[str, list[Sentence]]
                 ) -> dict[str, Any]:
    """Scores per corpus and pooled ("all") of an in-memory model, read back from a temporary
    folder through `MedicalNER` so that devel scores come from the same code as annotate()."""
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        ner = MedicalNER(Path(tmp), quantize=False)
        sentences = [s for sents in devel.values() for s in sents]
        predicted = [tags for tags, _ in ner.predict_words([s.tokens for s in sentences])]
        ner.close()
    out, i = {}, 0
    for name, sents in devel.items():
        out[name] = score([s.tags for s in sents], predicted[i:i + len(sents)])
        i += len(sents)
    out["all"] = score([s.tags for s in sentences], predicted)
    return out


def train(cfg: TrainConfig) -> dict[str, Any]:
    import torch
    from torch.utils.data import DataLoader
    from tqdm import tqdm
    from transformers import AutoModelForTokenClassification, AutoTokenizer, get_linear_schedule_with_warmup

    from engine.embeddings import packaged_model_dir

    started = time.perf_counter()
    torch.set_num_threads(cfg.threads)
    set_seed(cfg.seed)
    base = Path(cfg.base) if cfg.base else packaged_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForTokenClassification.from_pretrained(
        base, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), label2id=LABEL2ID)
    train_rows = encode(tokenizer, read_split(cfg.data, "train"), cfg.max_length)
    devel = {Path(d).name: read_split([d], "devel") for d in cfg.data}
    lengths = [len(row["input_ids"]) for row in train_rows]
    per_epoch = len(length_batches(lengths, cfg.batch_size, cfg.seed))
    total = cfg.epochs * per_epoch if cfg.max_steps is None else min(
        cfg.max_steps, cfg.epochs * per_epoch)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    schedule = get_linear_schedule_with_warmup(optimizer, int(cfg.warmup * total), total)

    best: dict[str, Any] = {"f1": -1.0}
    history, step, stale = [], 0, 0
    bar = tqdm(total=total, desc="train", unit="step", dynamic_ncols=True)
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        order = length_batches(lengths, cfg.batch_size, cfg.seed + epoch)
        for batch in DataLoader(train_rows, batch_sampler=order, collate_fn=collate):
            loss = model(**batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            bar.update(1)
            bar.set_postfix(epoch=epoch, loss=f"{loss.item():.4f}")
            if step >= total:
                break
        model.eval()
        scores = devel_scores(model, tokenizer, devel)
        f1 = scores["all"]["micro"]["f1"]
        history.append({"epoch": epoch, "step": step, "devel_f1": round(f1, 4),
                        "seconds": round(time.perf_counter() - started, 1)})
        bar.write(f"epoch {epoch}: devel F1 {f1:.4f}")
        if f1 > best["f1"]:
            best = {"f1": f1, "epoch": epoch, "scores": scores,
                    "state": copy.deepcopy(model.state_dict())}
            stale = 0
        else:
            stale += 1
        if step >= total or stale >= cfg.patience:
            break
    bar.close()
    model.load_state_dict(best.pop("state"))
    train_seconds = time.perf_counter() - started
    save(model, tokenizer, cfg)
    test = evaluate_saved(cfg)
    summary = {"best_epoch": best["epoch"], "devel": best["scores"], "test": test,
               "history": history, "train_seconds": round(train_seconds, 1),
               "train_sentences": len(train_rows)}
    write_card(cfg, base, summary)
    return summary


def save(model: Any, tokenizer: Any, cfg: TrainConfig) -> None:
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    (model.half() if cfg.fp16 else model).save_pretrained(out, safe_serialization=True)
    model.float()
    tokenizer.save_pretrained(out)
    label_map = {"labels": list(LABELS), "label2id": LABEL2ID,
                 "types": {"DISEASE": "NCBI Disease, BC5CDR Disease", "DRUG": "BC5CDR Chemical"}}
    (out / "label_map.json").write_text(json.dumps(label_map, indent=2) + "\n", encoding="utf-8")


def evaluate_saved(cfg: TrainConfig) -> dict[str, Any]:
    """Test scores of the saved folder, fp32 and int8, per corpus."""
    results: dict[str, Any] = {}
    for name, quantize in (("fp32", False), ("int8", True)):
        ner = MedicalNER(Path(cfg.out), quantize=quantize)
        results[name] = {Path(d).name: evaluate_sentences(ner, read_split([d], "test"))
                         for d in cfg.data}
        ner.close()
    return results


def _rows(scores: dict[str, Any]) -> list[str]:
    lines = []
    for corpus, result in scores.items():
        for kind, row in result.items():
            lines.append(f"| {corpus} | {kind} | {row['precision']:.4f} | {row['recall']:.4f} "
                         f"| {row['f1']:.4f} | {row['support']} |")
    return lines


def write_card(cfg: TrainConfig, base: Path, summary: dict[str, Any]) -> None:
    header = ["| corpus | type | precision | recall | F1 | support |", "|---|---|---|---|---|---|"]
    params = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(cfg).items()
              if k not in ("data", "out", "command", "base")}
    lines = [
        "# CareQA medical NER (DISEASE, DRUG)", "",
        f"Written by `engine.training.train` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} "
        "UTC.", "",
        f"Base model: `{base.name}` ({base}). Token classification, BIO over DISEASE and DRUG "
        "(BC5CDR Chemical -> DRUG; NCBI and BC5CDR Disease -> DISEASE); the first sub-token of "
        "each word carries the label.", "",
        "## Data", "",
        *[f"- `{d}`: train.tsv for training, devel.tsv for early stopping, test.tsv for the "
          "scores below" for d in cfg.data],
        f"- {summary['train_sentences']} training sentences in all.", "",
        "## Hyper-parameters", "", "```", json.dumps(params, indent=2), "```", "",
        f"Best epoch: {summary['best_epoch']}; training took {summary['train_seconds']} s "
        f"on {cfg.threads} CPU threads.", "",
        "History: " + json.dumps(summary["history"]), "",
        "## Devel scores (fp32, entity-level strict, seqeval IOB2)", "", *header,
        *_rows(summary["devel"]), "",
        "## Test scores, fp32", "", *header, *_rows(summary["test"]["fp32"]), "",
        "## Test scores, torch dynamic int8 (what `MedicalNER` loads by default)", "", *header,
        *_rows(summary["test"]["int8"]), "",
        "## Reproduce", "", "```", cfg.command, "```", "",
    ]
    (Path(cfg.out) / "MODEL_CARD.md").write_text("\n".join(lines), encoding="utf-8")
