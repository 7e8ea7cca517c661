"""The import wizard's last pages: the import with its progress, the summary, a test question."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop import import_texts as texts
from desktop.accessible import describe
from desktop.import_plan import ImportPlan
from desktop.library_tasks import Job, LibraryTasks

if TYPE_CHECKING:
    from engine import CareQAError, Passage
    from knowledge import ImportProgress, ImportReport

SHOWN_PASSAGES = 3
PASSAGE_CHARS = 400


class ImportPage(QWizardPage):
    """Runs the import on the library thread and follows its (throttled) progress."""

    def __init__(self, plan: ImportPlan, tasks: LibraryTasks) -> None:
        super().__init__()
        self.plan, self.tasks = plan, tasks
        self._job: Job | None = None
        self._finished = False  # set when the job's last signal arrives here, not when it ends there
        self.setTitle("Importing")
        self.setSubTitle("Cancel stops at the next file or batch of passages. The files already "
                         "imported stay in the library; nothing of the file being imported, or of "
                         "the ones after it, is saved.")
        self.bar = QProgressBar()
        self.bar.setRange(0, texts.BAR_STEPS)
        self.current_file, self.files, self.passages = QLabel(), QLabel(), QLabel()
        self.rate, self.eta, self.status = QLabel(), QLabel(), QLabel()
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton("&Cancel import")
        describe([
            (self.bar, "Import progress", "Share of the documents' bytes imported"),
            (self.current_file, "Current step", "The file being read, or the embedding step"),
            (self.files, "Files done", "Files done out of all files"),
            (self.passages, "Passages", "Passages embedded and saved to the library so far"),
            (self.rate, "Rate", "Passages embedded per second"),
            (self.eta, "Time left", "Estimated time until the import finishes"),
            (self.status, "Import status", "What the import is doing or how it ended"),
            (self.cancel_button, "Cancel import",
             "Stop before the next file; files already imported are kept"),
        ])
        form = QFormLayout()
        for label, widget in [("Now:", self.current_file), ("Files:", self.files),
                              ("Passages:", self.passages), ("Rate:", self.rate)]:
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addLayout(form)
        layout.addWidget(self.eta)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addStretch()
        self.cancel_button.clicked.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self._job is not None and not self._finished

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.bar.setValue(0)
        for label in (self.current_file, self.files, self.passages, self.rate):
            label.setText("—")
        self.eta.setText(texts.eta_text(None))
        self.status.setText("Starting… The first import loads the embedding model, which takes "
                            "a few seconds.")
        self.cancel_button.setEnabled(True)
        self._finished = False
        self._job = self.tasks.import_files(self.plan.files, self.plan.collection, self.plan.tags,
                                            parent=self, progress=self._on_progress,
                                            success=self._on_imported, failure=self._on_failed)
        self.cancel_button.setFocus()

    @Slot()
    def cancel(self) -> None:
        if self.running and self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling after the current step…")

    def _on_progress(self, progress: ImportProgress) -> None:
        self.bar.setValue(texts.bar_value(progress))  # moves while a batch embeds, too
        if progress.current_file:
            self.current_file.setText(f"reading {Path(progress.current_file).name}")
        elif progress.embedded > progress.chunks:
            # Files are read, then embedded together, then saved one by one.
            self.current_file.setText("embedding passages")
        self.files.setText(f"{progress.files_done} of {progress.files_total}")
        self.passages.setText(f"{progress.embedded} embedded, {progress.chunks} saved")
        # Embedding is the slow step, and files are saved in groups: its pace is the import's.
        self.rate.setText(texts.rate_text(progress.embedded, progress.elapsed_s))
        self.eta.setText(texts.eta_text(progress.eta_s))
        if self._job is not None and not self._job.cancelled:
            self.status.setText("Importing…")

    def _on_imported(self, report: ImportReport) -> None:
        self.plan.report = report
        done = len(report.imported) + len(report.unchanged) + len(report.duplicates)
        self.files.setText(f"{done + len(report.failed)} of {len(self.plan.files)}")
        self.passages.setText(f"{report.passages_added} saved")
        self.current_file.setText("—")
        self.eta.clear()
        if report.cancelled:
            self.status.setText(texts.cancelled_text(report, self.plan.files))
        else:
            self.bar.setValue(texts.BAR_STEPS)
            self.status.setText("Import finished. Press Next for the summary.")
        self._on_finished()

    def _on_failed(self, error: CareQAError) -> None:
        self.plan.error = str(error)
        self.status.setText(f"The import stopped: {error}")
        self._on_finished()

    def _on_finished(self) -> None:
        self._finished = True
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()
        self.wizard().button(QWizard.WizardButton.NextButton).setFocus()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self._job is not None and self._finished


class SummaryPage(QWizardPage):
    def __init__(self, plan: ImportPlan) -> None:
        super().__init__()
        self.plan = plan
        self.setTitle("Summary")
        self.setSubTitle("What the import did. Fix a failed file and import it again: files "
                         "already imported are skipped.")
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        describe([
            (self.counts, "Import summary", "Files imported, skipped, failed and cancelled"),
            (self.details, "Details",
             "Each failed file with its reason, skipped files, and warnings"),
        ])
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.details, 1)

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        report = self.plan.report
        if report is None:
            self.counts.setText(f"The import stopped: {self.plan.error}")
            self.details.clear()
            return
        counts = texts.summary_counts(report, self.plan.collection)
        if report.cancelled:
            counts += "\n" + texts.cancelled_text(report, self.plan.files)
        self.counts.setText(counts)
        lines = texts.summary_details(report)
        self.details.setPlainText("\n".join(lines) if lines else "Nothing to report: every file "
                                  "was imported without warnings.")


class TryPage(QWizardPage):
    """A test question against the new collection: retrieval only, no answer is written."""

    def __init__(self, plan: ImportPlan, tasks: LibraryTasks) -> None:
        super().__init__()
        self.plan, self.tasks = plan, tasks
        self._job: Job | None = None
        self.setTitle("Try a question")
        self.setSubTitle("Ask something the new documents should answer to see the passages "
                         "CareQA would use.")
        self.question = QLineEdit()
        self.question.setPlaceholderText("for example: how long do hiccups last?")
        self.search_button = QPushButton("&Search")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.results = QTextBrowser()
        describe([
            (self.question, "Test question", "A question to search the new collection with; "
                                             "Enter searches"),
            (self.search_button, "Search", "Find the best passages in the new collection"),
            (self.status, "Search status", "What the search found"),
            (self.results, "Top passages", "The best passages from the new collection"),
        ])
        row = QHBoxLayout()
        row.addWidget(self.question, 1)
        row.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        # Enter searches here instead of pressing the wizard's default (Finish) button.
        self.question.installEventFilter(self)
        self.search_button.clicked.connect(self.search)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (watched is self.question and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.search()
            return True
        return False

    @Slot()
    def search(self) -> None:
        query = self.question.text().strip()
        if not query:
            self.status.setText("Type a question first.")
            return
        if self._job is not None:
            self._job.drop()
        self.status.setText("Searching…")
        self._job = self.tasks.search(query, self.plan.collection, parent=self,
                                      success=self._on_found, failure=self._on_failed)

    def _on_found(self, passages: list[Passage]) -> None:
        shown = passages[:SHOWN_PASSAGES]
        if not shown:
            self.status.setText(f"No passage from \u201c{self.plan.collection}\u201d is among the "
                                "best matches in the library. Try other words.")
        else:
            self.status.setText(f"The {len(shown)} best passages from "
                                f"\u201c{self.plan.collection}\u201d:")
        self.results.setHtml("".join(_passage_html(p) for p in shown))

    def _on_failed(self, error: CareQAError) -> None:
        self.status.setText(str(error))


def _passage_html(passage: Passage) -> str:
    text = passage.text if len(passage.text) <= PASSAGE_CHARS else passage.text[:PASSAGE_CHARS] + "…"
    where = " — ".join(part for part in (passage.section, Path(passage.source).name) if part)
    return (f"<p><b>{html.escape(passage.title)}</b> <small>({html.escape(where)}; score "
            f"{passage.score:.2f})</small><br>{html.escape(text)}</p>")
