"""`careqa kb import | remove | starter | rebuild`: the commands that change the knowledge base.

They call engine.library_admin, as the desktop does, which writes every change to the staff
audit log and tags imported passages with the configured NER model.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cli.options import settings_from

if TYPE_CHECKING:
    from tqdm import tqdm

    from engine.library_admin import LibraryAdmin
    from knowledge.importing import ImportProgress, ImportReport


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    importer = sub.add_parser(
        "import", help="import files and folders (Markdown, text, HTML, PDF, Word, CSV, JSONL, "
        "MedQuAD and MedlinePlus XML)")
    importer.add_argument("paths", nargs="+", type=Path)
    importer.add_argument("--collection", default="default")
    importer.add_argument("--tag", action="append", default=[], dest="tags",
                          help="label the imported documents (repeatable)")
    importer.add_argument("--quiet", action="store_true", help="no progress bar")
    importer.add_argument("--no-terms", action="store_true",
                          help="do not tag passages with recognised diseases and drugs (faster)")
    importer.set_defaults(run=run_import)

    remove = sub.add_parser("remove", help="remove a collection, or one document")
    remove.add_argument("name", help="a collection name, or a document's source as `kb list` shows")
    remove.add_argument("--collection", help="the collection of the document to remove")
    remove.set_defaults(run=run_remove)

    starter = sub.add_parser("starter", help="build or update the starter library")
    starter.set_defaults(run=run_starter)

    rebuild = sub.add_parser("rebuild", help="rebuild the search indexes from the store")
    rebuild.set_defaults(run=run_rebuild)
    return [importer, remove, starter, rebuild]


def _admin(args: argparse.Namespace, *, terms: bool = True) -> LibraryAdmin:
    from engine.library_admin import LibraryAdmin, configured_tagger

    settings = settings_from(args)
    tagger = configured_tagger(settings) if terms else (lambda: None)
    return LibraryAdmin(settings.resolved_kb_dir(), tagger=tagger)


def _print_report(report: ImportReport) -> int:
    print(f"imported {len(report.imported)} files ({report.records_added} records, "
          f"{report.passages_added} passages), {len(report.unchanged)} unchanged, "
          f"{len(report.duplicates)} duplicates, {len(report.failed)} failed", file=sys.stderr)
    for path, original in report.duplicates.items():
        print(f"  duplicate: {path} has the same content as {original}", file=sys.stderr)
    for path, warnings in report.warnings.items():
        for warning in warnings:
            print(f"  warning: {path}: {warning}", file=sys.stderr)
    for reason in report.failed.values():
        print(f"  failed: {reason}", file=sys.stderr)
    if report.cancelled:
        print(f"  cancelled: {len(report.not_started)} files not imported", file=sys.stderr)
    return 1 if report.failed or report.cancelled else 0


class _ProgressBar:
    """A tqdm bar over bytes, showing passages, records and the current file."""

    def __init__(self, enabled: bool) -> None:
        self._bar: tqdm | None = None
        self._enabled = enabled

    def __call__(self, progress: ImportProgress) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=progress.bytes_total, unit="B", unit_scale=True,
                             file=sys.stderr, dynamic_ncols=True)
        bar = self._bar
        bar.update(progress.bytes_done - bar.n)
        name = Path(progress.current_file).name if progress.current_file else ""
        bar.set_postfix_str(
            f"{progress.files_done}/{progress.files_total} files, {progress.records} records, "
            f"{progress.chunks} passages, {progress.rate:.0f}/s {name[:30]}", refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def run_import(args: argparse.Namespace) -> int:
    admin = _admin(args, terms=not args.no_terms)
    bar = _ProgressBar(enabled=not args.quiet and sys.stderr.isatty())
    try:
        report = admin.import_files(args.paths, args.collection, tags=args.tags, progress=bar)
    except KeyboardInterrupt:  # Ctrl+C: every file committed so far stays
        print("\ninterrupted: files imported before this point are kept", file=sys.stderr)
        return 130
    finally:
        bar.close()
        admin.close()
    return _print_report(report)


def run_remove(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        collections = {c.name for c in admin.collections()}
        if args.collection is None and args.name in collections:
            removal = admin.remove_collection(args.name)
        else:
            matches = [d for d in admin.documents(args.collection) if d.source == args.name]
            if len(matches) != 1:
                reason = "several collections have it; add --collection" if matches else \
                    "no collection or document by that name (see `careqa kb list`)"
                print(f"careqa kb remove: {args.name}: {reason}", file=sys.stderr)
                return 1
            removal = admin.remove_document(matches[0].collection, matches[0].source)
    finally:
        admin.close()
    print(f"removed {removal.what} ({removal.passages} passages)", file=sys.stderr)
    return 0


def run_starter(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        report = admin.import_starter()
    finally:
        admin.close()
    return _print_report(report)


def run_rebuild(args: argparse.Namespace) -> int:
    admin = _admin(args)
    try:
        passages = admin.rebuild()
    finally:
        admin.close()
    print(f"rebuilt the indexes: {passages} passages", file=sys.stderr)
    return 0
