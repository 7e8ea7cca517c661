"""`careqa kb ...`: search, stats, list, entities (reading); import, remove, starter, rebuild (kb_write)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from engine.cli import kb_write
from engine.cli.options import add_kb_option, settings_from
from engine.entities import terms
from engine.types import Passage

if TYPE_CHECKING:
    from knowledge.store import Store


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("kb", help="work with the knowledge base")
    sub = parser.add_subparsers(dest="kb_command", required=True, metavar="ACTION")

    search = sub.add_parser("search", help="ranked passages for a query, with provenance")
    search.add_argument("query", nargs="?", help="the query (or --batch FILE)")
    search.add_argument("--batch", type=Path, metavar="FILE",
                        help="one query per line; one JSON line out per query")
    search.add_argument("--k", type=int, default=5)
    search.add_argument("--mode", choices=("hybrid", "dense", "lexical"), default="hybrid",
                        help="keyword + vector fusion (default), or one of them alone")
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=run_search)

    stats = sub.add_parser("stats", help="collections, documents and passages")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(run=run_stats)

    listing = sub.add_parser("list", help="collections, or the documents of one collection")
    listing.add_argument("collection", nargs="?")
    listing.add_argument("--entity", metavar="TERM",
                         help="only documents mentioning this disease or drug")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=run_list)

    entities = sub.add_parser("entities", help="diseases and drugs the library mentions")
    entities.add_argument("--label", choices=("DISEASE", "DRUG"))
    entities.add_argument("--json", action="store_true")
    entities.set_defaults(run=run_entities)

    parsers = [search, stats, listing, entities, *kb_write.register(sub)]
    for action in parsers:
        add_kb_option(action)


def passage_json(passage: Passage, rank: int) -> dict:
    return {"rank": rank, **asdict(passage), "location": passage.location}


def run_search(args: argparse.Namespace) -> int:
    from engine.factory import build_retriever, build_tagger
    from knowledge.library import SearchMode

    if (args.query is None) == (args.batch is None):
        raise SystemExit("careqa kb search: give a query or --batch FILE (not both)")
    settings = settings_from(args)
    retriever = build_retriever(settings)
    retriever.mode = SearchMode(args.mode)
    tagger = build_tagger(settings)
    try:
        if args.batch is not None:
            return _search_batch(retriever, tagger, args)
        passages = _search(retriever, tagger, args.query, args.k)
    finally:
        retriever.close()
    if args.json:
        print(json.dumps([passage_json(p, n) for n, p in enumerate(passages, 1)],
                         ensure_ascii=False, indent=2))
        return 0
    for rank, p in enumerate(passages, start=1):
        where = f", {p.location}" if p.location else ""
        record = f" #{p.record_id}" if p.record_id else ""
        print(f"{rank}. {p.score:.3f}  {p.title}{where}  [{p.collection}: {p.source}{record}]")
        print(f"   {p.text[:200]}{'...' if len(p.text) > 200 else ''}")
    return 0


def _search(retriever, tagger, query: str, k: int) -> list[Passage]:
    """As the assistant searches: favouring passages about the diseases and drugs named."""
    entities = terms(tagger.annotate([query])[0]) if tagger is not None else []
    return retriever.search(query, k, entities)


def _search_batch(retriever, tagger, args: argparse.Namespace) -> int:
    """The models load once; each query's result is printed (and flushed) as soon as it is ready."""
    with args.batch.open(encoding="utf-8") as lines:
        for line in lines:
            query = line.strip()
            if not query:
                continue
            passages = _search(retriever, tagger, query, args.k)
            print(json.dumps({"query": query,
                              "passages": [passage_json(p, n) for n, p in enumerate(passages, 1)]},
                             ensure_ascii=False), flush=True)
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


def _read_store(args: argparse.Namespace, read: Callable[[Store], list]) -> list:
    """Rows from the store alone (no index, no model): fast listings."""
    from knowledge.store import Store

    store = Store(settings_from(args).resolved_kb_dir(), readonly=True)
    try:
        rows = read(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
    return rows


def run_list(args: argparse.Namespace) -> int:
    by_document = bool(args.collection or args.entity)
    rows = _read_store(args, lambda store: store.documents(args.collection, args.entity)
                       if by_document else store.collections())
    if args.json:
        return 0
    if by_document and not rows:
        print("no documents match", file=sys.stderr)
        return 1
    for row in rows:
        if by_document:
            print(f"{row.collection}: {row.source}  [{row.format}, {row.passages} passages]  "
                  f"{row.title}")
        else:
            print(f"{row.name}: {row.documents} documents, {row.passages} passages "
                  f"(last import {row.last_import})")
    return 0


def run_entities(args: argparse.Namespace) -> int:
    rows = _read_store(args, lambda store: store.entity_counts(args.label))
    if args.json:
        return 0
    for row in rows:
        print(f"{row.text}  [{row.label}]  {row.passages} passages in {row.documents} documents")
    return 0
