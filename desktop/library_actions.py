"""The main window's staff-only Knowledge menu: "Knowledge base…" and "Import documents…".

The menu shows only in staff mode. Locking staff mode (by hand or after the idle time) closes
whichever of the two dialogs is open; an import running in it stops at its next file and keeps
the files it finished.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from desktop.staff_mode import StaffModeControl

if TYPE_CHECKING:
    from desktop.import_wizard import ImportWizard
    from desktop.knowledge_manager import KnowledgeManager
    from engine import EmbedderFactory, TaggerFactory


class LibraryMenu(QObject):
    changed = Signal()  # a knowledge-base dialog closed: the library may have changed

    def __init__(self, window: QMainWindow, staff: StaffModeControl, kb_dir: Path) -> None:
        super().__init__(window)
        self._window, self._staff, self.kb_dir = window, staff, kb_dir
        # None: the configured models, as `careqa kb` uses (tests swap in fakes).
        self.embedder_factory: EmbedderFactory | None = None
        self.tagger_factory: TaggerFactory | None = None
        self.dialog: KnowledgeManager | ImportWizard | None = None
        self.menu = window.menuBar().addMenu("&Knowledge")
        self.manage_action = QAction("&Knowledge base…", self)
        self.import_action = QAction("&Import documents…", self)
        for action, tip in [
            (self.manage_action, "See, remove and re-index the library's collections (staff only)"),
            (self.import_action, "Add documents to the library (staff only)"),
        ]:
            action.setStatusTip(tip)
            self.menu.addAction(action)
        self.menu.setAccessibleName("Knowledge")
        self.menu.setAccessibleDescription("Manage the clinic's knowledge base (staff mode)")
        self.manage_action.triggered.connect(self.open_manager)
        self.import_action.triggered.connect(self.open_import)
        staff.changed.connect(self._on_staff_changed)
        self._on_staff_changed(staff.session.staff)

    @Slot(bool)
    def _on_staff_changed(self, staff: bool) -> None:
        self.menu.menuAction().setVisible(staff)
        for action in (self.manage_action, self.import_action):
            action.setEnabled(staff)
        if not staff:
            self.shutdown()

    @Slot()
    def open_manager(self) -> None:
        # Imported on first use: FAISS, BM25 and the parsers are not needed to start the window.
        from desktop.knowledge_manager import KnowledgeManager

        self._open(lambda: KnowledgeManager(self.kb_dir, self.embedder_factory, self._window,
                                                    tagger=self.tagger_factory))

    @Slot()
    def open_import(self) -> None:
        from desktop.import_wizard import ImportWizard

        self._open(lambda: ImportWizard(self.kb_dir, self.embedder_factory,
                                                tagger=self.tagger_factory, parent=self._window))

    def _open(self, make_dialog: Callable[[], KnowledgeManager | ImportWizard]) -> None:
        if not self._staff.session.staff or self.dialog is not None:
            return
        self.dialog = make_dialog()
        self.dialog.finished.connect(self._on_closed)
        self.dialog.open()  # window-modal: one knowledge-base dialog at a time

    @Slot()
    def _on_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
            self.changed.emit()

    def shutdown(self) -> None:
        """Close the open dialog now, stopping its library thread (lock, quit)."""
        if self.dialog is not None:
            self.dialog.shutdown()  # its `finished` lets go of it

