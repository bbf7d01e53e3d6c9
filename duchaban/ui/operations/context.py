"""What a user action is given: the database, the operator, the plan and the task or unit in view,
the widget to open dialogs over, and the ways to report what it changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlite_utils import Database

    from duchaban.core.changes import ChangeSet
    from duchaban.ui.job_runner import Job
    from duchaban.ui.undo import EditHistory


def tr(text: str) -> str:
    """The operations' user-facing text, translatable like a widget's self.tr()."""
    return QCoreApplication.translate("operations", text)


@dataclass(frozen=True)
class OperationContext:
    """A snapshot taken when the action is triggered (the window builds a new one each time)."""

    db: Database | None
    db_path: Path
    operator: str | None
    plan_id: int | None
    parent: QWidget
    history: EditHistory
    task_id: int | None = None          # the task selected in the window
    unit_id: int | None = None          # the unit selected in the unit tab
    # After a write: its change set, so the window redraws what it touched; None when the write
    # is not described by one (an import run as a job): the window redraws everything.
    report: Callable[[ChangeSet | None], None] = lambda _change: None
    status: Callable[[str, int], None] = lambda _text, _ms: None
    show_plan: Callable[[int | None], None] = lambda _plan_id: None     # redraw the window on this plan
    set_operator: Callable[[str | None], None] = lambda _name: None     # who the window's changes are by
    run_job: Callable[..., Job] | None = None
    open_database: Callable[[Path], bool] = lambda _path: False            # switch the window to this file
    # Run a job that rewrites the file while the window's connection is closed, then reopen it.
    run_on_closed_database: Callable[..., Job] | None = None
    # For what outlives the action (a screen left open): the window's context as it is by then.
    latest: Callable[[], OperationContext] | None = None

    @property
    def folder(self) -> Path:
        """Where files the office writes go by default: beside the database."""
        return self.db_path.parent

    def has_plan(self) -> bool:
        """Whether a plan is open; if not, the status bar says to import one."""
        if self.plan_id is None:
            self.status(tr("请先导入分解方案"), 5000)
            return False
        return True
