"""Medical named entities (DISEASE, DRUG) with character offsets into the original text.

`MedicalNER` is cheap to construct; `load()` reads the fine-tuned MiniLM token classifier that
ships in `engine/models/ner/` (offline: `engine.offline` sets HF_HUB_OFFLINE before transformers
is imported) and, by default, quantizes it to int8 with torch dynamic quantization (CPU).

Text is split into words the way the training corpora are (runs of letters/digits, single
punctuation marks); each word takes the prediction of its first sub-token; texts longer than the
model's window are read in overlapping windows of whole words. The word tags are then
post-processed: illegal BIO sequences are repaired (an I- that does not continue a span of its
type starts one), and, when the model folder has a `lexicon.json` (entity strings that the
training split tags consistently), lexicon strings the model left untagged are added, as are
repeats, within one text, of a string the model tagged elsewhere in it.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from engine.errors import ConfigError, ModelLoadError, ModelNotFound
from engine.types import Entity

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner"
WORD_RE = re.compile(r"\w+|[^\w\s]")

# "int8": torch dynamic int8 (CPU); "fp32": no quantization; "bnb-*": bitsandbytes (GPU, or
# its CPU backend where it works), loaded through transformers' BitsAndBytesConfig.
QUANTIZATIONS = ("int8", "fp32", "bnb-int8", "bnb-nf4")
DEFAULT_QUANTIZATION = "int8"
TOKENIZE_SLICE = 128  # words per tokenizer call (see MedicalNER._window_jobs)
# Modules whose Linear layers torch int8 leaves in fp32 (dotted names, matched as whole parts of
# the module name): the classifier head (tiny; its outputs are what we read) and the whole first
# encoder layer. Rounding errors in early layers travel through every later one: quantizing one
# layer alone changes 0.43% of the fp32 model's devel entities for layer 0, 0.32% for layer 1,
# 0.02% for layer 5. Keeping layer 0 in fp32 cuts the int8/fp32 disagreement from 0.60% to 0.39%
# of entities and still annotates over 400 short sentences/s on 2 cores.
INT8_KEEP_FP32 = ("classifier", "encoder.layer.0")
LEXICON_FILE = "lexicon.json"


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


def _parse(tag: str) -> tuple[str, str]:
    if tag == "O" or "-" not in tag:
        return "O", ""
    prefix, kind = tag.split("-", 1)
    return prefix, kind


def merge_spans(tags: Sequence[str], scores: Sequence[float]) -> list[Span]:
    """BIO tags -> spans; an I- that does not continue a span of its type starts one."""
    spans: list[Span] = []
    first, label, total = -1, "", 0.0
    for i, tag in enumerate([*tags, "O"]):
        prefix, kind = _parse(tag)
        if label and (prefix != "I" or kind != label):
            spans.append(Span(first, i - 1, label, total / (i - first)))
            label = ""
        if prefix in ("B", "I") and not label:
            first, label, total = i, kind, 0.0
        if label:
            total += scores[i]
    return spans


def fix_bio(tags: Sequence[str]) -> list[str]:
    """Legal IOB2. An I- right after O is dropped (O): the model missed or mis-placed the
    span's start, and keeping the orphan as a span of its own lowers devel F1; an I-X right
    after a span of another type starts a span (B-X)."""
    out: list[str] = []
    previous = "O"
    for tag in tags:
        prefix, kind = _parse(tag)
        if prefix not in ("B", "I"):
            tag = "O"
        elif prefix == "I" and _parse(previous)[1] != kind:
            tag = "O" if previous == "O" else f"B-{kind}"
        out.append(tag)
        previous = tag
    return out


def spans_to_tags(spans: Iterable[Span], n: int) -> list[str]:
    tags = ["O"] * n
    for span in spans:
        tags[span.first] = f"B-{span.label}"
        for i in range(span.first + 1, span.last + 1):
            tags[i] = f"I-{span.label}"
    return tags


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


# --- lexicon ---------------------------------------------------------------------------------

def normalise(words: Iterable[str]) -> str:
    return " ".join(w.lower() for w in words)


class Lexicon:
    """Entity strings (lower-cased words joined by one space) -> type, matched longest first."""

    def __init__(self, entries: dict[str, str]) -> None:
        self.entries = dict(entries)
        self.longest = longest_by_first_word(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def read(cls, path: Path) -> Lexicon | None:
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({entry: kind for kind, entries in data["types"].items() for entry in entries})

    def write(self, path: Path, note: str = "") -> None:
        types: dict[str, list[str]] = {}
        for entry, kind in sorted(self.entries.items()):
            types.setdefault(kind, []).append(entry)
        path.write_text(json.dumps({"note": note, "types": types}, indent=1, ensure_ascii=False)
                        + "\n", encoding="utf-8")

    def matches(self, words: Sequence[str]) -> list[Span]:
        """Non-overlapping matches, leftmost-longest."""
        return find_matches(words, self.entries.get, lambda word: self.longest.get(word, 0))


def longest_by_first_word(entries: Iterable[str]) -> dict[str, int]:
    """First word -> the most words of an entry starting with it (bounds the match attempts)."""
    longest: dict[str, int] = {}
    for entry in entries:
        first, *rest = entry.split(" ")
        longest[first] = max(longest.get(first, 0), 1 + len(rest))
    return longest


def find_matches(words: Sequence[str], lookup: Callable[[str], str | None],
                 longest: Callable[[str], int]) -> list[Span]:
    """Non-overlapping spans whose lower-cased text `lookup` gives a type for, leftmost-longest;
    `longest(word)` is the most words an entry starting with that word has."""
    lowered = [w.lower() for w in words]
    found: list[Span] = []
    i = 0
    while i < len(lowered):
        for n in range(min(longest(lowered[i]), len(lowered) - i), 0, -1):
            kind = lookup(" ".join(lowered[i:i + n]))
            if kind:
                found.append(Span(i, i + n - 1, kind, 1.0))
                i += n
                break
        else:
            i += 1
    return found


def build_lexicon(sentences: Iterable[tuple[Sequence[str], Sequence[str]]], *,
                  min_count: int = 2, min_precision: float = 0.8,
                  min_chars: int = 3) -> Lexicon:
    """Entity strings of (tokens, BIO tags) training sentences that are tagged, with one type,
    in at least `min_precision` of all their occurrences (as whole spans) and at least
    `min_count` times. Strings shorter than `min_chars` or without a letter are skipped."""
    sentences = list(sentences)
    tagged: dict[str, dict[str, int]] = {}
    for words, tags in sentences:
        for span in merge_spans(tags, [1.0] * len(tags)):
            key = normalise(words[span.first:span.last + 1])
            if len(key) >= min_chars and any(c.isalpha() for c in key):
                tagged.setdefault(key, {}).setdefault(span.label, 0)
                tagged[key][span.label] += 1
    longest = max((len(k.split(" ")) for k in tagged), default=0)
    occurrences = dict.fromkeys(tagged, 0)
    for words, _ in sentences:
        lowered = [w.lower() for w in words]
        for i in range(len(lowered)):
            for n in range(1, min(longest, len(lowered) - i) + 1):
                key = " ".join(lowered[i:i + n])
                if key in occurrences:
                    occurrences[key] += 1
    entries = {}
    for key, kinds in tagged.items():
        kind, count = max(kinds.items(), key=lambda item: item[1])
        if count >= min_count and count >= min_precision * max(occurrences[key], 1):
            entries[key] = kind
    return Lexicon(entries)


def apply_lexicon(words: Sequence[str], tags: Sequence[str], lexicon: Lexicon | None,
                  consistent: bool = True) -> list[str]:
    """Adds the lexicon's strings, and repeats of strings the model tagged in the same
    sequence, where the model tagged none of their words; tags elsewhere are kept."""
    tags = list(tags)
    tagged_here: dict[str, str] = {}
    if consistent:
        for span in merge_spans(tags, [1.0] * len(tags)):
            key = normalise(words[span.first:span.last + 1])
            if len(key) >= 3 and any(c.isalpha() for c in key):
                tagged_here[key] = span.label
    shipped = lexicon.entries if lexicon is not None else {}
    if not tagged_here and not shipped:
        return tags
    # The text's own spans win over the lexicon. The lexicon is not copied: this runs per text.
    shipped_longest = lexicon.longest if lexicon is not None else {}
    here_longest = longest_by_first_word(tagged_here)

    def lookup(key: str) -> str | None:
        return tagged_here.get(key) or shipped.get(key)

    def longest(word: str) -> int:
        return max(here_longest.get(word, 0), shipped_longest.get(word, 0))

    for span in find_matches(words, lookup, longest):
        if all(t == "O" for t in tags[span.first:span.last + 1]):
            if span.last + 1 < len(tags) and tags[span.last + 1].startswith("I-"):
                continue  # would cut into a following span
            tags[span.first:span.last + 1] = spans_to_tags([Span(0, span.last - span.first,
                                                                 span.label, 1.0)],
                                                           span.last - span.first + 1)
    return tags


# --- the model -------------------------------------------------------------------------------

def quantize_int8(model: Any, keep_fp32: Sequence[str] = INT8_KEEP_FP32,
                  per_channel: bool = True) -> Any:
    """torch dynamic int8 of every Linear layer but those inside a module named in `keep_fp32`
    (dotted names matched as whole parts: "encoder.layer.0" is not "encoder.layer.01");
    per-channel weight scales by default (per-tensor loses accuracy on MiniLM)."""
    import torch
    from torch.ao.quantization import default_dynamic_qconfig, per_channel_dynamic_qconfig

    qconfig = per_channel_dynamic_qconfig if per_channel else default_dynamic_qconfig
    spec = {name: qconfig for name, module in model.named_modules()
            if isinstance(module, torch.nn.Linear)
            and not any(f".{k}." in f".{name}." for k in keep_fp32)}
    with warnings.catch_warnings():  # torch 2.13 warns that quantized tensors are deprecated
        warnings.filterwarnings("ignore", category=UserWarning, module="torch")
        return torch.ao.quantization.quantize_dynamic(model, spec, dtype=torch.qint8)


class MedicalNER:
    """Finds diseases and drugs. `load()` before `annotate()`; `close()` frees the model.

    quantization: "int8" (default, torch dynamic, CPU), "fp32", "bnb-int8" or "bnb-nf4"
    (bitsandbytes: needs the bitsandbytes and accelerate packages). postprocess=False gives
    the raw (BIO-repaired) model tags; lexicon=False skips the lexicon but keeps the
    consistency pass.
    """

    def __init__(self, model_dir: Path | None = None, *, quantization: str = DEFAULT_QUANTIZATION,
                 batch_size: int = 32, max_length: int = 128, threads: int | None = None,
                 postprocess: bool = True, lexicon: bool = True) -> None:
        if quantization not in QUANTIZATIONS:
            raise ConfigError(f"unknown NER quantization {quantization!r}; "
                              f"choose one of {', '.join(QUANTIZATIONS)}")
        self.model_dir = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
        self.quantization = quantization
        self.batch_size = batch_size
        self.max_length = max_length
        self.threads = threads
        self.postprocess = postprocess
        self.use_lexicon = lexicon
        self._model: Any = None
        self._tokenizer: Any = None
        self._lexicon: Lexicon | None = None
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
        import torch  # after engine/__init__ applied engine.offline (HF_HUB_OFFLINE=1 ...)
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        if self.threads:
            torch.set_num_threads(self.threads)
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(self.model_dir)
            if self.quantization.startswith("bnb-"):
                model = self._load_bnb()
            else:
                model = AutoModelForTokenClassification.from_pretrained(self.model_dir)
                model = model.float().eval()
                if self.quantization == "int8":
                    model = quantize_int8(model)
            if self.use_lexicon:
                self._lexicon = Lexicon.read(self.model_dir / LEXICON_FILE)
        except (OSError, ValueError, ImportError, RuntimeError) as exc:
            raise ModelLoadError(f"The NER model in {self.model_dir} could not be loaded "
                                 f"({self.quantization}): {exc}") from exc
        self._id2label = {int(i): label for i, label in model.config.id2label.items()}
        self._model = model
        log.info("NER model loaded from %s (%s)", self.model_dir, self.quantization)

    def _load_bnb(self) -> Any:
        import torch
        from transformers import AutoModelForTokenClassification, BitsAndBytesConfig

        if self.quantization == "bnb-int8":
            config = BitsAndBytesConfig(load_in_8bit=True, llm_int8_skip_modules=["classifier"])
        else:
            config = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                                        bnb_4bit_compute_dtype=torch.float32,
                                        llm_int8_skip_modules=["classifier"])
        # bitsandbytes logs "MatMul8bitLt: inputs will be cast ..." on every forward pass
        logging.getLogger("bitsandbytes").setLevel(logging.ERROR)
        device = "cuda" if torch.cuda.is_available() else "cpu"
        model = AutoModelForTokenClassification.from_pretrained(
            self.model_dir, quantization_config=config, device_map=device, dtype=torch.float32)
        return model.eval()

    def close(self) -> None:
        self._model = None
        self._tokenizer = None
        self._lexicon = None

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
        """A BIO tag and its probability for every word of every (pre-split) sentence, after
        post-processing (a word tagged by the lexicon or the consistency pass scores 1.0)."""
        raw = self.predict_raw(sentences)
        out = []
        for words, (tags, scores) in zip(sentences, raw, strict=True):
            tags = fix_bio(tags)
            if self.postprocess:
                fixed = apply_lexicon(words, tags, self._lexicon)
                scores = [1.0 if new != old else s for new, old, s in zip(fixed, tags, scores,
                                                                           strict=True)]
                tags = fixed
            out.append((tags, scores))
        return out

    def predict_raw(self, sentences: Sequence[Sequence[str]]
                    ) -> list[tuple[list[str], list[float]]]:
        """The model's own tag (argmax) and probability for every word."""
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
        # Tokenizer calls over many sentences' words at once: per-sentence calls cost more than
        # the words do on short texts. In slices, though: one call over 10,000 words holds the
        # GIL for ~300 ms (the UI thread of a desktop import stalls), slices of 128 for ~5 ms,
        # and are faster too (0.18 s against 0.5 s on 64 starter articles).
        flat = [word for words in sentences for word in words]
        ids: list[list[int]] = []
        for start in range(0, len(flat), TOKENIZE_SLICE):
            ids += self._tokenizer(flat[start:start + TOKENIZE_SLICE], add_special_tokens=False)["input_ids"]
        offset = 0
        for s, words in enumerate(sentences):
            pieces = [max(1, len(x)) for x in ids[offset:offset + len(words)]]
            offset += len(words)
            if not pieces:
                continue
            for start, end in windows(pieces, limit):
                jobs.append((s, start, end, sum(pieces[start:end])))
        return jobs

    def _run(self, sentences: Sequence[Sequence[str]], batch: list[tuple[int, int, int, int]]
             ) -> list[dict[int, tuple[str, float]]]:
        import torch

        chunks = [list(sentences[s][start:end]) for s, start, end, _ in batch]
        enc = self._tokenizer(chunks, is_split_into_words=True, truncation=True,
                              max_length=self.max_length, padding=True, return_tensors="pt")
        device = getattr(self._model, "device", None)
        inputs = {k: v.to(device) for k, v in enc.items()} if device is not None else enc
        with torch.inference_mode():
            probs = self._model(**inputs).logits.float().softmax(-1).cpu()
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
