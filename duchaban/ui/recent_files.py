"""The list of databases opened lately (文件→最近打开), kept in the window's settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def recent_databases(settings: QSettings) -> list[str]:
    value = settings.value("recent", [])
    return [value] if isinstance(value, str) else list(value or [])


def remember_recent(settings: QSettings, path: Path) -> None:
    entry = str(Path(path).resolve())
    recent = [entry] + [p for p in recent_databases(settings) if p != entry]
    settings.setValue("recent", recent[:MAX_RECENT])
