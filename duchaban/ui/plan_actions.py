"""Menu and toolbar actions that need a plan: greyed out until one is imported, saying why.

A click that only flashed “请先导入分解方案” in the status bar for five seconds was easy to miss;
a greyed action whose tooltip and status tip say what is missing is not.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

_OWN_TIP = "duchaban_own_tip"      # the action's tooltip with a plan, kept on the action


def why_disabled() -> str:
    return QCoreApplication.translate("plan_actions", "请先导入分解方案(文件 → 导入分解方案)")


def enable_plan_actions(actions: list[QAction], has_plan: bool) -> None:
    for action in actions:
        own = action.property(_OWN_TIP)
        if own is None:
            own = action.toolTip()
            action.setProperty(_OWN_TIP, own)
        action.setEnabled(has_plan)
        action.setToolTip(own if has_plan else f"{own}:{why_disabled()}")
        action.setStatusTip("" if has_plan else why_disabled())
