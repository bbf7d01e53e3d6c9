"""What the plan preview says about the notice, one message a row beside the line it is about."""

from __future__ import annotations

from dataclasses import dataclass

from duchaban.core.plan import LineMessage
from duchaban.ui.models.column_table import RIGHT, Column, ColumnTableModel


@dataclass(frozen=True)
class MessageRow:
    message: LineMessage
    source: str         # the notice's line as written ('' for a message about the whole notice)


class PlanMessageModel(ColumnTableModel):
    COLUMNS = (
        Column("line", "行号", lambda r: r.message.line or "", align=RIGHT),
        Column("source", "原文", lambda r: r.source),
        Column("message", "说明", lambda r: r.message.message),
    )

    def load(self, messages: list[LineMessage], lines: list[str]) -> None:
        """``messages`` with the text of the (1-based) line each names."""
        self.set_rows([MessageRow(m, lines[m.line - 1].strip() if 0 < m.line <= len(lines) else "")
                       for m in messages])
