"""The import wizard's first pages: choose files and folders, preview them, pick the collection."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

import knowledge
from desktop.accessible import describe
from desktop.import_plan import ImportPlan, parse_tags
from desktop.import_texts import files, found_text, preview_note
from desktop.library_tasks import Job, LibraryTasks
from desktop.rows_model import RowsModel
from engine import CareQAError
from knowledge import Outcome

if TYPE_CHECKING:
    from engine import PreviewRow
    from knowledge import CollectionInfo

FORMATS_NOTE = ("CareQA reads Markdown, plain text, HTML, PDF, Word (.docx), CSV and JSONL records, "
                "and MedQuAD and MedlinePlus XML.")


class PathList(QListWidget):
    """The chosen files and folders; Delete or Backspace removes the selected entries."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def paths(self) -> list[Path]:
        return [Path(self.item(row).text()) for row in range(self.count())]

    def add_paths(self, paths: list[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if path not in known:
                known.add(path)
                self.addItem(str(path))
        self.changed.emit()

    @Slot()
    def remove_selected(self) -> None:
        for item in self.selectedItems():
            self.takeItem(self.row(item))
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selectedItems():
            self.remove_selected()
            return
        super().keyPressEvent(event)


class FilesPage(QWizardPage):
    def __init__(self, plan: ImportPlan) -> None:
        super().__init__()
        self.plan = plan
        self.setTitle("Choose documents")
        self.setSubTitle("Add files or whole folders, or drag them onto this page. " + FORMATS_NOTE)
        self.setAcceptDrops(True)
        self.file_list = PathList()
        self.add_files_button = QPushButton("Add &files…")
        self.add_folder_button = QPushButton("Add f&older…")
        self.remove_button = QPushButton("&Remove")
        describe([
            (self.file_list, "Chosen files and folders",
             "The files and folders to import; press Delete to remove the selected ones"),
            (self.add_files_button, "Add files", "Choose documents to import"),
            (self.add_folder_button, "Add folder", "Choose a folder; its documents are imported"),
            (self.remove_button, "Remove", "Remove the selected files and folders from the list"),
        ])
        buttons = QVBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.addWidget(self.file_list, 1)
        layout.addLayout(buttons)
        self.add_files_button.clicked.connect(self._add_files)
        self.add_folder_button.clicked.connect(self._add_folder)
        self.remove_button.clicked.connect(self.file_list.remove_selected)
        self.file_list.changed.connect(self.completeChanged)

    @Slot()
    def _add_files(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in knowledge.SUPPORTED_SUFFIXES)
        names, _ = QFileDialog.getOpenFileNames(self, "Add documents", "",
                                                f"Documents ({patterns});;All files (*)")
        self.file_list.add_paths([Path(name) for name in names])

    @Slot()
    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of documents")
        if folder:
            self.file_list.add_paths([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        self.file_list.add_paths([Path(url.toLocalFile()) for url in event.mimeData().urls()
                                  if url.isLocalFile()])
        event.acceptProposedAction()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.file_list.count() > 0

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        self.plan.chosen = self.file_list.paths()
        return True


def shown_name(path: Path, chosen: list[Path]) -> str:
    """A file's path below the chosen folder it was found in, else its name (the full path is
    in the tooltip)."""
    for folder in chosen:
        if path.is_relative_to(folder) and path != folder:
            return str(path.relative_to(folder))
    return path.name


def _preview_tooltips(row: PreviewRow) -> tuple[str, ...]:
    note = preview_note(row)
    note = f"{note}\n{row.original}" if row.original else note
    return (str(row.path), row.format, found_text(row), "\n".join(row.warnings), note)


def preview_summary(rows: list[PreviewRow]) -> str:
    counts = Counter(row.outcome for row in rows)
    parts = [f"{counts[Outcome.NEW]} to import"]
    parts += [f"{counts[outcome]} {word}" for outcome, word in [
        (Outcome.UNCHANGED, "unchanged"), (Outcome.DUPLICATE, "duplicate"),
        (Outcome.FAILS, "will fail")] if counts[outcome]]
    return f"{files(len(rows))}: " + ", ".join(parts) + "."


class PreviewPage(QWizardPage):
    """Reads every file on the library thread (a big folder takes a while) and lists the result."""

    def __init__(self, plan: ImportPlan, tasks: LibraryTasks) -> None:
        super().__init__()
        self.plan, self.tasks = plan, tasks
        self._job: Job | None = None
        self._error = ""  # why the preview stopped, when it failed as a whole
        self._finished = False
        self.setTitle("Check the documents")
        self.setSubTitle("What the import will do with each file. Nothing is imported yet.")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.model: RowsModel[PreviewRow] = RowsModel(
            ["File", "Format", "Found", "Warnings", "Import"], self._cells, self,
            tooltips=_preview_tooltips)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((190, 80, 90, 120)):
            self.table.setColumnWidth(column, width)
        describe([
            (self.status, "Preview summary", "How many files will be imported, skipped or fail"),
            (self.table, "Preview",
             "One row per file: format, records or sections found, warnings, what will happen"),
        ])
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def _cells(self, row: PreviewRow) -> tuple[str, ...]:
        return (shown_name(row.path, self.plan.chosen), row.format or "unknown", found_text(row),
                "; ".join(row.warnings), preview_note(row))

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.model.set_items([])
        self._error = ""
        self._finished = False  # set when the job's last signal arrives here, not when it ends there
        self.status.setText("Reading the files…")
        self._job = self.tasks.preview(self.plan.chosen, parent=self, rows=self._on_rows,
                                       success=self._on_finished, failure=self._on_failed)

    def cleanupPage(self) -> None:  # noqa: N802 (Qt override: Back was pressed)
        if self._job is not None:
            self._job.drop()
        self._job = None

    @property
    def finished(self) -> bool:
        return self._job is not None and self._finished

    def _on_rows(self, rows: list[PreviewRow]) -> None:
        self.model.add_items(rows)
        self.status.setText(f"Reading the files… {self.model.rowCount()} so far.")

    def _on_failed(self, error: CareQAError) -> None:
        self._error = str(error)
        self._on_finished(None)

    def _on_finished(self, _none: None) -> None:
        self._finished = True
        self.status.setText(self._error or self._summary())
        self.completeChanged.emit()

    def _summary(self) -> str:
        rows = self.model.items
        if not rows:
            return "No documents found. Go back and choose other files or folders."
        if not any(row.outcome is Outcome.NEW for row in rows):
            return preview_summary(rows) + " Nothing new to import."
        return preview_summary(rows)

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.finished and any(row.outcome is Outcome.NEW for row in self.model.items)

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        # Failing files go too: the summary then gives each one's reason.
        self.plan.files = [row.path for row in self.model.items]
        return True


class OptionsPage(QWizardPage):
    def __init__(self, plan: ImportPlan, tasks: LibraryTasks) -> None:
        super().__init__()
        self.plan, self.tasks = plan, tasks
        self._job: Job | None = None
        self.setTitle("Collection and tags")
        self.setSubTitle("Documents go into a collection, which you can later remove as a whole. "
                         "Tags label every document of this import.")
        self.setCommitPage(True)  # no going back once the import starts
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.collection = QComboBox()
        self.collection.setEditable(True)
        self.collection.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.collection.setEditText(plan.collection)
        name_edit = self.collection.lineEdit()
        if name_edit is None:  # an editable combo box always has one
            raise RuntimeError("the collection box has no line edit")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("for example: leaflets, 2024")
        describe([
            (self.collection, "Collection",
             "Pick an existing collection or type a new name"),
            (name_edit, "Collection name", "The collection to import into"),
            (self.tags, "Tags", "Labels for the imported documents, separated by commas"),
        ])
        form = QFormLayout(self)
        form.addRow("&Collection:", self.collection)
        form.addRow("&Tags:", self.tags)
        self.collection.editTextChanged.connect(self.completeChanged)

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        if self._job is not None:
            self._job.drop()
        self._job = self.tasks.list_collections(parent=self, success=self._on_collections)

    def _on_collections(self, collections: list[CollectionInfo]) -> None:
        typed = self.collection.currentText()
        self.collection.clear()
        self.collection.addItems([info.name for info in collections])
        self.collection.setEditText(typed)  # offering the names must not change the choice

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return bool(self.collection.currentText().strip())

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        self.plan.collection = self.collection.currentText().strip()
        self.plan.tags = parse_tags(self.tags.text())
        return True
