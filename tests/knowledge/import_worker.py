"""Run an import in a child process so a test can SIGKILL it part-way (see test_crash_safety).

Prints `committed <file>` (flushed) as each file is committed, so the test knows what must
survive the kill. `--real` uses the real embedding model; otherwise the fast fake one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import knowledge.importing as importing
from knowledge.library import KnowledgeBase


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kb", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--real", action="store_true")
    args = parser.parse_args()
    importing.INDEX_SAVE_SECONDS = 0.0  # save the index after every file: more moments to kill
    importing.FLUSH_CHUNKS = 1  # embed and commit file by file
    importing.EMBED_BATCH = 8
    if args.real:
        from engine.embeddings import SentenceEmbedder

        embedder = SentenceEmbedder()
    else:
        from engine.fakes import FakeEmbedder

        embedder = FakeEmbedder()
    kb = KnowledgeBase(args.kb, readonly=False)
    print("ready", flush=True)
    announced = 0

    def progress(_: importing.ImportProgress) -> None:  # called right after each commit
        nonlocal announced
        for path in run.report.imported[announced:]:
            print(f"committed {path}", flush=True)
        announced = len(run.report.imported)

    run = kb.import_run(embedder, "crash-test", progress=progress)
    run.run([args.folder])
    print("done", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
