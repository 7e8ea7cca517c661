"""`careqa kb ...`: search, stats, import, the starter library, rebuild."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from engine.cli.options import add_kb_option, settings_from
from engine.modes import audit


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("kb", help="work with the knowledge base")
    sub = parser.add_subparsers(dest="kb_command", required=True, metavar="ACTION")

    search = sub.add_parser("search", help="ranked passages for a query, with provenance")
    search.add_argument("query")
    search.add_argument("--k", type=int, default=5)
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=run_search)

    stats = sub.add_parser("stats", help="collections, documents and passages")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(run=run_stats)

    starter = sub.add_parser("starter", help="build or update the starter library")
    starter.set_defaults(run=run_starter)

    importer = sub.add_parser("import", help="import Markdown or text files and folders")
    importer.add_argument("paths", nargs="+", type=Path)
    importer.add_argument("--collection", default="default")
    importer.set_defaults(run=run_import)

    rebuild = sub.add_parser("rebuild", help="rebuild the search index from the store")
    rebuild.set_defaults(run=run_rebuild)

    for action in (search, stats, starter, importer, rebuild):
        add_kb_option(action)


def run_search(args: argparse.Namespace) -> int:
    from engine.factory import build_retriever

    retriever = build_retriever(settings_from(args))
    try:
        passages = retriever.search(args.query, args.k)
    finally:
        retriever.close()
    if args.json:
        print(json.dumps([asdict(p) | {"location": p.location} for p in passages],
                         ensure_ascii=False, indent=2))
        return 0
    for rank, p in enumerate(passages, start=1):
        where = f", {p.location}" if p.location else ""
        print(f"{rank}. {p.score:.3f}  {p.title}{where}  [{p.collection}: {p.source}]")
        print(f"   {p.text[:200]}{'...' if len(p.text) > 200 else ''}")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from knowledge.library import KnowledgeBase

    kb_dir = settings_from(args).resolved_kb_dir()
    kb = KnowledgeBase(kb_dir, readonly=True)
    try:
        stats = kb.stats()
    finally:
        kb.close()
    if args.json:
        print(json.dumps(asdict(stats) | {"path": str(kb_dir)}))
    else:
        print(f"{kb_dir}: {stats.collections} collections, {stats.documents} documents, "
              f"{stats.passages} passages (generation {stats.generation})")
    return 0


def _audit_import(action: str, collection: str, report) -> None:
    audit("staff", action, collection=collection, imported=len(report.imported),
          unchanged=len(report.unchanged), failed=len(report.failed),
          passages_added=report.passages_added, files=report.imported)


def _print_report(report) -> int:
    print(f"imported {len(report.imported)} files ({report.passages_added} passages), "
          f"{len(report.unchanged)} unchanged, {len(report.failed)} failed", file=sys.stderr)
    for reason in report.failed.values():
        print(f"  failed: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


def run_starter(args: argparse.Namespace) -> int:
    from engine.embeddings import SentenceEmbedder
    from knowledge.starter import build_starter

    report = build_starter(settings_from(args).resolved_kb_dir(), SentenceEmbedder())
    if report.imported:
        _audit_import("kb.starter", "starter", report)
    return _print_report(report)


def run_import(args: argparse.Namespace) -> int:
    from engine.embeddings import SentenceEmbedder
    from knowledge.library import KnowledgeBase

    kb = KnowledgeBase(settings_from(args).resolved_kb_dir(), readonly=False)
    try:
        report = kb.import_files(
            args.paths, SentenceEmbedder(), collection=args.collection,
            on_file=lambda n, total, path: print(f"[{n}/{total}] {path}", file=sys.stderr),
        )
    finally:
        kb.close()
    _audit_import("kb.import", args.collection, report)
    return _print_report(report)


def run_rebuild(args: argparse.Namespace) -> int:
    from knowledge.library import KnowledgeBase

    kb = KnowledgeBase(settings_from(args).resolved_kb_dir(), readonly=False)
    try:
        kb.rebuild_index()
        print(f"rebuilt the index: {kb.stats().passages} passages", file=sys.stderr)
        audit("staff", "kb.rebuild", passages=kb.stats().passages)
    finally:
        kb.close()
    return 0
