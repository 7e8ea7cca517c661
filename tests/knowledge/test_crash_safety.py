"""SIGKILL a real import process at many moments: what was committed stays, nothing is half-written.

After each kill the knowledge base must pass SQLite's integrity check, hold every file the
process reported as committed, hold each document whole (all of its passages or none), open for
reading with both indexes matching the store, and finish cleanly when the import is run again.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge.chunking import chunk_sections
from knowledge.importers import read_document
from knowledge.library import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]
FILES = 40


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    for n in range(FILES):
        sections = "\n\n".join(
            f"## Part {s}\n" + " ".join(f"Sentence {k} of part {s} in topic {n} about care."
                                        for k in range(30))
            for s in range(6))
        (docs / f"topic {n:02d} é.md").write_text(f"# Topic {n}\n\n{sections}\n", encoding="utf-8")
    return docs


def expected_passages(folder: Path) -> dict[str, int]:
    return {str(p): len(chunk_sections(read_document(p).sections)) for p in folder.glob("*.md")}


def start_import(kb: Path, folder: Path, real: bool = False) -> subprocess.Popen:
    command = [sys.executable, str(Path(__file__).with_name("import_worker.py")), str(kb),
               str(folder)] + (["--real"] if real else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)


def kill_after(process: subprocess.Popen, commits: int, delay: float) -> list[str]:
    """Read progress until `commits` files are committed, wait `delay`, then SIGKILL."""
    committed: list[str] = []
    for line in process.stdout:
        if line.startswith("committed "):
            committed.append(line.removeprefix("committed ").strip())
        if line.strip() == "done":
            break
        if len(committed) >= commits:
            time.sleep(delay)
            break
    process.send_signal(signal.SIGKILL)
    committed += [line.removeprefix("committed ").strip()
                  for line in process.stdout if line.startswith("committed ")]
    process.wait()
    return committed


def assert_consistent(kb_dir: Path, committed: list[str], expected: dict[str, int]) -> None:
    db = sqlite3.connect(kb_dir / "store.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counts = dict(db.execute(
        "SELECT d.source, COUNT(c.id) FROM documents d LEFT JOIN chunks c"
        " ON c.document_id = d.id GROUP BY d.id"))
    db.close()
    assert set(committed) <= set(counts), "a committed file was lost"
    for source, count in counts.items():
        assert count == expected[source], f"{source} is half-written"
    reader = KnowledgeBase(kb_dir)
    passages = reader.stats().passages
    assert reader.index.ntotal == reader.lexical.size == passages == sum(counts.values())
    reader.close()


@pytest.mark.slow
@pytest.mark.parametrize(("commits", "delay"), [
    (0, 0.0), (1, 0.0), (1, 0.003), (3, 0.01), (7, 0.0), (12, 0.02), (20, 0.005), (31, 0.0),
])
def test_sigkill_during_import_loses_nothing_committed(tmp_path, folder, commits, delay):
    expected = expected_passages(folder)
    kb_dir = tmp_path / "kb"
    process = start_import(kb_dir, folder)
    assert process.stdout.readline().strip() == "ready"
    committed = kill_after(process, commits, delay)
    assert process.returncode == -signal.SIGKILL
    assert len(committed) >= commits
    if (kb_dir / "store.sqlite").exists():
        assert_consistent(kb_dir, committed, expected)
    finished = start_import(kb_dir, folder)
    finished.communicate(timeout=120)
    assert finished.returncode == 0
    assert_consistent(kb_dir, list(expected), expected)


@pytest.mark.slow
@pytest.mark.integration
def test_sigkill_during_a_real_model_import(tmp_path, folder):
    expected = expected_passages(folder)
    process = start_import(tmp_path / "kb", folder, real=True)
    assert process.stdout.readline().strip() == "ready"
    committed = kill_after(process, 2, 0.05)
    assert_consistent(tmp_path / "kb", committed, expected)
