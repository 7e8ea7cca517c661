"""Screenshots for the documentation: the real app answering a question, settings, the
emergency banner, high contrast, the import wizard's pages and the knowledge manager.

    scripts/screenshots.sh            # under Xvfb, as a user would see it
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/screenshots

The main window runs the real engine (the default model) on the installed starter library. The
wizard imports a few starter articles (plus an empty file and a duplicate, so the preview and
summary have something to say) into a throw-away knowledge base; settings and the audit log go
to a throw-away CareQA home.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

import knowledge

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

MAIN_QUESTION = "How is asthma treated?"
EMERGENCY_QUESTION = "my dad has crushing chest pain and his arm is numb"
ARTICLES = ("asthma.md", "common-cold.md", "head-lice.md", "low-back-pain.md", "pink-eye.md",
            "sun-safety.md")
QUESTION = "how do I get rid of head lice"


def _wait_until(condition: Callable[[], bool], timeout_s: float = 120.0) -> None:
    """Run the event loop until `condition` holds (a timer loop, not a busy processEvents spin)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screenshot script waited too long")
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def _sample_folder(folder: Path) -> Path:
    articles = Path(knowledge.__file__).parent / "starter" / "articles"
    folder.mkdir(parents=True)
    for name in ARTICLES:
        shutil.copy(articles / name, folder / name)
    shutil.copy(articles / ARTICLES[0], folder / f"copy-of-{ARTICLES[0]}")
    (folder / "notes.txt").write_text("")
    return folder


def _save(widget: QWidget, out: Path, name: str) -> None:
    widget.grab().save(str(out / name), "PNG", 0)  # 0: the smallest file
    print(out / name)


def _ask(window: MainWindow, question: str) -> None:
    answers: list[object] = []
    window.answered.connect(answers.append)
    window.question_box.setPlainText(question)
    window.ask_button.click()
    _wait_until(lambda: bool(answers), timeout_s=600)


def capture_main_window(out: Path) -> None:
    from desktop.main_window import MainWindow
    from engine import set_pin

    window = MainWindow()
    window.resize(1180, 760)
    window.show()
    try:
        _save(window, out, "main-1-getting-ready.png")
        _wait_until(lambda: window.ask_button.isEnabled(), timeout_s=300)
        _ask(window, MAIN_QUESTION)
        citations = window.file_menu.last_answer.citations if window.file_menu.last_answer else []
        if citations:  # open the last source, as a patient clicking its [n] would
            window.panel.sources.open_citation(citations[-1].n)
        _save(window, out, "main-2-answer.png")

        set_pin("2468")
        window.session.unlock("2468")
        window.staff.refresh()
        window.staff.changed.emit(True)
        window.settings_actions.open_dialog()
        dialog = window.settings_actions.dialog
        if dialog is None:
            raise RuntimeError("File → Settings… did not open the settings dialog")
        _wait_until(dialog.isVisible)
        _save(dialog, out, "settings.png")
        dialog.reject()
        window.staff.lock("screenshots")

        _ask(window, EMERGENCY_QUESTION)
        _save(window, out, "main-3-emergency.png")
        window.settings_actions.view_menu.contrast.trigger()
        _ask(window, MAIN_QUESTION)
        _save(window, out, "main-4-high-contrast.png")
        window.settings_actions.view_menu.contrast.trigger()
    finally:
        window.shutdown()


def capture_wizard(out: Path, kb_dir: Path, documents: Path) -> None:
    from desktop.import_wizard import ImportWizard

    wizard = ImportWizard(kb_dir)
    wizard.resize(760, 520)
    wizard.show()
    try:
        wizard.files_page.file_list.add_paths([documents])
        _save(wizard, out, "import-1-files.png")
        wizard.next()
        _wait_until(lambda: wizard.preview_page.finished)
        _save(wizard, out, "import-2-preview.png")
        wizard.next()
        wizard.options_page.collection.setEditText("leaflets")
        wizard.options_page.tags.setText("clinic, 2024")
        _save(wizard, out, "import-3-options.png")
        wizard.next()
        _wait_until(lambda: wizard.import_page.passages.text()[:1] not in ("0", "—")
                    or wizard.import_page.isComplete())
        _save(wizard, out, "import-4-progress.png")
        _wait_until(wizard.import_page.isComplete)
        wizard.next()
        _save(wizard, out, "import-5-summary.png")
        wizard.next()
        wizard.try_page.question.setText(QUESTION)
        wizard.try_page.search()
        _wait_until(lambda: wizard.try_page.status.text() != "Searching…")
        _save(wizard, out, "import-6-try.png")
    finally:
        wizard.shutdown()


def capture_manager(out: Path, kb_dir: Path) -> None:
    from desktop.knowledge_manager import KnowledgeManager

    manager = KnowledgeManager(kb_dir)
    manager.resize(760, 480)
    manager.show()
    try:
        _wait_until(lambda: manager.documents.rowCount() > 0)
        manager.document_table.selectRow(0)
        _save(manager, out, "knowledge-manager.png")
    finally:
        manager.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write the PNG files")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from engine import paths

    # The installed models and starter library; everything else in a throw-away home.
    os.environ.setdefault("CAREQA_MODELS_DIR", str(paths.models_dir()))
    os.environ.setdefault("CAREQA_KB_DIR", str(paths.default_kb_dir()))
    with tempfile.TemporaryDirectory(prefix="careqa-screenshots-") as scratch:
        os.environ["CAREQA_HOME"] = str(Path(scratch) / "home")  # keep the real audit log clean
        capture_main_window(args.folder)
        kb_dir = Path(scratch) / "kb"
        capture_wizard(args.folder, kb_dir, _sample_folder(Path(scratch) / "leaflets"))
        capture_manager(args.folder, kb_dir)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
