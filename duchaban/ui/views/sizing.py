"""Sizing a window to what it shows, within the screen it is on (a laptop's 1366×768 is common)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

SCREEN_MARGIN = 40        # room for the window's frame and the taskbar's edge


def table_content_width(table: QTableView) -> int:
    """The width at which every column of ``table`` shows its widest cell and header whole."""
    header = table.horizontalHeader()
    columns = sum(max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
                  for c in range(header.count()) if not header.isSectionHidden(c))
    row_header = table.verticalHeader().sizeHint().width() if table.verticalHeader().isVisible() else 0
    # A vertical scroll bar is counted always: with it appearing later, the columns would not fit.
    return columns + row_header + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()


def columns_fit_content(table: QTableView, stretch: int) -> None:
    """Every column as wide as its content, always; column ``stretch`` takes the room left over
    (and is the one elided, with its tooltip, when the window is too narrow)."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)


def fit_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width``×``height``, or as much of it as its screen has room for."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry()
    window.resize(min(width, room.width() - SCREEN_MARGIN), min(height, room.height() - SCREEN_MARGIN))


