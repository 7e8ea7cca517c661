"""One place to give widgets the names and descriptions screen readers announce."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QWidget


def describe(widgets: Iterable[tuple[QWidget, str, str]]) -> None:
    """(widget, accessible name, accessible description) for each widget."""
    for widget, name, description in widgets:
        widget.setAccessibleName(name)
        widget.setAccessibleDescription(description)
