"""Noticing what other programs commit to the window's database (the command line beside it).

SQLite's ``PRAGMA data_version`` on a connection changes when any other connection commits to the
file, and stays put for the connection's own writes. The window asks it on a timer, cheaply (no
page is read), and reloads when it moved, so a `duchaban` command run beside the open window shows
up within seconds instead of being overwritten by stale views.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

POLL_MS = 2000


class OutsideChanges(QObject):
    """Calls ``changed()`` when another connection has committed since ``mark_seen``."""

    def __init__(self, database: Callable[[], object], changed: Callable[[], None], parent=None,
                 interval_ms: int = POLL_MS):
        super().__init__(parent)
        self._database = database
        self._changed = changed
        self._seen: tuple[int, int] | None = None
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def _version(self) -> tuple[int, int] | None:
        from duchaban.store.database import data_version

        db = self._database()
        if db is None:
            return None
        try:
            return id(db), data_version(db)
        except Exception:   # noqa: BLE001 - a closed or busy connection is simply asked again later
            return None

    def mark_seen(self) -> None:
        """What the window shows now is current (after its own reload)."""
        self._seen = self._version()

    def poll(self) -> None:
        now = self._version()
        if now is None:
            return
        first_look = self._seen is None or now[0] != self._seen[0]   # none yet, or another database
        moved = not first_look and now != self._seen
        self._seen = now
        if moved:
            self._changed()

    def stop(self) -> None:
        self._timer.stop()
