"""The list behind an overview figure: its columns depend on the figure (tasks, units, findings…)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from duchaban.ui.models.column_table import Column, ColumnTableModel

# A row: the values shown, in column order; what a double click opens ((TaskKey or UnitKey, id) or
# None); the colour of its last cell (its state), or None.
FigureRow = tuple[tuple[Any, ...], tuple | None, str | None]


def _columns(headers: Sequence[tuple[str, str]]) -> tuple[Column, ...]:
    last = len(headers) - 1
    return tuple(Column(key, header, lambda row, n=n: row[0][n], color=(lambda row: row[2]) if n == last else None)
                 for n, (key, header) in enumerate(headers))


class FigureListModel(ColumnTableModel):
    def show(self, headers: Sequence[tuple[str, str]], rows: Sequence[FigureRow]) -> None:
        """A new list: ``headers`` as (key, header) pairs, headers already translated."""
        self.set_columns(_columns(headers), rows)

    def target(self, row: int) -> tuple | None:
        found = self.row(row)
        return found[1] if found is not None else None
