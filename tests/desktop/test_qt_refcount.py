"""Guard against a Qt binding that leaks references to None (PySide6 6.12.0 on Python 3.11).

Every void Qt call there dropped one reference to None; a long-running window streaming tokens
then aborts with "none_dealloc". The pinned PySide6 must keep None's count steady.
"""

import sys

import pytest

pytestmark = pytest.mark.gui


def test_void_qt_calls_keep_the_reference_count_of_none(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 50
