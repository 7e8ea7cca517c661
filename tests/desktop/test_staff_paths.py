"""The CLI and the desktop share one staff path (engine.library_admin): the same file imported
both ways is stored with the same disease and drug tags and audited with the same entry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.library_tasks import LibraryTasks
from engine.modes import read_audit
from knowledge import KnowledgeBase

pytestmark = [pytest.mark.integration, pytest.mark.gui]

LEAFLET = """# Living with diabetes and asthma

## Medicines

Metformin is often the first medicine for type 2 diabetes. Some people also take insulin.

## Breathing

Asthma is treated with inhalers. Salbutamol relieves symptoms quickly; a steroid inhaler
such as beclometasone prevents attacks. Pneumonia can make asthma worse.
"""


def stored(kb_dir: Path) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, list[str]]]]:
    kb = KnowledgeBase(kb_dir)
    try:
        terms = [(e.text, e.label, e.passages) for e in kb.entity_counts()]
        documents = [(d.title, d.collection, d.tags) for d in kb.documents()]
    finally:
        kb.close()
    return terms, documents


def without_time(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if key != "at"}


def test_a_desktop_import_tags_and_audits_exactly_as_the_cli(qtbot, tmp_path):
    leaflet = tmp_path / "leaflet.md"
    leaflet.write_text(LEAFLET)
    cli_kb, desktop_kb = tmp_path / "cli-kb", tmp_path / "desktop-kb"

    done = subprocess.run(
        [sys.executable, "-m", "engine", "kb", "import", str(leaflet), "--kb", str(cli_kb),
         "--collection", "leaflets", "--tag", "2026", "--quiet"],
        capture_output=True, text=True, timeout=600, env=os.environ.copy())
    assert done.returncode == 0, done.stderr

    # The desktop's defaults: the configured embedding and NER models, as the CLI's.
    tasks = LibraryTasks(desktop_kb)
    reports: list = []
    try:
        tasks.import_files([leaflet], "leaflets", ["2026"], parent=tasks,
                           progress=lambda _progress: None, success=reports.append,
                           failure=lambda error: pytest.fail(str(error)))
        qtbot.waitUntil(lambda: bool(reports), timeout=300_000)
    finally:
        tasks.stop()
    assert reports[0].imported == [str(leaflet)] and not reports[0].failed

    cli_terms, cli_documents = stored(cli_kb)
    desktop_terms, desktop_documents = stored(desktop_kb)
    assert desktop_terms == cli_terms
    assert desktop_documents == cli_documents == [("Living with diabetes and asthma", "leaflets",
                                                   ["2026"])]
    found = {(text, label) for text, label, _passages in cli_terms}
    assert {("metformin", "DRUG"), ("asthma", "DISEASE")} <= found, found

    entries = [without_time(e) for e in read_audit() if e["action"] == "kb.import"]
    assert len(entries) == 2 and entries[0] == entries[1]
    assert entries[0]["imported"] == 1 and entries[0]["files"] == [str(leaflet)]
