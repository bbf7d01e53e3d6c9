"""The user guide (帮助): one viewer beside the window, raised again when already open."""

from __future__ import annotations

from duchaban.ui.operations.context import OperationContext


def open_guide(ctx: OperationContext, page: str = "index.html"):
    """Show ``page`` of the guide; return the viewer."""
    from duchaban.ui.help_viewer import GuideViewer

    viewer = ctx.parent.findChild(GuideViewer)
    if viewer is None:
        viewer = GuideViewer(ctx.parent, page)
    else:
        viewer.open_page(page)
    viewer.show()
    viewer.raise_()
    viewer.activateWindow()
    return viewer
