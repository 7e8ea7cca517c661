"""Faithfulness of CareQA's answers on the starter library, and of the support check itself.

    .venv/bin/python bench/faithfulness.py [--parts checker answers verifier]
        [--models qwen2.5-1.5b qwen2.5-0.5b] [--sets dev heldout] [--limit N] [--kb DIR]
        [--dump FILE]

Prints one JSON object. Data: bench/data/faithfulness_{set}.jsonl (consumer questions, a third of
them traps, with the passage facts that settle them) and bench/data/support_labels_{set}.jsonl
(answer sentences labelled supported / unsupported / contradicted against their passage).
The held-out files are for reporting only (bench/data/README.md).

- checker: precision and recall of "not supported" (unsupported or contradicted) on the labels,
  with the real MiniLM embedder and NER model, and the milliseconds per sentence.
- answers: `careqa ask --batch --json` per model; share answered, share of settled questions whose
  answer holds the settling fact, how often each path fired, what the checks cost.
- calibrate: the support thresholds on a grid, on the development labels only.
- verifier: the chat model's yes/no verification turn (engine.grounding.verify) on the labels:
  is it reliable enough to use, and what does the turn cost once the passages are cached?
`--dump FILE` writes every answer (draft, shown text, verdicts) as JSON lines for reading;
`--from-dump FILE` scores such a file again without asking the model. With both parts, checker and
answers, the share of answers that show an unsupported sentence is estimated from the checker's
recall on the labels (estimate_shown_unsupported).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import engine  # noqa: F401  (offline environment)

DATA = Path(__file__).resolve().parent / "data"
CAREQA = Path(sys.executable).with_name("careqa")
NOT_SUPPORTED = {"unsupported", "contradicted"}
PATH_FLAGS = ("sentence_unsupported", "sentence_contradicted", "citation_corrected",
              "extractive_fallback", "no_information", "ungrounded")


def load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def real_checker():
    from engine.embeddings import SentenceEmbedder
    from engine.factory import build_tagger
    from engine.fakes import passage
    from engine.grounding import SupportChecker
    from engine.settings import Settings

    checker = SupportChecker(SentenceEmbedder(), build_tagger(Settings()))
    checker.check("warm up", "Warm up [1].", [passage(1, "Warm up the models.")])
    return checker


def calibrate(labels: list[dict]) -> list[dict]:
    """Support thresholds on a grid, best F2 of "not supported" first (recall counts double:
    a wrong sentence shown harms; a right one removed costs less). Development labels only."""
    from engine.grounding import Thresholds

    checker, rows = real_checker(), []
    for coverage in (0.67, 0.75, 0.85):
        for partial in (0.4, 0.5):
            for similarity in (0.55, 0.6, 0.7):
                checker.thresholds = Thresholds(coverage, partial, similarity)
                scores = score_checker(labels, checker)
                p, r = scores["not_supported_precision"], scores["not_supported_recall"]
                f2 = 5 * p * r / (4 * p + r) if p + r else 0.0
                rows.append({"coverage": coverage, "partial_coverage": partial,
                             "similarity": similarity, "f2": round(f2, 4), "precision": p,
                             "recall": r, "supported_kept": scores["supported_kept"]})
    return sorted(rows, key=lambda row: -row["f2"])


def score_checker(labels: list[dict], checker=None) -> dict:
    from engine.fakes import passage

    checker = checker or real_checker()
    confusion: Counter[tuple[str, str]] = Counter()
    misses, seconds = [], []
    for item in labels:
        given = passage(1, item["passage"], title=item["passage_title"])
        started = time.perf_counter()
        results = checker.check(item["question"], item["sentence"], [given])
        seconds.append(time.perf_counter() - started)
        verdict = "supported" if all(r.shown for r in results) else next(
            r.verdict.value for r in results if not r.shown)
        confusion[(item["label"], verdict)] += 1
        if (item["label"] in NOT_SUPPORTED) != (verdict in NOT_SUPPORTED):
            misses.append({"id": item["id"], "label": item["label"], "verdict": verdict,
                           "reason": "; ".join(r.reason for r in results)})
    return {**_binary(confusion), "confusion": {f"{k[0]}->{k[1]}": v for k, v in
                                                sorted(confusion.items())},
            "ms_per_sentence_median": round(1000 * statistics.median(seconds), 1),
            "errors": misses}


def _binary(confusion: Counter[tuple[str, str]]) -> dict:
    def count(label_bad: bool, said_bad: bool) -> int:
        return sum(v for (label, got), v in confusion.items()
                   if (label in NOT_SUPPORTED) == label_bad and (got in NOT_SUPPORTED) == said_bad)

    tp, fp, fn = count(True, True), count(False, True), count(True, False)
    contradicted = sum(v for (label, _), v in confusion.items() if label == "contradicted")
    caught = confusion[("contradicted", "contradicted")]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"sentences": sum(confusion.values()),
            "not_supported_precision": round(precision, 3),
            "not_supported_recall": round(recall, 3),
            "supported_kept": round(1 - fp / max(1, fp + count(False, False)), 3),
            "contradicted_named_as_such": round(caught / contradicted, 3) if contradicted else None}


def score_verifier(model: str, labels: list[dict]) -> dict:
    """The yes/no turn after a draft made of the labelled sentence, its passage in the prompt."""
    from engine import hardware, model_catalog
    from engine.fakes import passage
    from engine.grounding.verify import ModelVerifier
    from engine.llm import LlamaChatModel
    from engine.prompts import build_prompt

    path, name = model_catalog.resolve(model)
    llm = LlamaChatModel(path, name=name, n_threads=hardware.default_threads())
    verifier = ModelVerifier(llm)
    confusion: Counter[tuple[str, str]] = Counter()
    seconds = []
    try:
        for item in labels:
            given = passage(1, item["passage"], title=item["passage_title"])
            prompt = build_prompt(item["question"], [given], budget_tokens=700,
                                  count_tokens=llm.count_tokens)
            # As in the pipeline: the passages and the draft are already in the KV cache.
            draft_turn = [*prompt.messages, {"role": "assistant", "content": item["sentence"]}]
            for _ in llm.stream(llm.render(draft_turn), max_tokens=1):
                pass
            started = time.perf_counter()
            said = verifier.supported(prompt.messages, item["sentence"], item["sentence"], 1)
            seconds.append(time.perf_counter() - started)
            verdict = {True: "supported", False: "unsupported", None: "no_answer"}[said]
            confusion[(item["label"], verdict)] += 1
    finally:
        llm.close()
    return {**_binary(confusion), "no_answer": sum(v for (_, got), v in confusion.items()
                                                   if got == "no_answer"),
            "ms_per_sentence_median": round(1000 * statistics.median(seconds), 1)}


def run_answers(model: str, questions: list[dict], kb: Path | None) -> list[dict]:
    """Every question through `careqa ask --batch --json` (the models loaded once)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(q["question"] for q in questions) + "\n")
    command = [str(CAREQA), "ask", "--batch", fh.name, "--json", "--model", model]
    if kb is not None:
        command += ["--kb", str(kb)]
    answers = []
    try:
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "TOKENIZERS_PARALLELISM": "false"}) as process:
            for line in process.stdout:
                if line.startswith("{"):
                    answers.append(json.loads(line))
                    print(f"[{model}] {len(answers)}/{len(questions)}", file=sys.stderr, flush=True)
        if process.returncode:
            raise SystemExit(f"careqa ask --batch failed with exit status {process.returncode}")
    finally:
        os.unlink(fh.name)
    assert len(answers) == len(questions), f"{len(answers)} answers for {len(questions)} questions"
    return answers


def has_fact(text: str, fact: dict) -> bool:
    lower = text.lower()
    return all(any(option.lower() in lower for option in group) for group in fact["any_of"])


def score_answers(questions: list[dict], answers: list[dict]) -> dict:
    settled = [(q, a) for q, a in zip(questions, answers, strict=True) if q["facts"]]
    answered = [a for _, a in settled if not _no_information(a)]
    with_fact = [a for q, a in settled if all(has_fact(a["answer"], f) for f in q["facts"])]
    draft_with_fact = [a for q, a in settled if all(has_fact(a["draft"], f) for f in q["facts"])]
    fired = Counter(code for a in answers for code in {f["code"] for f in a["flags"]})
    changed = [a for a in answers if any(f["code"] in PATH_FLAGS[:2] for f in a["flags"])]
    missing = [a for a in answers if not a["draft"]]
    checks = [a["timings"]["check_ms"] for a in answers if a["draft"]]
    totals = [a["timings"]["total_ms"] for a in answers if a["draft"]]
    shares = [c / t for c, t in zip(checks, totals, strict=True) if t]
    return {
        "questions": len(questions), "settled_by_library": len(settled),
        "answered": round(len(answered) / max(1, len(settled)), 3),
        "answer_holds_settling_fact": round(len(with_fact) / max(1, len(settled)), 3),
        "draft_held_settling_fact": round(len(draft_with_fact) / max(1, len(settled)), 3),
        "drafts_with_a_removed_or_replaced_sentence": round(len(changed) / max(1, len(answers)), 3),
        "paths_fired": {code: fired[code] for code in PATH_FLAGS},
        "answers_without_model_draft": len(missing),
        "not_in_library_answered_no_information": sum(
            _no_information(a) for q, a in zip(questions, answers, strict=True)
            if q["kind"] == "not_in_library"),
        "check_ms_median": _quantile(checks, 0.5), "check_ms_p95": _quantile(checks, 0.95),
        "total_ms_median": _quantile(totals, 0.5),
        "check_share_of_total_median": round(statistics.median(shares), 4) if shares else None,
        "check_share_of_median_total": round(_quantile(checks, 0.5) / _quantile(totals, 0.5), 4)
        if totals else None,
    }


def estimate_shown_unsupported(answers: list[dict], checker: dict) -> dict:
    """How many answers show a sentence the passages do not back, estimated from how often the
    checker removes model sentences here and its recall and kept rate on the labels of the same
    split: the removal rate r = p * recall + (1 - p) * (1 - kept) gives the share p of bad
    sentences among drafts; a shown sentence is bad with probability
    q = p (1 - recall) / (p (1 - recall) + (1 - p) kept); an answer showing n model sentences
    shows a bad one with probability 1 - (1 - q)^n. Extractive answers are the passages' own words."""
    claims = [s for a in answers for s in a["support"] if s["verdict"] != "no_claim"]
    if not claims:
        return {}
    removed = sum(s["verdict"] != "supported" for s in claims) / len(claims)
    recall, kept = checker["not_supported_recall"], checker["supported_kept"]
    prior = min(1.0, max(0.0, (removed - (1 - kept)) / max(1e-9, recall - (1 - kept))))
    missed = prior * (1 - recall)
    bad_shown = missed / (missed + (1 - prior) * kept) if missed + (1 - prior) * kept else 0.0
    shown = [0 if _extractive(a) else sum(s["verdict"] == "supported" for s in a["support"])
             for a in answers]
    share = statistics.mean(1 - (1 - bad_shown) ** n for n in shown)
    return {"draft_sentences_removed": round(removed, 3), "bad_share_of_draft_sentences": round(prior, 3),
            "bad_share_of_shown_model_sentences": round(bad_shown, 4),
            "answers_showing_one": round(share, 4)}


def _extractive(answer: dict) -> bool:
    return any(f["code"] == "extractive_fallback" for f in answer["flags"])


def _dumped(path: Path) -> dict[tuple[str, str, str], dict]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {(r["set"], r["model"], r["id"]): r for r in rows}


def _no_information(answer: dict) -> bool:
    return any(f["code"] in ("no_information", "ungrounded") for f in answer["flags"])


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", nargs="+", default=["checker", "answers"],
                        choices=["checker", "answers", "verifier", "calibrate"])
    parser.add_argument("--models", nargs="+", default=["qwen2.5-1.5b", "qwen2.5-0.5b"])
    parser.add_argument("--sets", nargs="+", default=["dev", "heldout"])
    parser.add_argument("--limit", type=int, help="first N items of each set (a quick look)")
    parser.add_argument("--kb", type=Path, help="knowledge base (default: the starter library)")
    parser.add_argument("--dump", type=Path, help="write every answer here as JSON lines")
    parser.add_argument("--from-dump", type=Path, metavar="FILE",
                        help="score the answers of an earlier --dump instead of asking again")
    args = parser.parse_args()
    earlier = _dumped(args.from_dump) if args.from_dump else None
    report: dict = {"sets": args.sets}
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    for name in args.sets:
        if "calibrate" in args.parts:
            assert name == "dev", "thresholds are calibrated on the development labels only"
            report["calibration_dev"] = calibrate(load("support_labels_dev.jsonl")[:args.limit])
        if "checker" in args.parts:
            report[f"checker_{name}"] = score_checker(load(f"support_labels_{name}.jsonl")[:args.limit])
        if "verifier" in args.parts:
            for model in args.models:
                report[f"verifier_{name}_{model}"] = score_verifier(
                    model, load(f"support_labels_{name}.jsonl")[:args.limit])
        if "answers" in args.parts:
            questions = load(f"faithfulness_{name}.jsonl")[:args.limit]
            for model in args.models:
                answers = ([earlier[(name, model, q["id"])] for q in questions] if earlier
                           else run_answers(model, questions, args.kb))
                scores = score_answers(questions, answers)
                if f"checker_{name}" in report:
                    scores["estimated_answers_showing_an_unsupported_sentence"] = \
                        estimate_shown_unsupported(answers, report[f"checker_{name}"])
                report[f"answers_{name}_{model}"] = scores
                for q, a in zip(questions, answers, strict=True):
                    if dump:
                        dump.write(json.dumps({"set": name, "model": model, "id": q["id"],
                                               "kind": q["kind"], **a}, ensure_ascii=False) + "\n")
    if dump:
        dump.close()
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
