"""The knowledge manager (list, remove, rebuild, import; audited) and the staff-only Knowledge
menu in the main window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QScrollBar, QWidget

from desktop.import_wizard import ImportWizard
from desktop.knowledge_manager import KnowledgeManager
from desktop.main_window import MainWindow
from engine import set_pin
from engine.fakes import FakeChatModel, FakeEmbedder, FakeRetriever, passage
from engine.modes import read_audit
from engine.service import AnswerOptions, Assistant
from knowledge import KnowledgeBase

pytestmark = pytest.mark.gui


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    kb_dir = tmp_path / "kb"
    kb = KnowledgeBase(kb_dir, readonly=False)
    try:
        leaflets = write(tmp_path / "leaflets", {
            "hiccups.md": "# Hiccups\n\nThey stop on their own.\n\n## Doctor\n\nAfter two days.\n",
            "sunburn.txt": "Sunburn is skin damage from ultraviolet light.\n"})
        first_aid = write(tmp_path / "first-aid", {"burns.md": "# Burns\n\nCool the burn.\n"})
        kb.import_files([leaflets], FakeEmbedder(), "leaflets", tags=["clinic"])
        kb.import_files([first_aid], FakeEmbedder(), "first aid")
    finally:
        kb.close()
    return kb_dir


@pytest.fixture
def open_manager(qtbot, tagger):
    """Opens managers and, even when a test fails half-way, stops their library threads."""
    opened: list[KnowledgeManager] = []

    def open_one(kb_dir: Path, wait_for_documents: bool = True) -> KnowledgeManager:
        manager = KnowledgeManager(kb_dir, FakeEmbedder, tagger=lambda: tagger)
        qtbot.addWidget(manager)
        manager.show()
        opened.append(manager)
        if wait_for_documents:
            qtbot.waitUntil(lambda: manager.documents.rowCount() > 0, timeout=10_000)
        return manager

    yield open_one
    for manager in opened:
        manager.shutdown()


def answer_confirmations(monkeypatch, yes: bool) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def cells(model) -> list[list[str]]:
    return [[model.text(row, c) for c in range(model.columnCount())] for row in range(model.rowCount())]


def select(qtbot, manager: KnowledgeManager, collection: str) -> None:
    names = [info.name for info in manager.collections.items]
    manager.collection_table.selectRow(names.index(collection))
    qtbot.waitUntil(lambda: {d.collection for d in manager.documents.items} == {collection},
                    timeout=10_000)


def wait_for_write(qtbot, manager: KnowledgeManager) -> None:
    qtbot.waitUntil(lambda: not manager.busy, timeout=10_000)
    qtbot.waitUntil(lambda: manager.remove_collection_button.isEnabled(), timeout=10_000)


def test_lists_collections_and_the_selected_ones_documents(qtbot, open_manager, kb_dir):
    manager = open_manager(kb_dir)
    rows = cells(manager.collections)
    assert [row[:3] for row in rows] == [["first aid", "1", "1"], ["leaflets", "2", "3"]]
    assert len(rows[0][3]) == len("2024-05-01 09:30")
    assert [d.title for d in manager.documents.items] == ["Burns"]  # the first is selected

    select(qtbot, manager, "leaflets")
    documents = cells(manager.documents)
    assert [row[:4] + row[5:] for row in documents] == [
        ["Hiccups", "hiccups.md", "markdown", "2", "clinic"],
        ["sunburn", "sunburn.txt", "text", "1", "clinic"]]
    assert not manager.remove_document_button.isEnabled()  # no document selected yet
    manager.document_table.selectRow(1)
    assert manager.remove_document_button.isEnabled()


def test_remove_document_asks_first_and_is_audited(qtbot, open_manager, kb_dir, monkeypatch):
    manager = open_manager(kb_dir)
    select(qtbot, manager, "leaflets")
    manager.document_table.selectRow(0)
    asked = answer_confirmations(monkeypatch, yes=False)
    qtbot.mouseClick(manager.remove_document_button, Qt.MouseButton.LeftButton)
    assert asked and "Remove \u201cHiccups\u201d (hiccups.md, 2 passages)" in asked[0]
    assert not manager.busy and len(KnowledgeBase(kb_dir).documents("leaflets")) == 2

    answer_confirmations(monkeypatch, yes=True)
    source = manager.documents.items[0].source
    manager.remove_document_button.click()
    assert manager.busy and not manager.rebuild_button.isEnabled()  # one write at a time
    wait_for_write(qtbot, manager)
    assert manager.status.text() == f"Removed document {source} from leaflets (2 passages)."
    assert [d.title for d in KnowledgeBase(kb_dir).documents("leaflets")] == ["sunburn"]
    qtbot.waitUntil(lambda: cells(manager.collections)[1][:3] == ["leaflets", "1", "1"])
    qtbot.waitUntil(lambda: [d.title for d in manager.documents.items] == ["sunburn"])
    entry = read_audit()[-1]
    assert (entry["actor"], entry["action"], entry["target"], entry["passages"]) == (
        "staff", "kb.remove", f"document {source} from leaflets", 2)


def test_remove_collection_then_rebuild(qtbot, open_manager, kb_dir, monkeypatch):
    manager = open_manager(kb_dir)
    asked = answer_confirmations(monkeypatch, yes=True)
    manager.remove_collection_button.click()  # "first aid" is selected
    assert "Remove the collection \u201cfirst aid\u201d: 1 documents and 1 passages?" in asked[0]
    wait_for_write(qtbot, manager)
    assert manager.status.text() == "Removed collection first aid (1 passages)."
    qtbot.waitUntil(lambda: [c.name for c in manager.collections.items] == ["leaflets"])
    assert [c.name for c in KnowledgeBase(kb_dir).collections()] == ["leaflets"]

    manager.rebuild_button.click()
    assert manager.status.text() == "Rebuilding the search indexes…"
    wait_for_write(qtbot, manager)
    assert manager.status.text() == "Rebuilt the search indexes (3 passages)."
    assert [(e["action"], e.get("target"), e["passages"]) for e in read_audit()] == [
        ("kb.remove", "collection first aid", 1), ("kb.rebuild", None, 3)]


def test_import_opens_the_wizard_on_the_managers_thread(qtbot, open_manager, kb_dir, tmp_path):
    manager = open_manager(kb_dir)
    manager.import_button.click()
    wizard = manager.wizard
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    assert wizard.tasks is manager.tasks  # one writer
    folder = write(tmp_path / "new", {"colds.md": "# Colds\n\nRest and drink fluids.\n"})
    wizard.files_page.file_list.add_paths([folder])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.finished, timeout=10_000)
    wizard.next()
    wizard.options_page.collection.setEditText("winter")
    wizard.next()
    qtbot.waitUntil(wizard.import_page.isComplete, timeout=10_000)
    wizard.reject()  # closing the wizard refreshes the manager's lists
    qtbot.waitUntil(lambda: "winter" in [c.name for c in manager.collections.items], timeout=10_000)
    assert manager.wizard is None and manager.tasks.library_thread.isRunning()


def test_an_empty_library_says_how_to_fill_it(qtbot, open_manager, tmp_path):
    manager = open_manager(tmp_path / "new-kb", wait_for_documents=False)
    qtbot.waitUntil(lambda: "empty" in manager.status.text(), timeout=10_000)
    assert manager.status.text() == "The knowledge base is empty: press Import… to add documents."
    assert not manager.remove_collection_button.isEnabled()
    assert manager.import_button.isEnabled() and manager.rebuild_button.isEnabled()


def test_every_control_is_named_and_tab_goes_top_to_bottom(qtbot, open_manager, kb_dir):
    manager = open_manager(kb_dir)
    focusable = [w for w in manager.findChildren(QWidget)
                 if w.isVisibleTo(manager) and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                 and not isinstance(w, QScrollBar)]
    assert [type(w).__name__ for w in focusable
            if not (w.accessibleName() and w.accessibleDescription())] == []
    chain, widget = [], manager.collection_table
    while len(chain) < 7:
        if widget in focusable:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == [manager.collection_table, manager.document_table, manager.import_button,
                     manager.remove_collection_button, manager.remove_document_button,
                     manager.rebuild_button, manager.close_button]


def make_window(qtbot) -> MainWindow:
    retriever = FakeRetriever([passage(1, "Hiccups stop on their own.", score=0.8)])
    window = MainWindow(lambda: Assistant(retriever, FakeChatModel("Yes [1]."), AnswerOptions()))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=5000):
        pass
    window.library_menu.embedder_factory = FakeEmbedder
    window.library_menu.tagger_factory = lambda: None  # no import here: no terms to find
    return window


def test_the_knowledge_menu_is_staff_only(qtbot, monkeypatch):
    set_pin("2468")
    window = make_window(qtbot)
    menu = window.library_menu
    assert not menu.menu.menuAction().isVisible()
    assert not menu.manage_action.isEnabled() and not menu.import_action.isEnabled()
    menu.open_manager()  # even if reached some other way, patient mode opens nothing
    assert menu.dialog is None

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("2468", True)))
    window.staff.button.click()
    assert window.session.staff and menu.menu.menuAction().isVisible()
    menu.manage_action.trigger()
    manager = menu.dialog
    assert isinstance(manager, KnowledgeManager) and manager.isVisible()
    assert manager.kb_dir == window.library_menu.kb_dir

    window.staff.button.click()  # back to patient mode: the dialog closes at once
    assert not window.session.staff and menu.dialog is None and not manager.isVisible()
    assert not menu.menu.menuAction().isVisible()

    window.staff.button.click()
    menu.import_action.trigger()
    assert isinstance(menu.dialog, ImportWizard)
    wizard = menu.dialog
    window.session.idle_reset_s = 0
    window.idle_guard.check()  # the idle reset locks staff mode and closes the wizard
    assert not window.session.staff and menu.dialog is None and not wizard.isVisible()
