"""CoNLL-style NER corpora (`token<TAB>tag`, blank line between sentences), harmonised to BIO
over two types: DISEASE and DRUG (BC5CDR Chemical -> DRUG, Disease -> DISEASE).

The corpora are read where they lie (by path); nothing is copied into the repository.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from engine.errors import ConfigError

LABELS = ("O", "B-DISEASE", "I-DISEASE", "B-DRUG", "I-DRUG")
LABEL2ID = {label: i for i, label in enumerate(LABELS)}
IGNORE = -100  # label of special tokens and of every sub-token after a word's first

# Corpus entity type (lower-cased) -> CareQA type.
TYPE_MAP = {"disease": "DISEASE", "chemical": "DRUG", "drug": "DRUG"}


class Sentence(NamedTuple):
    tokens: list[str]
    tags: list[str]


def harmonise(tags: Sequence[str]) -> list[str]:
    """Map corpus tags to CareQA's BIO tags; an I- that does not continue a span becomes B-."""
    out: list[str] = []
    for tag in tags:
        if tag == "O" or "-" not in tag:
            out.append("O")
            continue
        prefix, kind = tag.split("-", 1)
        label = TYPE_MAP.get(kind.lower())
        if label is None or prefix not in ("B", "I"):
            out.append("O")
            continue
        if prefix == "I" and (not out or out[-1][2:] != label):
            prefix = "B"
        out.append(f"{prefix}-{label}")
    return out


def parse_conll(lines: Iterable[str]) -> list[Sentence]:
    """Sentences from `token<TAB>tag` lines; a blank line (or the end) closes a sentence."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in lines:
        line = line.rstrip("\r\n")
        if not line.strip():
            if tokens:
                sentences.append(Sentence(tokens, harmonise(tags)))
                tokens, tags = [], []
            continue
        token, _, tag = line.partition("\t")
        tokens.append(token)
        tags.append(tag.strip() or "O")
    if tokens:
        sentences.append(Sentence(tokens, harmonise(tags)))
    return sentences


def read_conll(path: Path) -> list[Sentence]:
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_conll(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read the NER file {path}: {exc.strerror}") from exc


def split_file(data: Path, split: str) -> Path:
    """`data` is a corpus folder (holding train.tsv / devel.tsv / test.tsv) or a file."""
    data = Path(data)
    if data.is_file():
        return data
    path = data / f"{split}.tsv"
    if not path.is_file():
        raise ConfigError(f"no {split}.tsv in {data}: give a CoNLL corpus folder or a .tsv file")
    return path


def read_split(folders: Sequence[Path], split: str) -> list[Sentence]:
    """One split of several corpora, concatenated in the order given."""
    sentences: list[Sentence] = []
    for folder in folders:
        sentences.extend(read_conll(split_file(folder, split)))
    return sentences


def align_labels(word_ids: Sequence[int | None], word_tags: Sequence[str]) -> list[int]:
    """Label ids per sub-token: the word's tag on its first sub-token, IGNORE elsewhere."""
    labels: list[int] = []
    previous: int | None = None
    for word_id in word_ids:
        if word_id is None or word_id == previous:
            labels.append(IGNORE)
        else:
            labels.append(LABEL2ID[word_tags[word_id]])
        previous = word_id
    return labels
