"""desktop.operations: ops run on their thread, in order; their outcome arrives on the UI thread
once; a dropped job hears nothing; an unexpected error is logged and reported plainly."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QThread

from desktop.operations import UNEXPECTED, BackgroundOp, Job, WorkThread
from engine import CareQAError

pytestmark = pytest.mark.gui


@pytest.fixture
def work():
    thread = WorkThread("careqa-test")
    yield thread
    thread.stop()


@pytest.fixture
def page():
    return QObject()


def test_the_op_runs_on_its_thread_and_success_on_the_ui_thread(qtbot, work, page):
    seen: dict[str, object] = {}

    def op(job: Job) -> int:
        seen["op thread"] = QThread.currentThread()
        return 42

    def success(result: int) -> None:
        seen["result"], seen["success thread"] = result, QThread.currentThread()

    job = BackgroundOp(op, parent=page, success=success).run_in(work)
    qtbot.waitUntil(lambda: job.done, timeout=5000)
    assert seen["result"] == 42
    assert seen["op thread"] is work.qthread
    assert seen["success thread"] is page.thread()


def test_ops_run_in_the_order_queued_and_progress_arrives_before_the_outcome(qtbot, work, page):
    events: list[str] = []

    def op(name: str):
        def run(job: Job) -> str:
            job.report(f"{name} halfway")
            return name
        return run

    jobs = [BackgroundOp(op(name), parent=page, success=lambda r: events.append(f"{r} done"),
                         progress=events.append).run_in(work) for name in ("first", "second")]
    qtbot.waitUntil(lambda: all(j.done for j in jobs), timeout=5000)
    assert events == ["first halfway", "first done", "second halfway", "second done"]


def test_errors_take_one_path(qtbot, work, page, caplog):
    errors: list[CareQAError] = []

    def known(job: Job) -> None:
        raise CareQAError("The library is locked; try again.")

    def bug(job: Job) -> None:
        raise ZeroDivisionError

    for op in (known, bug):
        job = BackgroundOp(op, parent=page, success=lambda _r: pytest.fail("no success"),
                           failure=errors.append).run_in(work)
        qtbot.waitUntil(lambda job=job: job.done, timeout=5000)
    assert [str(e) for e in errors] == ["The library is locked; try again.", UNEXPECTED]
    assert "ZeroDivisionError" in caplog.text  # the traceback goes to the log, not the user


def test_a_cancelled_job_still_reports_and_a_dropped_one_does_not(qtbot, work, page):
    started, release = threading.Event(), threading.Event()
    heard: list[str] = []

    def slow(job: Job) -> str:
        started.set()
        release.wait(5)
        return "stopped early" if job.cancelled else "finished"

    cancelled = BackgroundOp(slow, parent=page, success=heard.append).run_in(work)
    qtbot.waitUntil(started.is_set, timeout=5000)
    cancelled.cancel()
    release.set()
    qtbot.waitUntil(lambda: cancelled.done, timeout=5000)
    started.clear()
    release.clear()
    dropped = BackgroundOp(slow, parent=page, success=heard.append).run_in(work)
    qtbot.waitUntil(started.is_set, timeout=5000)
    dropped.drop()
    release.set()
    qtbot.waitUntil(lambda: dropped.done, timeout=5000)
    assert heard == ["stopped early"]


def test_stop_runs_on_stop_on_the_thread_and_ends_it(qtbot):
    closed_on: list[QThread] = []
    work = WorkThread("careqa-test", on_stop=lambda: closed_on.append(QThread.currentThread()))
    qthread = work.qthread
    work.stop()
    assert closed_on == [qthread] and not work.running
    work.stop()  # a second stop is harmless


def test_a_page_closed_while_its_op_runs_hears_nothing(qtbot, work):
    import shiboken6

    closing_page, other_page = QObject(), QObject()
    started, release = threading.Event(), threading.Event()
    heard: list[str] = []

    def slow(job: Job) -> str:
        started.set()
        release.wait(5)
        return "late"

    BackgroundOp(slow, parent=closing_page, success=heard.append).run_in(work)
    qtbot.waitUntil(started.is_set, timeout=5000)
    shiboken6.delete(closing_page)  # the page goes, and its deliveries with it
    release.set()
    after = BackgroundOp(lambda job: "next", parent=other_page, success=heard.append).run_in(work)
    qtbot.waitUntil(lambda: after.done, timeout=5000)
    assert heard == ["next"]
