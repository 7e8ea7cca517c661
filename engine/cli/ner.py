"""`careqa ner annotate | train | eval | card`: find diseases and drugs in text, fine-tune the
tagger, score it on test sets, (re)write its model card."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from engine.ner import DEFAULT_MODEL_DIR, DEFAULT_QUANTIZATION, QUANTIZATIONS


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("ner", help="find diseases and drugs; train or evaluate the model")
    sub = parser.add_subparsers(dest="ner_command", required=True, metavar="SUBCOMMAND")

    annotate = sub.add_parser("annotate", help="diseases and drugs in a text, with offsets")
    annotate.add_argument("text", nargs="?", help="the text (or use --batch)")
    annotate.add_argument("--batch", type=Path, metavar="FILE",
                          help="one text per line; one result per line (JSON with --json)")
    annotate.add_argument("--json", action="store_true", help="JSON output")
    annotate.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR, metavar="PATH")
    annotate.add_argument("--quantization", choices=QUANTIZATIONS, default=DEFAULT_QUANTIZATION)
    annotate.set_defaults(run=run_annotate)

    train = sub.add_parser("train", help="fine-tune on CoNLL corpora (train/devel/test.tsv)")
    train.add_argument("--data", type=Path, nargs="+", required=True, metavar="DIR",
                       help="corpus folders, e.g. NCBI-disease-IOB BC5CDR-IOB")
    train.add_argument("--base", type=Path, metavar="PATH",
                       help="base model folder (default: packaged all-MiniLM-L6-v2)")
    train.add_argument("--epochs", type=int, default=5)
    train.add_argument("--seed", type=int, default=13)
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR, metavar="DIR")
    train.add_argument("--batch-size", type=int, default=32)
    train.add_argument("--lr", type=float, default=1.5e-4)
    train.add_argument("--max-length", type=int, default=128)
    train.add_argument("--patience", type=int, default=2, help="epochs without devel gain")
    train.add_argument("--max-steps", type=int, help="stop after this many steps")
    train.add_argument("--fp32-weights", action="store_true", help="save fp32, not fp16")
    train.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    train.add_argument("--no-card", action="store_true",
                       help="skip the test scores and the model card (`careqa ner card` later)")
    train.add_argument("--no-bf16", action="store_true", help="train in fp32 (no bf16 autocast)")
    train.add_argument("--extra-train", type=Path, nargs="+", default=[], metavar="FILE",
                       help="more training files (e.g. BC5CDR-IOB/devel.tsv); their corpus is "
                            "then left out of early stopping")
    train.add_argument("--recipe", type=Path, metavar="PATH",
                       help="for a final fit on every devel split: the model folder (or its "
                            "training.json) of the run with devel held out that chose "
                            "--epochs and --lr; its record goes into the card")
    train.set_defaults(run=run_train)

    evaluate = sub.add_parser("eval", help="entity-level strict P/R/F1 per type")
    evaluate.add_argument("--data", type=Path, nargs="+", required=True, metavar="FILE_OR_DIR",
                          help="a .tsv file or a corpus folder (its test.tsv)")
    evaluate.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR, metavar="PATH")
    evaluate.add_argument("--quantization", choices=QUANTIZATIONS, default=DEFAULT_QUANTIZATION)
    evaluate.add_argument("--fp32", action="store_true", help="same as --quantization fp32")
    evaluate.add_argument("--raw", action="store_true",
                          help="no post-processing (lexicon, consistency); BIO repair only")
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(run=run_eval)

    card = sub.add_parser("card", help="test scores of every quantization, speed, README.md")
    card.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR, metavar="PATH")
    card.add_argument("--data", type=Path, nargs="+", metavar="DIR",
                      help="corpus folders (default: those in the model's training.json)")
    card.add_argument("--quantization", choices=QUANTIZATIONS, nargs="+", default=QUANTIZATIONS)
    card.add_argument("--threads", type=int, default=2)
    card.set_defaults(run=run_card)


def run_train(args: argparse.Namespace) -> int:
    from engine.training.train import TrainConfig, train

    cfg = TrainConfig(data=args.data, base=args.base, out=args.out, epochs=args.epochs,
                      seed=args.seed, batch_size=args.batch_size, lr=args.lr,
                      max_length=args.max_length, patience=args.patience,
                      max_steps=args.max_steps, fp16=not args.fp32_weights,
                      bf16=not args.no_bf16, threads=args.threads, finalize=not args.no_card,
                      extra_train=args.extra_train, recipe=args.recipe,
                      command="careqa " + shlex.join(sys.argv[1:]))
    summary = train(cfg)
    print(json.dumps({"out": str(args.out), "best_epoch": summary["best_epoch"],
                      "train_seconds": summary["train_seconds"], "test": summary["test"]},
                     indent=2))
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from engine.ner import MedicalNER
    from engine.training.evaluate import report

    ner = MedicalNER(args.model, quantization="fp32" if args.fp32 else args.quantization,
                     postprocess=not args.raw)
    ner.load()
    try:
        print(report(ner, args.data, args.json))
    finally:
        ner.close()
    return 0


def entity_dicts(entities: list) -> list[dict]:
    return [{"text": e.text, "label": e.label, "start": e.start, "end": e.end,
             "score": e.score} for e in entities]


def format_entities(text: str, entities: list) -> str:
    lines = [text, ""]
    if not entities:
        lines.append("(no diseases or drugs found)")
    for e in entities:
        lines.append(f"  {e.label:<8} {e.start:>5}-{e.end:<5} {e.text}  ({e.score:.2f})")
    return "\n".join(lines)


def run_annotate(args: argparse.Namespace) -> int:
    from engine.errors import ConfigError
    from engine.ner import MedicalNER

    if (args.text is None) == (args.batch is None):
        raise ConfigError("give either a TEXT or --batch FILE")
    ner = MedicalNER(args.model, quantization=args.quantization)
    ner.load()
    try:
        if args.batch is None:
            [entities] = ner.annotate([args.text])
            print(json.dumps({"text": args.text, "entities": entity_dicts(entities)},
                             ensure_ascii=False) if args.json else format_entities(args.text, entities))
            return 0
        try:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"cannot read {args.batch}: {exc.strerror}") from exc
        for start in range(0, len(lines), 256):
            chunk = lines[start:start + 256]
            for text, entities in zip(chunk, ner.annotate(chunk), strict=True):
                if args.json:
                    print(json.dumps({"text": text, "entities": entity_dicts(entities)},
                                     ensure_ascii=False), flush=False)
                else:
                    print(format_entities(text, entities) + "\n")
        sys.stdout.flush()
    finally:
        ner.close()
    return 0


def run_card(args: argparse.Namespace) -> int:
    from engine.training.card import finalize, headline

    scores = finalize(args.model, args.data, args.quantization, args.threads)
    print(json.dumps({"model": str(args.model), "size_bytes": scores["size_bytes"],
                      "results": {name: {"error": r["error"]} if "error" in r else
                                  {"f1": headline(r["scores"]),
                                   "sentences_per_second": r["sentences_per_second"]}
                                  for name, r in scores["results"].items()}}, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m engine.cli.ner ...` until `careqa ner` is registered in engine/cli/main.py."""
    import engine  # noqa: F401  (offline environment)

    parser = argparse.ArgumentParser(prog="careqa")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
