"""Options shared by several commands and how they override settings."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.settings import Settings


def add_kb_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kb", type=Path, metavar="DIR", help="knowledge base folder")


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "model", None):
        overrides["model"] = args.model
    if getattr(args, "k", None):
        overrides["top_k_passages"] = args.k
    if getattr(args, "kb", None):
        overrides["kb_dir"] = args.kb
    if getattr(args, "gpu_layers", None) is not None:
        overrides["gpu_layers"] = args.gpu_layers
    return Settings(**overrides)


def gpu_layers_arg(value: str) -> str | int:
    if value in ("auto", "cpu"):
        return value
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("use auto, cpu or a number of layers") from None
