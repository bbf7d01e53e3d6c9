"""Main-window actions for the overview page (督查概览) and its full-screen meeting-room mode.

The page is built on first use: it draws charts, and the window paints before any database opens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

REFRESH_MS = 5 * 60 * 1000     # the full-screen overview reads the figures again this often


class OverviewActions:
    """Mixed into MainWindow; uses its db, plan_id, stack, splitter and select/show methods."""

    overview = None
    overview_screen = None
    _page_restored = False

    def _overview_figures(self) -> dict:
        from duchaban.store.overview import overview_figures
        from duchaban.store.settings import as_of_date

        return overview_figures(self.db, plan_id=self.plan_id, today=as_of_date(self.db))

    def show_overview(self) -> None:
        """Put the overview in place of the task views, with figures as of now."""
        from duchaban.ui.views.overview import OverviewPage

        if not self.has_plan():
            return
        if self.overview is None:
            self.overview = OverviewPage()
            self.overview.taskActivated.connect(self._overview_task)
            self.overview.unitActivated.connect(self.show_unit_in_tasks)
            self.overview.fullScreenRequested.connect(self.show_overview_full_screen)
            self.stack.addWidget(self.overview)
        self.overview.set_figures(self._overview_figures())
        self.stack.setCurrentWidget(self.overview)

    def overview_was_last_shown(self) -> bool:
        """True once, on the first plan shown, when the window was closed on the overview."""
        if self._page_restored or self.plan_id is None:
            return False
        self._page_restored = True
        return self.settings.value("main/overview") in (True, "true")

    def overview_shown(self) -> bool:
        return self.overview is not None and self.stack.currentWidget() is self.overview

    def show_tasks(self) -> None:
        """Back from the overview to the task views."""
        if self.plan_id is not None:
            self.stack.setCurrentWidget(self.splitter)

    def _overview_task(self, task_id: int) -> None:
        self.show_tasks()
        self.select_task_id(task_id)

    def show_unit_in_tasks(self, unit_id: int) -> None:
        self.show_tasks()
        self.show_unit(unit_id)

    def show_overview_full_screen(self) -> None:
        """The read-only overview alone on the screen (Esc leaves), for a meeting room."""
        from duchaban.ui.views.overview import OverviewPage

        if not self.has_plan():
            return
        # A window of its own, but owned by this one: it closes with it, never outliving the database.
        screen = OverviewPage(read_only=True, parent=self)
        screen.setWindowFlag(Qt.WindowType.Window)
        screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen.setWindowTitle(self.tr("督查概览"))
        screen.set_figures(self._overview_figures())
        # Left on a meeting-room screen, it follows what the office records meanwhile.
        screen.refresh_timer = QTimer(screen, interval=REFRESH_MS)
        screen.refresh_timer.timeout.connect(lambda: self.db is not None and self.plan_id is not None
                                             and screen.set_figures(self._overview_figures()))
        screen.refresh_timer.start()
        self.overview_screen = screen
        screen.showFullScreen()
