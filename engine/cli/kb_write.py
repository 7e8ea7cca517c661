"""`careqa kb import | remove | starter | rebuild`: the commands that change the knowledge base.

Every change is written to the staff audit log.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.cli.options import settings_from
from engine.modes import audit


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


def _writable(args: argparse.Namespace):
    from knowledge.library import KnowledgeBase

    return KnowledgeBase(settings_from(args).resolved_kb_dir(), readonly=False)


def _audit_import(action: str, collection: str, report) -> None:
    audit("staff", action, collection=collection, imported=len(report.imported),
          unchanged=len(report.unchanged), duplicates=len(report.duplicates),
          failed=len(report.failed), passages_added=report.passages_added,
          cancelled=report.cancelled, files=report.imported)


def _print_report(report) -> int:
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
        self._bar = None
        self._enabled = enabled

    def __call__(self, progress) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=progress.bytes_total, unit="B", unit_scale=True,
                             file=sys.stderr, dynamic_ncols=True)
        self._bar.update(progress.bytes_done - self._bar.n)
        name = Path(progress.current_file).name if progress.current_file else ""
        self._bar.set_postfix_str(
            f"{progress.files_done}/{progress.files_total} files, {progress.records} records, "
            f"{progress.chunks} passages, {progress.rate:.0f}/s {name[:30]}", refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def run_import(args: argparse.Namespace) -> int:
    from engine.embeddings import SentenceEmbedder
    from engine.factory import build_tagger

    settings = settings_from(args)
    tagger = None if args.no_terms else build_tagger(settings)
    kb = _writable(args)
    bar = _ProgressBar(enabled=not args.quiet and sys.stderr.isatty())
    try:
        report = kb.import_files(args.paths, SentenceEmbedder(), collection=args.collection,
                                 tags=args.tags, progress=bar, tagger=tagger)
    except KeyboardInterrupt:  # Ctrl+C: every file committed so far stays
        print("\ninterrupted: files imported before this point are kept", file=sys.stderr)
        return 130
    finally:
        bar.close()
        kb.close()
    _audit_import("kb.import", args.collection, report)
    return _print_report(report)


def run_remove(args: argparse.Namespace) -> int:
    kb = _writable(args)
    try:
        collections = {c.name for c in kb.collections()}
        if args.collection is None and args.name in collections:
            removed, what = kb.remove_collection(args.name), f"collection {args.name}"
        else:
            matches = [d for d in kb.documents(args.collection) if d.source == args.name]
            if len(matches) != 1:
                reason = "several collections have it; add --collection" if matches else \
                    "no collection or document by that name (see `careqa kb list`)"
                print(f"careqa kb remove: {args.name}: {reason}", file=sys.stderr)
                return 1
            doc = matches[0]
            removed = kb.remove_document(doc.collection, doc.source)
            what = f"document {doc.source} from {doc.collection}"
    finally:
        kb.close()
    audit("staff", "kb.remove", target=what, passages=removed)
    print(f"removed {what} ({removed} passages)", file=sys.stderr)
    return 0


def run_starter(args: argparse.Namespace) -> int:
    from engine.embeddings import SentenceEmbedder
    from engine.factory import build_tagger
    from knowledge.starter import build_starter

    settings = settings_from(args)
    report = build_starter(settings.resolved_kb_dir(), SentenceEmbedder(), build_tagger(settings))
    if report.imported:
        _audit_import("kb.starter", "starter", report)
    return _print_report(report)


def run_rebuild(args: argparse.Namespace) -> int:
    kb = _writable(args)
    try:
        kb.rebuild_index()
        passages = kb.stats().passages
    finally:
        kb.close()
    print(f"rebuilt the indexes: {passages} passages", file=sys.stderr)
    audit("staff", "kb.rebuild", passages=passages)
    return 0
