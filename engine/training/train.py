"""Fine-tune a token classifier (default: the packaged all-MiniLM-L6-v2) for DISEASE / DRUG.

A plain PyTorch loop (bf16 autocast on CPU, linear warmup and decay): the train splits of all
corpora together (plus `extra_train` files, e.g. BC5CDR's devel split for the final fit), entity
F1 on the devel splits not trained on after each epoch, early stopping, the best epoch written
with `save_pretrained` (safetensors, fp16 to keep the shipped folder small), the tokenizer,
`labels.json`, `lexicon.json` (entity strings of the training files) and `training.json`; then
`engine.training.card.finalize` scores it on the test splits and writes the model card.
"""

from __future__ import annotations

import copy
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

from engine.errors import ConfigError
from engine.ner import DEFAULT_MODEL_DIR, LEXICON_FILE, MedicalNER, build_lexicon
from engine.training.card import finalize, write_labels
from engine.training.data import IGNORE, LABEL2ID, LABELS, Sentence, align_labels, read_split, split_file
from engine.training.evaluate import score

log = logging.getLogger(__name__)
PAD_MULTIPLE = 8


@dataclass
class TrainConfig:
    data: list[Path]
    base: Path | None = None  # None: the packaged all-MiniLM-L6-v2 folder
    out: Path = DEFAULT_MODEL_DIR
    epochs: int = 5
    seed: int = 13
    batch_size: int = 32
    lr: float = 1.5e-4
    max_length: int = 128
    warmup: float = 0.1
    weight_decay: float = 0.01
    patience: int = 2
    fp16: bool = True  # weights saved in fp16 (loaded back as fp32)
    max_steps: int | None = None  # stop early (tests, timing)
    threads: int = 2
    finalize: bool = True  # test scores of every quantization, speed, and the model card
    bf16: bool = True  # bfloat16 autocast for the forward pass (fp32 master weights)
    # More training files, e.g. a corpus's devel.tsv for the final fit; a corpus whose devel
    # split is trained on is left out of early stopping (none left: the last epoch is kept).
    extra_train: list[Path] = field(default_factory=list)
    # A final fit that trains on every devel split has nothing to choose epochs on: `recipe` is
    # the training.json of the run, with a devel split held out, that chose them.
    recipe: Path | None = None
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
    batches: list[list[int]] = []
    for i in range(0, len(order), batch_size * pool):
        chunk = sorted(order[i:i + batch_size * pool], key=lengths.__getitem__)
        batches.extend(chunk[j:j + batch_size] for j in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def collate(rows: list[dict[str, list]]) -> dict[str, Any]:
    import torch

    width = max(len(r["input_ids"]) for r in rows)
    width = -(-width // PAD_MULTIPLE) * PAD_MULTIPLE  # few distinct shapes: oneDNN reuses kernels
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
        ner = MedicalNER(Path(tmp), quantization="fp32", postprocess=False)
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

    recipe = recipe_training(cfg.recipe)  # read first: a bad path fails before the training
    started = time.perf_counter()
    torch.set_num_threads(cfg.threads)
    set_seed(cfg.seed)
    base = Path(cfg.base) if cfg.base else packaged_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    # fp32 master weights whatever the checkpoint holds (a shipped model is stored in fp16).
    model = AutoModelForTokenClassification.from_pretrained(
        base, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), label2id=LABEL2ID,
        dtype=torch.float32)
    train_sentences = read_split(cfg.data, "train") + read_split(cfg.extra_train, "train")
    train_rows = encode(tokenizer, train_sentences, cfg.max_length)
    seen = {Path(f).resolve() for f in cfg.extra_train}
    devel = {Path(d).name: read_split([d], "devel") for d in cfg.data
             if split_file(d, "devel").resolve() not in seen}
    devel_seen = not devel
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
        # torch indexes any sized sequence; its annotation asks for a Dataset subclass.
        for batch in DataLoader(train_rows, batch_sampler=order,  # type: ignore[arg-type]
                                collate_fn=collate):
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=cfg.bf16):
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
        scores = devel_scores(model, tokenizer, devel) if devel else {}
        f1 = scores["all"]["micro"]["f1"] if devel else 0.0
        history.append({"epoch": epoch, "step": step, "devel_f1": round(f1, 4),
                        "seconds": round(time.perf_counter() - started, 1)})
        bar.write(f"epoch {epoch}: devel F1 {f1:.4f}")
        if f1 > best["f1"] or devel_seen:  # devel in training: keep the last epoch
            best = {"f1": f1, "epoch": epoch, "scores": scores,
                    "state": copy.deepcopy(model.state_dict())}
            stale = 0
        else:
            stale += 1
        if step >= total or (stale >= cfg.patience and not devel_seen):
            break
    bar.close()
    model.load_state_dict(best.pop("state"))
    train_seconds = time.perf_counter() - started
    save(model, tokenizer, cfg)
    build_lexicon([(s.tokens, s.tags) for s in train_sentences]).write(
        Path(cfg.out) / LEXICON_FILE, note="entity strings of the training files: " + ", ".join(
            str(split_file(d, "train")) for d in cfg.data) + "".join(
            f", {f}" for f in cfg.extra_train))
    (Path(cfg.out) / "training.json").write_text(json.dumps(
        {"config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(cfg).items()}
         | {"data": [str(d) for d in cfg.data], "extra_train": [str(f) for f in cfg.extra_train]},
         "best_epoch": best["epoch"], "devel": best["scores"], "history": history,
         "train_seconds": round(train_seconds, 1), "train_sentences": len(train_rows)}
        | base_training(cfg.base) | recipe, indent=1) + "\n",
        encoding="utf-8")
    scores = finalize(Path(cfg.out), cfg.data, threads=cfg.threads) if cfg.finalize else {}
    return {"best_epoch": best["epoch"], "devel": best["scores"], "history": history,
            "train_seconds": round(train_seconds, 1), "test": scores.get("results", {})}


def base_training(base: Path | None) -> dict[str, Any]:
    """A run continued from an earlier CareQA model keeps that model's record (its card shows
    how to reproduce both)."""
    record = Path(base) / "training.json" if base else None
    if record is None or not record.is_file():
        return {}
    return {"base_training": json.loads(record.read_text(encoding="utf-8"))}


def recipe_training(recipe: Path | None) -> dict[str, Any]:
    """The record of the held-out-devel run whose best epoch and learning rate a final fit
    reuses (its card shows that run's devel history and command)."""
    if recipe is None:
        return {}
    path = Path(recipe)
    path = path / "training.json" if path.is_dir() else path
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the recipe run's training record {path}: {exc}") from exc
    record.pop("base_training", None)  # the same base as this run's: its card shows it once
    return {"recipe_training": record}


def save(model: Any, tokenizer: Any, cfg: TrainConfig) -> None:
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    (model.half() if cfg.fp16 else model).save_pretrained(out, safe_serialization=True)
    model.float()
    tokenizer.save_pretrained(out)
    write_labels(out)
