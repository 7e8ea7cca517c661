"""SQLite store: documents, their passages with provenance, and each passage's embedding.

The store is the source of truth. The FAISS index (knowledge.index) is derived from the
embeddings kept here, so a lost or stale index is rebuilt from the store in seconds without
re-running the embedding model. Every change runs in one transaction and bumps `generation`,
which names the index file that matches it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from knowledge.documents import Chunk, SourceDocument
from knowledge.errors import KnowledgeBaseError, KnowledgeBaseMissing
from knowledge.types import Passage

SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    tags TEXT NOT NULL DEFAULT '[]',
    UNIQUE (collection, source)
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    section TEXT NOT NULL DEFAULT '',
    page INTEGER,
    record_id TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    embedding BLOB NOT NULL,
    entities TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(document_id);
CREATE INDEX IF NOT EXISTS documents_by_hash ON documents(content_hash);
"""
# Columns added after schema 1; a writer adds them to an older store when it opens it.
_MIGRATIONS = {
    2: ("ALTER TABLE documents ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE chunks ADD COLUMN entities TEXT NOT NULL DEFAULT '[]'",
        "CREATE INDEX IF NOT EXISTS documents_by_hash ON documents(content_hash)"),
}
_PASSAGE_SQL = """
SELECT c.id, c.text, d.title, d.source, d.collection, c.section, COALESCE(NULLIF(c.url, ''), d.url),
       c.page, c.record_id
FROM chunks c JOIN documents d ON d.id = c.document_id
"""


@dataclass(frozen=True)
class StoreStats:
    collections: int
    documents: int
    passages: int
    generation: int


@dataclass(frozen=True)
class CollectionInfo:
    name: str
    documents: int
    passages: int
    last_import: str


@dataclass(frozen=True)
class EntityCount:
    text: str
    label: str
    passages: int
    documents: int


@dataclass(frozen=True)
class DocumentInfo:
    collection: str
    source: str
    title: str
    format: str
    passages: int
    imported_at: str
    url: str
    tags: list[str]


class Store:
    FILENAME = "store.sqlite"

    def __init__(self, directory: Path, *, readonly: bool = False) -> None:
        self.path = directory / self.FILENAME
        if readonly:
            if not self.path.is_file():
                raise KnowledgeBaseMissing(
                    f"No knowledge base at {directory}; run `careqa kb starter` to build the "
                    "starter library or `careqa kb import FILES` to add documents."
                )
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        else:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a killed process never loses a committed transaction (only a power
            # cut can lose the last ones), at a fraction of FULL's fsync cost per file.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            self._migrate()
            self._db.commit()
        self._db.execute("PRAGMA foreign_keys=ON")
        self.readonly = readonly

    def _migrate(self) -> None:
        version = int(self.meta("schema_version", str(SCHEMA_VERSION)))
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[target]:
                self._db.execute(statement)
            self._db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(target),))

    def close(self) -> None:
        self._db.close()

    # --- meta -------------------------------------------------------------------------------
    def meta(self, key: str, default: str = "") -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @property
    def generation(self) -> int:
        return int(self.meta("generation", "0"))

    # --- writes -----------------------------------------------------------------------------
    def add_document(
        self, collection: str, doc: SourceDocument, chunks: Sequence[Chunk], vectors: np.ndarray,
        embedder_name: str, tags: Sequence[str] = (),
        entities: Sequence[list[dict[str, str]]] | None = None,
    ) -> tuple[list[int], list[int]]:
        """Replace any earlier version of the document and add its passages, in one transaction.

        `entities` holds each chunk's recognised terms ({"text", "label"}), when tagged.
        Returns (new passage ids, ids of the passages it replaced). Bumps the generation.
        """
        if len(chunks) != len(vectors):
            raise ValueError("one embedding per chunk is required")
        entities = entities if entities is not None else [[] for _ in chunks]
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._db:  # one transaction: all of it or none of it
            self._check_embedder(embedder_name, vectors.shape[1])
            replaced = self._delete_documents("d.collection = ? AND d.source = ?",
                                              (collection, doc.source))
            cur = self._db.execute(
                "INSERT INTO documents (collection, source, title, url, format, content_hash,"
                " imported_at, metadata, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (collection, doc.source, doc.title, doc.url, doc.format, doc.content_hash, now,
                 json.dumps(doc.metadata, default=str), json.dumps(list(tags))),
            )
            document_id = cur.lastrowid
            ids: list[int] = []
            rows = zip(chunks, vectors.astype(np.float32), entities, strict=True)
            for chunk, vector, terms in rows:
                cur = self._db.execute(
                    "INSERT INTO chunks (document_id, ordinal, section, page, record_id, url, text,"
                    " embedding, entities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (document_id, chunk.ordinal, chunk.section, chunk.page, chunk.record_id,
                     chunk.url, chunk.text, vector.tobytes(), json.dumps(terms)),
                )
                if cur.lastrowid is None:  # sqlite3 sets it after every INSERT
                    raise KnowledgeBaseError("the store did not give the new passage an id")
                ids.append(cur.lastrowid)
            self._bump_generation()
        return ids, replaced

    def remove_document(self, collection: str, source: str) -> list[int]:
        """Delete one document; returns the ids of its passages (empty if it was not there)."""
        return self._remove("d.collection = ? AND d.source = ?", (collection, source))

    def remove_collection(self, collection: str) -> list[int]:
        return self._remove("d.collection = ?", (collection,))

    def _remove(self, where: str, params: tuple) -> list[int]:
        with self._db:
            removed = self._delete_documents(where, params)
            if removed:
                self._bump_generation()
        return removed

    def _delete_documents(self, where: str, params: tuple) -> list[int]:
        passage_ids = [
            row[0] for row in self._db.execute(
                f"SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE {where}",
                params,
            )
        ]
        self._db.execute(f"DELETE FROM documents AS d WHERE {where}", params)
        return passage_ids

    def _check_embedder(self, name: str, dimension: int) -> None:
        known = self.meta("embedding_model")
        if not known:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('embedding_model', ?)", (name,))
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('embedding_dim', ?)", (str(dimension),)
            )
        elif known != name:
            raise KnowledgeBaseError(
                f"This knowledge base was built with the {known} embedding model, not {name}; "
                "import into a new knowledge base folder or switch back to that model."
            )

    def _bump_generation(self) -> None:
        self._db.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET"
            " value = CAST(value AS INTEGER) + 1"
        )

    # --- reads ------------------------------------------------------------------------------
    def document_hash(self, collection: str, source: str) -> str | None:
        row = self._db.execute(
            "SELECT content_hash FROM documents WHERE collection = ? AND source = ?",
            (collection, source),
        ).fetchone()
        return row[0] if row else None

    def same_content(self, content_hash: str) -> tuple[str, str] | None:
        """(collection, source) of a document already holding exactly this content, if any."""
        row = self._db.execute(
            "SELECT collection, source FROM documents WHERE content_hash = ? LIMIT 1",
            (content_hash,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def passages(self, ids: Iterable[int]) -> dict[int, Passage]:
        found: dict[int, Passage] = {}
        for batch in _batched(list(ids)):
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"{_PASSAGE_SQL} WHERE c.id IN ({marks})", batch).fetchall()
            found.update((row[0], Passage(*row)) for row in rows)
        return found

    def vectors(self, ids: Sequence[int]) -> dict[int, np.ndarray]:
        found: dict[int, np.ndarray] = {}
        for batch in _batched(list(ids)):
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT id, embedding FROM chunks WHERE id IN ({marks})", batch
            ).fetchall()
            found.update((i, np.frombuffer(blob, dtype=np.float32)) for i, blob in rows)
        return found

    def match_text(self, ids: Sequence[int]) -> dict[int, str]:
        """Per passage, the lower-cased words that say what it is about: the document title
        (a MedQuAD focus, a topic name), the section, the document's tags and the passage's
        recognised terms. Retrieval boosts passages whose match text names a question's term."""
        found: dict[int, str] = {}
        for batch in _batched(list(ids)):
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                "SELECT c.id, d.title, c.section, d.tags, c.entities FROM chunks c"
                f" JOIN documents d ON d.id = c.document_id WHERE c.id IN ({marks})", batch,
            ).fetchall()
            for passage_id, title, section, tags, entities in rows:
                words = [title, section, *json.loads(tags), *(e["text"] for e in json.loads(entities))]
                found[passage_id] = " | ".join(words).lower()
        return found

    def entity_counts(self, label: str | None = None) -> list[EntityCount]:
        """Recognised terms across the library, most passages first (for browsing)."""
        where, params = ("WHERE json_extract(e.value, '$.label') = ?", (label,)) if label else ("", ())
        rows = self._db.execute(
            "SELECT json_extract(e.value, '$.text') AS term, json_extract(e.value, '$.label'),"
            " COUNT(DISTINCT c.id), COUNT(DISTINCT c.document_id)"
            f" FROM chunks c, json_each(c.entities) e {where}"
            " GROUP BY term ORDER BY COUNT(DISTINCT c.id) DESC, term", params,
        )
        return [EntityCount(*row) for row in rows]

    def embeddings(self, batch: int = 10_000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """All (ids, vectors) in batches, for rebuilding the index without the model."""
        dim = int(self.meta("embedding_dim", "0"))
        cur = self._db.execute("SELECT id, embedding FROM chunks ORDER BY id")
        while rows := cur.fetchmany(batch):
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
            yield ids, vectors.reshape(len(rows), dim)

    def lexical_texts(self) -> Iterator[tuple[int, str]]:
        """(passage id, the words keyword search sees: title, section and text) in id order."""
        yield from self._db.execute(
            "SELECT c.id, d.title || ' ' || c.section || ' ' || c.text"
            " FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY c.id"
        )

    def stats(self) -> StoreStats:
        collections, documents = self._db.execute(
            "SELECT COUNT(DISTINCT collection), COUNT(*) FROM documents"
        ).fetchone()
        (passages,) = self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()
        return StoreStats(collections, documents, passages, self.generation)

    def collections(self) -> list[CollectionInfo]:
        rows = self._db.execute(
            "SELECT d.collection, COUNT(DISTINCT d.id), COUNT(c.id), MAX(d.imported_at)"
            " FROM documents d LEFT JOIN chunks c ON c.document_id = d.id"
            " GROUP BY d.collection ORDER BY d.collection"
        )
        return [CollectionInfo(*row) for row in rows]

    def documents(self, collection: str | None = None, entity: str | None = None
                  ) -> list[DocumentInfo]:
        """Documents, optionally of one collection and/or mentioning a recognised term. A term
        matches the recognised terms it is a whole-word part of: "gout" finds "gout flares"."""
        clauses, params = [], []
        if collection:
            clauses.append("d.collection = ?")
            params.append(collection)
        if entity:
            clauses.append("d.id IN (SELECT c2.document_id FROM chunks c2, json_each(c2.entities) e"
                           " WHERE ' ' || json_extract(e.value, '$.text') || ' ' LIKE ?"
                           " ESCAPE '\\')")
            term = " ".join(entity.lower().split())
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"% {escaped} %")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._db.execute(
            "SELECT d.collection, d.source, d.title, d.format, COUNT(c.id), d.imported_at, d.url,"
            f" d.tags FROM documents d LEFT JOIN chunks c ON c.document_id = d.id {where}"
            " GROUP BY d.id ORDER BY d.collection, d.source", params,
        )
        return [DocumentInfo(collection, source, title, fmt, passages, imported_at, url, json.loads(tags))
                for collection, source, title, fmt, passages, imported_at, url, tags in rows]


def _batched(ids: list[int], size: int = 900) -> Iterator[list[int]]:
    """SQLite caps the number of `?` parameters in one statement."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
