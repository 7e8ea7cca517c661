"""Medical named entities (DISEASE, DRUG) with character offsets into the original text.

`MedicalNER` is cheap to construct; `load()` reads the fine-tuned MiniLM token classifier and,
by default, quantizes its Linear layers to int8 (torch dynamic quantization, CPU). Text is split
into words the way the training corpora are (runs of letters/digits, single punctuation marks),
each word takes the prediction of its first sub-token, and B-/I- tags are merged into spans.
Texts longer than the model's window are read in overlapping windows of whole words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from engine.errors import ModelLoadError, ModelNotFound
from engine.types import Entity

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner"
WORD_RE = re.compile(r"\w+|[^\w\s]")


class Word(NamedTuple):
    text: str
    start: int
    end: int


class Span(NamedTuple):
    first: int  # index of the first word
    last: int  # index of the last word (inclusive)
    label: str
    score: float


def split_words(text: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def merge_spans(tags: Sequence[str], scores: Sequence[float]) -> list[Span]:
    """BIO tags -> spans; an I- that does not continue a span of its type starts one."""
    spans: list[Span] = []
    first, label, total = -1, "", 0.0
    for i, tag in enumerate([*tags, "O"]):
        prefix, kind = (tag.split("-", 1) + [""])[:2] if tag != "O" else ("O", "")
        if label and (prefix != "I" or kind != label):
            spans.append(Span(first, i - 1, label, total / (i - first)))
            label = ""
        if prefix in ("B", "I") and not label:
            first, label, total = i, kind, 0.0
        if label:
            total += scores[i]
    return spans


def windows(pieces: Sequence[int], limit: int, overlap: float = 0.25) -> list[tuple[int, int]]:
    """Word ranges [start, end) whose sub-token counts fit `limit`, overlapping by about
    `overlap` of a window, together covering every word."""
    ranges: list[tuple[int, int]] = []
    start, n = 0, len(pieces)
    while True:
        end, used = start, 0
        while end < n and (end == start or used + pieces[end] <= limit):
            used += pieces[end]
            end += 1
        ranges.append((start, end))
        if end >= n:
            return ranges
        start = max(start + 1, end - int((end - start) * overlap))


class MedicalNER:
    """Finds diseases and drugs. `load()` before `annotate()`; `close()` frees the model."""

    def __init__(self, model_dir: Path | None = None, *, quantize: bool = True,
                 batch_size: int = 32, max_length: int = 128, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
        self.quantize = quantize
        self.batch_size = batch_size
        self.max_length = max_length
        self.threads = threads
        self._model: Any = None
        self._tokenizer: Any = None
        self._id2label: dict[int, str] = {}

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        if self._model is not None:
            return
        if not (self.model_dir / "config.json").is_file():
            raise ModelNotFound(
                f"No NER model in {self.model_dir}. Train one with "
                "`careqa ner train --data NCBI_DIR BC5CDR_DIR --out DIR` or reinstall CareQA."
            )
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        if self.threads:
            torch.set_num_threads(self.threads)
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(self.model_dir)
            model = AutoModelForTokenClassification.from_pretrained(self.model_dir).float().eval()
        except (OSError, ValueError) as exc:
            raise ModelLoadError(f"The NER model in {self.model_dir} could not be loaded: {exc}")\
                from exc
        if self.quantize:
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear},
                                                           dtype=torch.qint8)
        self._id2label = {int(i): label for i, label in model.config.id2label.items()}
        self._model = model
        log.info("NER model loaded from %s (%s)", self.model_dir,
                 "int8" if self.quantize else "fp32")

    def close(self) -> None:
        self._model = None
        self._tokenizer = None

    def annotate(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities per text, in order of appearance, with offsets into that text."""
        words = [split_words(text) for text in texts]
        tagged = self.predict_words([[w.text for w in ws] for ws in words])
        results: list[list[Entity]] = []
        for text, ws, (tags, scores) in zip(texts, words, tagged, strict=True):
            results.append([
                Entity(text[ws[s.first].start:ws[s.last].end], s.label,
                       ws[s.first].start, ws[s.last].end, round(s.score, 4))
                for s in merge_spans(tags, scores)
            ])
        return results

    def predict_words(self, sentences: Sequence[Sequence[str]]
                      ) -> list[tuple[list[str], list[float]]]:
        """A BIO tag and its probability for every word of every (pre-split) sentence."""
        self.load()
        tags = [["O"] * len(words) for words in sentences]
        scores = [[0.0] * len(words) for words in sentences]
        margins = [[-1] * len(words) for words in sentences]
        jobs = self._window_jobs(sentences)
        jobs.sort(key=lambda job: -job[3])
        for i in range(0, len(jobs), self.batch_size):
            batch = jobs[i:i + self.batch_size]
            for (s, start, end, _), word_preds in zip(batch, self._run(sentences, batch), strict=True):
                for w, (tag, score) in word_preds.items():
                    k = start + w
                    margin = min(k - start, end - 1 - k)
                    if margin > margins[s][k]:
                        margins[s][k], tags[s][k], scores[s][k] = margin, tag, score
        return list(zip(tags, scores, strict=True))

    def _window_jobs(self, sentences: Sequence[Sequence[str]]) -> list[tuple[int, int, int, int]]:
        jobs = []
        limit = self.max_length - 2  # [CLS] and [SEP]
        for s, words in enumerate(sentences):
            if not words:
                continue
            ids = self._tokenizer(list(words), add_special_tokens=False)["input_ids"]
            pieces = [max(1, len(x)) for x in ids]
            for start, end in windows(pieces, limit):
                jobs.append((s, start, end, sum(pieces[start:end])))
        return jobs

    def _run(self, sentences: Sequence[Sequence[str]], batch: list[tuple[int, int, int, int]]
             ) -> list[dict[int, tuple[str, float]]]:
        import torch

        chunks = [list(sentences[s][start:end]) for s, start, end, _ in batch]
        enc = self._tokenizer(chunks, is_split_into_words=True, truncation=True,
                              max_length=self.max_length, padding=True, return_tensors="pt")
        with torch.inference_mode():
            probs = self._model(**enc).logits.softmax(-1)
        best, index = probs.max(-1)
        out = []
        for row in range(len(chunks)):
            preds: dict[int, tuple[str, float]] = {}
            for pos, word_id in enumerate(enc.word_ids(row)):
                if word_id is not None and word_id not in preds:
                    preds[word_id] = (self._id2label[int(index[row, pos])],
                                      float(best[row, pos]))
            out.append(preds)
        return out

