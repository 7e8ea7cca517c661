"""The knowledge manager for clinic staff: collections and their documents, removal, index
rebuilds and the import wizard. Reads and writes run on the library thread; every change is
written to the staff audit log there (engine.library_admin, as `careqa kb` does)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.accessible import describe
from desktop.import_wizard import ImportWizard
from desktop.library_tasks import Job, LibraryTasks
from desktop.rows_model import RowsModel

if TYPE_CHECKING:
    from engine import CareQAError, EmbedderFactory, Removal, TaggerFactory
    from knowledge import CollectionInfo, DocumentInfo

MAX_COLUMN_WIDTH = 260


def _collection_cells(info: CollectionInfo) -> tuple[str, ...]:
    return (info.name, str(info.documents), str(info.passages), _when(info.last_import))


def _document_cells(info: DocumentInfo) -> tuple[str, ...]:
    return (info.title, Path(info.source).name, info.format, str(info.passages),
            _when(info.imported_at), ", ".join(info.tags))


def _when(iso_time: str | None) -> str:
    """2024-05-01T09:30:00+00:00 → 2024-05-01 09:30 (UTC, as stored)."""
    return (iso_time or "").replace("T", " ")[:16]


def _table(model: RowsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.verticalHeader().hide()
    table.setWordWrap(False)  # one line a row; the tooltip has the whole text
    table.horizontalHeader().setResizeContentsPrecision(200)  # rows measured to fit columns
    return table


def _fit_columns(table: QTableView) -> None:
    table.resizeColumnsToContents()
    for column in range(table.model().columnCount()):
        table.setColumnWidth(column, min(table.columnWidth(column), MAX_COLUMN_WIDTH))


class KnowledgeManager(QDialog):
    def __init__(self, kb_dir: Path, embedder: EmbedderFactory | None = None,
                 parent: QWidget | None = None, *, tagger: TaggerFactory | None = None) -> None:
        super().__init__(parent)
        self.kb_dir = kb_dir
        self.setWindowTitle("Knowledge base")
        self.resize(900, 600)
        self.tasks = LibraryTasks(kb_dir, embedder, self, tagger=tagger)
        self.wizard: ImportWizard | None = None
        self._list_job: Job | None = None
        self._documents_job: Job | None = None
        self._write_job: Job | None = None  # a removal or rebuild until its last signal arrives
        self._build_widgets()
        self.refresh()

    def _build_widgets(self) -> None:
        self.collections: RowsModel[CollectionInfo] = RowsModel(
            ["Collection", "Documents", "Passages", "Last import (UTC)"], _collection_cells, self)
        self.documents: RowsModel[DocumentInfo] = RowsModel(
            ["Title", "File", "Format", "Passages", "Imported (UTC)", "Tags"], _document_cells, self,
            tooltips=lambda info: (info.title, info.source, *_document_cells(info)[2:]))
        self.collection_table, self.document_table = _table(self.collections), _table(self.documents)
        self.import_button = QPushButton("&Import…")
        self.remove_collection_button = QPushButton("Remove &collection…")
        self.remove_document_button = QPushButton("Remove &document…")
        self.rebuild_button = QPushButton("Re&build indexes")
        self.close_button = QPushButton("Close")
        self.status = QLabel()
        self.status.setWordWrap(True)
        collections_label, documents_label = QLabel("C&ollections:"), QLabel("Doc&uments:")
        collections_label.setBuddy(self.collection_table)
        documents_label.setBuddy(self.document_table)
        describe([
            (self.collection_table, "Collections",
             "Each collection with its documents, passages and last import"),
            (self.document_table, "Documents", "The documents of the selected collection"),
            (self.import_button, "Import documents", "Open the import wizard"),
            (self.remove_collection_button, "Remove collection",
             "Remove the selected collection and all its documents, after a confirmation"),
            (self.remove_document_button, "Remove document",
             "Remove the selected document, after a confirmation"),
            (self.rebuild_button, "Rebuild indexes",
             "Rebuild the search indexes from the stored passages"),
            (self.close_button, "Close", "Close the knowledge manager"),
            (self.status, "Status", "What the knowledge manager is doing or just did"),
        ])
        buttons = QHBoxLayout()
        for button in (self.import_button, self.remove_collection_button,
                       self.remove_document_button, self.rebuild_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(collections_label)
        layout.addWidget(self.collection_table, 1)
        layout.addWidget(documents_label)
        layout.addWidget(self.document_table, 2)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.collection_table.selectionModel().selectionChanged.connect(self._on_collection_selected)
        self.document_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.import_button.clicked.connect(self.open_import)
        self.remove_collection_button.clicked.connect(self.remove_collection)
        self.remove_document_button.clicked.connect(self.remove_document)
        self.rebuild_button.clicked.connect(self.rebuild)
        self.close_button.clicked.connect(self.reject)

    # --- what is selected -------------------------------------------------------------------
    def selected_collection(self) -> CollectionInfo | None:
        rows = self.collection_table.selectionModel().selectedRows()
        return self.collections.items[rows[0].row()] if rows else None

    def selected_document(self) -> DocumentInfo | None:
        rows = self.document_table.selectionModel().selectedRows()
        return self.documents.items[rows[0].row()] if rows else None

    @property
    def busy(self) -> bool:
        return self._write_job is not None

    @Slot()
    def _update_buttons(self) -> None:
        idle = not self.busy
        self.import_button.setEnabled(idle)
        self.rebuild_button.setEnabled(idle)
        self.remove_collection_button.setEnabled(idle and self.selected_collection() is not None)
        self.remove_document_button.setEnabled(idle and self.selected_document() is not None)

    # --- reading ----------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        if self._list_job is not None:
            self._list_job.drop()
        self._list_job = self.tasks.list_collections(parent=self, success=self._on_collections,
                                                     failure=self._on_failed)

    def _on_collections(self, collections: list[CollectionInfo]) -> None:
        chosen = self.selected_collection()
        self.collections.set_items(collections)
        _fit_columns(self.collection_table)
        names = [info.name for info in collections]
        if names:
            row = names.index(chosen.name) if chosen and chosen.name in names else 0
            self.collection_table.selectRow(row)  # lists its documents
        else:
            self.documents.set_items([])
            self.status.setText(self.status.text() or "The knowledge base is empty: "
                                "press Import… to add documents.")
        self._update_buttons()

    @Slot(QItemSelection, QItemSelection)
    def _on_collection_selected(self, *_: QItemSelection) -> None:
        chosen = self.selected_collection()
        self.documents.set_items([])
        if self._documents_job is not None:
            self._documents_job.drop()
        self._documents_job = self.tasks.list_documents(
            chosen.name, parent=self, success=self._on_documents, failure=self._on_failed
        ) if chosen else None
        self._update_buttons()

    def _on_documents(self, documents: list[DocumentInfo]) -> None:
        self.documents.set_items(documents)
        _fit_columns(self.document_table)
        self._update_buttons()

    # --- changes ----------------------------------------------------------------------------
    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, "Knowledge base", question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def remove_collection(self) -> None:
        info = self.selected_collection()
        if info is None or self.busy or not self.confirm(
                f"Remove the collection \u201c{info.name}\u201d: {info.documents} documents and "
                f"{info.passages} passages? Patients' questions will no longer find them. "
                "This cannot be undone."):
            return
        self._start_write(self.tasks.remove_collection(info.name, parent=self,
                                                       success=self._on_removed,
                                                       failure=self._on_write_failed),
                          f"Removing the collection \u201c{info.name}\u201d…")

    @Slot()
    def remove_document(self) -> None:
        info = self.selected_document()
        if info is None or self.busy or not self.confirm(
                f"Remove \u201c{info.title}\u201d ({Path(info.source).name}, {info.passages} "
                f"passages) from \u201c{info.collection}\u201d? This cannot be undone."):
            return
        self._start_write(self.tasks.remove_document(info.collection, info.source, parent=self,
                                                     success=self._on_removed,
                                                     failure=self._on_write_failed),
                          f"Removing \u201c{info.title}\u201d…")

    @Slot()
    def rebuild(self) -> None:
        if not self.busy:
            self._start_write(self.tasks.rebuild(parent=self, success=self._on_rebuilt,
                                                 failure=self._on_write_failed),
                              "Rebuilding the search indexes…")

    def _start_write(self, job: Job, doing: str) -> None:
        self._write_job = job
        self.status.setText(doing)
        self._update_buttons()

    def _on_removed(self, removal: Removal) -> None:
        self._write_done(f"Removed {removal.what} ({removal.passages} passages).")

    def _on_rebuilt(self, passages: int) -> None:
        self._write_done(f"Rebuilt the search indexes ({passages} passages).")

    def _on_write_failed(self, error: CareQAError) -> None:
        self._write_done(str(error))

    def _write_done(self, message: str) -> None:
        self.status.setText(message)
        self._write_job = None
        self.refresh()
        self._update_buttons()

    def _on_failed(self, error: CareQAError) -> None:
        self.status.setText(str(error))

    # --- the import wizard ------------------------------------------------------------------
    @Slot()
    def open_import(self) -> None:
        # It shares this dialog's library thread: one writer, and this list follows its import.
        self.wizard = ImportWizard(self.kb_dir, tasks=self.tasks, parent=self)
        self.wizard.finished.connect(self._on_wizard_closed)
        self.wizard.open()

    @Slot()
    def _on_wizard_closed(self) -> None:
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None
        self.refresh()

    # --- closing ----------------------------------------------------------------------------
    def reject(self) -> None:
        if self.busy:  # a removal or rebuild cannot be stopped half-way
            self.status.setText("Please wait: " + self.status.text())
            return
        super().reject()

    def done(self, result: int) -> None:
        if self.wizard is not None:
            self.wizard.shutdown()
        super().done(result)
        self.tasks.stop()

    def shutdown(self) -> None:
        """Close now (staff mode locked, the app quits), waiting for a running write."""
        self.done(QDialog.DialogCode.Rejected)
