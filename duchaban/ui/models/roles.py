"""Custom item-data roles shared by the models and their proxies."""

from PySide6.QtCore import Qt

TaskIdRole = Qt.ItemDataRole.UserRole + 1
NodeKindRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3
UnitIdRole = Qt.ItemDataRole.UserRole + 4
SectionIdRole = Qt.ItemDataRole.UserRole + 5
SortRole = Qt.ItemDataRole.UserRole + 6

# Node kinds
SECTION, TASK, KIND, UNIT, ROLE = "section", "task", "kind", "unit", "role"
