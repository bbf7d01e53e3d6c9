"""The overview (督查概览): its figures, and its full-screen meeting-room mode.

The page is built on first use: it draws charts, and the window paints before any database opens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from duchaban.ui.operations.context import OperationContext, tr

REFRESH_MS = 5 * 60 * 1000     # the full-screen overview reads the figures again this often


def overview_figures(ctx: OperationContext) -> dict:
    from duchaban.store.overview import overview_figures as figures
    from duchaban.store.settings import as_of_date

    return figures(ctx.db, plan_id=ctx.plan_id, today=as_of_date(ctx.db))


def show_overview_full_screen(ctx: OperationContext):
    """The read-only overview alone on the screen (Esc leaves), for a meeting room; return it."""
    from duchaban.ui.views.overview import OverviewPage

    if not ctx.has_plan():
        return None
    # A window of its own, but owned by the main window: it closes with it, never outliving the database.
    screen = OverviewPage(read_only=True, parent=ctx.parent)
    screen.setWindowFlag(Qt.WindowType.Window)
    screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    screen.setWindowTitle(tr("督查概览"))
    screen.set_figures(overview_figures(ctx))

    def read_again() -> None:
        # Left on a meeting-room screen, it follows what the office records meanwhile, in
        # whichever database the window has open by then.
        now = ctx.latest() if ctx.latest is not None else ctx
        if now.db is not None and now.plan_id is not None:
            screen.set_figures(overview_figures(now))

    screen.refresh_timer = QTimer(screen, interval=REFRESH_MS)
    screen.refresh_timer.timeout.connect(read_again)
    screen.refresh_timer.start()
    screen.showFullScreen()
    return screen
