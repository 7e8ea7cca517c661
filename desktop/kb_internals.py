"""Knowledge-base names the desktop uses, looked up when first used.

The parsers and search libraries behind them take most of a second to import, which belongs on
the library thread (see `warm_up`), not on the UI thread opening a dialog; the public packages
load each name lazily on first attribute access.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import engine
import knowledge

if TYPE_CHECKING:
    from knowledge import Embedder


def warm_up() -> None:
    """Import the parsers and the search libraries (call it on the library thread)."""
    for name in ("read_document", "expand_paths", "KnowledgeBase"):
        getattr(knowledge, name)


def read_document(path: Path) -> Any:
    """A SourceDocument, or ImportFailed with the reason."""
    return knowledge.read_document(path)


def detect_format(path: Path) -> str:
    return knowledge.detect_format(path)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Folders replaced by the supported files in them, as the import will read them."""
    return knowledge.expand_paths(paths)


def supported_suffixes() -> tuple[str, ...]:
    return knowledge.SUPPORTED_SUFFIXES


def sentence_embedder() -> Embedder:
    """The real MiniLM embedder (not loaded yet: loading belongs on the library thread)."""
    return engine.SentenceEmbedder()
