"""Main-window help: the toolbar of everyday steps with the status legend, and the user guide."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget

from duchaban.ui.views.status_legend import StatusLegend


class HelpActions:
    """Mixed into MainWindow; uses the QActions its menus made."""

    def build_action_toolbar(self) -> QToolBar:
        """The everyday steps of the year's cycle (the menus' own actions, with short names), and at
        the right of the same row the colours' legend: the status bar has no room left for it."""
        toolbar = self.action_toolbar = QToolBar(self.tr("常用操作"))
        toolbar.setObjectName("action_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action, short in ((self.import_action, self.tr("导入方案")),
                              (self.export_templates_action, self.tr("导出台账模板")),
                              (self.import_submissions_action, self.tr("导入台账")),
                              (self.record_inspection_action, self.tr("记录督查")),
                              (self.bulletin_action, self.tr("生成通报"))):
            action.setIconText(short)
            action.setToolTip(f"{short}({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
            toolbar.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.legend = StatusLegend()
        self.legend.guideRequested.connect(lambda: self.open_guide("status.html"))
        toolbar.addWidget(self.legend)
        self.addToolBar(toolbar)
        return toolbar

    def open_guide(self, page: str = "index.html"):
        """The user guide beside the window (one viewer, raised again when already open)."""
        from duchaban.ui.help_viewer import GuideViewer

        viewer = getattr(self, "guide_viewer", None)
        if viewer is None:
            viewer = self.guide_viewer = GuideViewer(self, page)
        else:
            viewer.open_page(page)
        viewer.show()
        viewer.raise_()
        viewer.activateWindow()
        return viewer
