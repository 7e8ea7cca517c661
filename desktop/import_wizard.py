"""The import wizard for clinic staff: choose → preview → collection and tags → import → summary
→ try a question. All reading, embedding and writing runs on the library thread
(desktop.library_tasks); the pages only show what it reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget, QWizard

from desktop.import_plan import ImportPlan
from desktop.import_result_pages import ImportPage, SummaryPage, TryPage
from desktop.import_setup_pages import FilesPage, OptionsPage, PreviewPage
from desktop.library_tasks import LibraryTasks

if TYPE_CHECKING:
    from engine import EmbedderFactory, TaggerFactory

_BUTTONS = [
    (QWizard.WizardButton.BackButton, "Back", "Go to the previous step"),
    (QWizard.WizardButton.NextButton, "Next", "Go to the next step"),
    (QWizard.WizardButton.CommitButton, "Import", "Start importing; this cannot be undone here"),
    (QWizard.WizardButton.FinishButton, "Finish", "Close the import wizard"),
    (QWizard.WizardButton.CancelButton, "Cancel",
     "Close the wizard; during the import, cancel the import"),
]


class ImportWizard(QWizard):
    def __init__(self, kb_dir: Path, embedder: EmbedderFactory | None = None, *,
                 tagger: TaggerFactory | None = None, tasks: LibraryTasks | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import documents")
        self.setAccessibleName("Import documents")
        self.setAccessibleDescription("Add documents to the clinic's knowledge base")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.resize(820, 560)
        # A wizard opened from the knowledge manager shares its library thread (one writer).
        self._owns_tasks = tasks is None
        self.tasks = tasks or LibraryTasks(kb_dir, embedder, self, tagger=tagger)
        self.plan = ImportPlan()
        self.files_page = FilesPage(self.plan)
        self.preview_page = PreviewPage(self.plan, self.tasks)
        self.options_page = OptionsPage(self.plan, self.tasks)
        self.import_page = ImportPage(self.plan, self.tasks)
        self.summary_page = SummaryPage(self.plan)
        self.try_page = TryPage(self.plan, self.tasks)
        for page in (self.files_page, self.preview_page, self.options_page, self.import_page,
                     self.summary_page, self.try_page):
            self.addPage(page)
        for which, name, description in _BUTTONS:
            self.button(which).setAccessibleName(name)
            self.button(which).setAccessibleDescription(description)

    def reject(self) -> None:
        """Cancel (or Escape, or closing the window) during the import cancels the import; the
        wizard stays open to say what was kept."""
        if self.import_page.running:
            self.import_page.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        super().done(result)
        if self._owns_tasks:
            self.tasks.stop()

    def shutdown(self) -> None:
        """Close now, whatever runs (staff mode locked, the app quits); an import stops at its
        next file or batch and keeps what it committed."""
        if self.import_page.running:
            self.import_page.cancel()
        self.done(QDialog.DialogCode.Rejected)
