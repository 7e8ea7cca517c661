"""A read-only table model over a list of items, one row each (QTableView stays fast on
tens of thousands of rows, where a QTableWidget would build an item per cell)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[T]):
    def __init__(self, headers: Sequence[str], cells: Callable[[T], Sequence[str]],
                 parent: QObject | None = None, *,
                 tooltips: Callable[[T], Sequence[str]] | None = None) -> None:
        """`cells` gives a row's texts; `tooltips` its cells' tooltips (default: the texts,
        so text cut short in a narrow column can still be read in full)."""
        super().__init__(parent)
        self._headers = list(headers)
        self._cells = cells
        self._tooltips = tooltips or cells
        self.items: list[T] = []
        self._rows: list[Sequence[str]] = []

    def set_items(self, items: Iterable[T]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self._rows = [self._cells(item) for item in self.items]
        self.endResetModel()

    def add_items(self, items: Sequence[T]) -> None:
        if not items:
            return
        first = len(self.items)
        self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
        self.items.extend(items)
        self._rows.extend(self._cells(item) for item in items)
        self.endInsertRows()

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802 (Qt API)
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:  # worked out when asked: rarely, one cell
            return self._tooltips(self.items[index.row()])[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None
