"""The whole app for real: the real MainWindow builds the real engine from settings (Qwen 0.5B,
MiniLM, the shipped NER model) over a real starter knowledge base; a question is typed, the
answer streams in, and a citation marker opens its passage. The UI thread's worst stall during
loading and answering is printed (the closing note reports it)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from desktop.main_window import MainWindow
from tests.desktop.heartbeat import Heartbeat

pytestmark = [pytest.mark.gui, pytest.mark.integration, pytest.mark.slow]

QUESTION = "How is asthma treated?"


@pytest.fixture
def real_window(qtbot, starter_kb_dir, monkeypatch):
    # The window's own default factory reads these, exactly as `python -m desktop` does.
    monkeypatch.setenv("CAREQA_KB_DIR", str(starter_kb_dir))
    monkeypatch.setenv("CAREQA_MODEL", "qwen2.5-0.5b")
    monkeypatch.setenv("CAREQA_MAX_ANSWER_TOKENS", "160")
    window = MainWindow()
    qtbot.addWidget(window)
    yield window
    window.close()


def click_marker(qtbot, window: MainWindow, n: int) -> None:
    view = window.answer_view
    found = view.document().find(f"[{n}]")
    assert not found.isNull(), f"[{n}] is not in {view.toPlainText()!r}"
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.cursorRect(cursor).center())


def test_real_app_answers_with_sources_and_a_citation_opens_its_passage(qtbot, real_window):
    window = real_window
    heartbeat = Heartbeat()
    heartbeat.start()
    window.show()
    assert window.statusBar().currentMessage() == "Getting ready…"
    assert not window.question_box.isEnabled()
    with qtbot.waitSignal(window.ready, timeout=180_000) as ready:
        pass
    heartbeat.stop()
    loading = heartbeat.summary()
    assert ready.args == ["qwen2.5-0.5b"]
    assert window.question_box.isEnabled() and window.question_box.hasFocus()

    pieces: list[str] = []
    window.worker.token.connect(pieces.append)
    heartbeat.start()
    with qtbot.waitSignal(window.answered, timeout=300_000) as done:
        qtbot.keyClicks(window.question_box, QUESTION)
        qtbot.keyClick(window.question_box, Qt.Key.Key_Return)
    heartbeat.stop()
    answer = done.args[0]
    print(f"\nUI heartbeat while the real models loaded: {loading}; while answering "
          f"({answer.timings.total_ms / 1000:.1f} s, {len(pieces)} pieces): {heartbeat.summary()}")

    assert not answer.emergency and len(pieces) > 5  # it streamed
    assert answer.citations, answer.text
    assert any(p.title.startswith("Asthma") for p in answer.passages)
    assert any(e.text.lower() == "asthma" and e.found_in == "question" for e in answer.entities)
    assert "asthma" in [chip.text().lower() for chip in window.chips.chips]
    assert window.sources_list.count() == len(answer.citations)
    assert window.statusBar().currentMessage().startswith("Answered")
    assert heartbeat.worst_ms < 250  # loose: shared CI machines; the printed figure is the measure

    # The last marker in the answer opens its own passage, not just the first source.
    last = answer.citations[-1]
    click_marker(qtbot, window, last.n)
    row = window.sources_list.currentRow()
    assert window.sources_list.item(row).text().startswith(f"[{last.n}] {last.passage.title}")
    assert last.passage.title in window.passage_view.toPlainText()
    assert last.passage.text.split()[0] in window.passage_view.toPlainText()
