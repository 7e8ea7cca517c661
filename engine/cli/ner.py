"""`careqa ner train | eval`: fine-tune the DISEASE / DRUG tagger and score it on test sets."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from engine.ner import DEFAULT_MODEL_DIR


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("ner", help="train or evaluate the medical NER model")
    sub = parser.add_subparsers(dest="ner_command", required=True, metavar="SUBCOMMAND")

    train = sub.add_parser("train", help="fine-tune on CoNLL corpora (train/devel/test.tsv)")
    train.add_argument("--data", type=Path, nargs="+", required=True, metavar="DIR",
                       help="corpus folders, e.g. NCBI-disease-IOB BC5CDR-IOB")
    train.add_argument("--base", type=Path, metavar="PATH",
                       help="base model folder (default: packaged all-MiniLM-L6-v2)")
    train.add_argument("--epochs", type=int, default=3)
    train.add_argument("--seed", type=int, default=13)
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR, metavar="DIR")
    train.add_argument("--batch-size", type=int, default=32)
    train.add_argument("--lr", type=float, default=5e-5)
    train.add_argument("--max-length", type=int, default=128)
    train.add_argument("--patience", type=int, default=2, help="epochs without devel gain")
    train.add_argument("--max-steps", type=int, help="stop after this many steps")
    train.add_argument("--fp32-weights", action="store_true", help="save fp32, not fp16")
    train.set_defaults(run=run_train)

    evaluate = sub.add_parser("eval", help="entity-level strict P/R/F1 per type")
    evaluate.add_argument("--data", type=Path, nargs="+", required=True, metavar="FILE_OR_DIR",
                          help="a .tsv file or a corpus folder (its test.tsv)")
    evaluate.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR, metavar="PATH")
    evaluate.add_argument("--fp32", action="store_true", help="do not quantize to int8")
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(run=run_eval)


def run_train(args: argparse.Namespace) -> int:
    from engine.training.train import TrainConfig, train

    cfg = TrainConfig(data=args.data, base=args.base, out=args.out, epochs=args.epochs,
                      seed=args.seed, batch_size=args.batch_size, lr=args.lr,
                      max_length=args.max_length, patience=args.patience,
                      max_steps=args.max_steps, fp16=not args.fp32_weights,
                      command="careqa " + shlex.join(sys.argv[1:]))
    summary = train(cfg)
    print(json.dumps({"out": str(args.out), "best_epoch": summary["best_epoch"],
                      "train_seconds": summary["train_seconds"], "test": summary["test"]},
                     indent=2))
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from engine.ner import MedicalNER
    from engine.training.evaluate import report

    ner = MedicalNER(args.model, quantize=not args.fp32)
    ner.load()
    try:
        print(report(ner, args.data, args.json))
    finally:
        ner.close()
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
