"""The filter row above the trees: unit, role, unit kind, section."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from duchaban.core.roles import ROLE_LABELS
from duchaban.core.unit_names import KIND_LABELS, UNIT_KINDS
from duchaban.ui.views.pinyin_filter import install_pinyin_completer


def _combo(all_label: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(all_label, None)
    return combo


class FilterBar(QWidget):
    """Emits ``changed`` whenever a choice changes; ``values()`` gives the current conditions."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.unit = _combo(self.tr("全部单位"))
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        install_pinyin_completer(self.unit)
        self.unit.setMinimumContentsLength(12)
        self.role = _combo(self.tr("全部角色"))
        for code, label in ROLE_LABELS.items():
            self.role.addItem(label, code)
        self.kind = _combo(self.tr("全部类别"))
        for kind in UNIT_KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.section = _combo(self.tr("全部部分"))
        self.section.setMinimumContentsLength(16)
        self.section.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for label, combo in ((self.tr("单位"), self.unit), (self.tr("角色"), self.role),
                             (self.tr("类别"), self.kind), (self.tr("部分"), self.section)):
            layout.addWidget(QLabel(label))
            layout.addWidget(combo)
            combo.currentIndexChanged.connect(self.changed)
        layout.addWidget(self.clear_button)
        layout.addStretch()

    def set_choices(self, units: list[tuple[int, str]], sections: list[tuple[int, str]]) -> None:
        """Fill the unit and section lists (keeping the current choice where it still exists)."""
        for combo, items in ((self.unit, units), (self.section, sections)):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for key, label in items:
                combo.addItem(label, key)
            index = combo.findData(current)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)

    def values(self) -> dict:
        return {"unit_id": self.unit.currentData(), "role": self.role.currentData(),
                "unit_kind": self.kind.currentData(), "section_id": self.section.currentData()}

    def clear(self) -> None:
        for combo in (self.unit, self.role, self.kind, self.section):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.changed.emit()
