"""随机抽查(双随机): draw units or tasks from a filtered pool and inspectors for them, see every
pick and who stood aside, record the draw and print its record for signatures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from duchaban.core.unit_names import KIND_LABELS
from duchaban.services.random_draw import random_draw, task_pool, unit_pool
from duchaban.ui.store_calls import call_store

if TYPE_CHECKING:
    from sqlite_utils import Database


class RandomDrawDialog(QDialog):
    drawn = Signal(object)

    def __init__(self, db: Database, *, plan_id: int, operator: str | None, folder: Path, parent=None):
        super().__init__(parent)
        self.db, self.plan_id, self.operator, self.folder = db, plan_id, operator, Path(folder)
        self.result = None
        self.setWindowTitle(self.tr("随机抽查(双随机)"))
        self.resize(720, 600)
        self.pool_kind = QComboBox()
        self.pool_kind.addItem(self.tr("全部单位"), ("units", None))
        for kind in ("department", "town", "committee", "other"):
            self.pool_kind.addItem(self.tr("单位:{k}").format(k=KIND_LABELS[kind]), ("units", kind))
        self.pool_kind.addItem(self.tr("任务"), ("tasks", None))
        self.pool_kind.currentIndexChanged.connect(self._pool_changed)
        self.count = QSpinBox()
        self.count.setRange(1, 500)
        self.count.setValue(3)
        self.inspectors = QSpinBox()
        self.inspectors.setRange(0, 50)
        self.inspectors.setValue(2)
        self.seed = QLineEdit()
        self.seed.setPlaceholderText(self.tr("可填写公开的种子(如会议现场摇号),不填则自动生成并记录"))
        self.exclude = QLineEdit()
        self.exclude.setPlaceholderText(self.tr("排除的单位或任务编号,用逗号分隔(如上一轮已抽中的)"))
        self.pool_size = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("候选范围"), self.pool_kind)
        form.addRow("", self.pool_size)
        form.addRow(self.tr("抽取数量"), self.count)
        form.addRow(self.tr("督查人员数"), self.inspectors)
        form.addRow(self.tr("随机种子"), self.seed)
        form.addRow(self.tr("排除"), self.exclude)
        self.outcome = QPlainTextEdit()
        self.outcome.setReadOnly(True)
        self.try_button = QPushButton(self.tr("试抽(不记录)"))
        self.try_button.clicked.connect(lambda: self.run(record=False))
        self.draw_button = QPushButton(self.tr("正式抽取并记录"))
        self.draw_button.clicked.connect(lambda: self.run(record=True))
        self.print_button = QPushButton(self.tr("打印抽取记录…"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_record)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.try_button, self.draw_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome, 1)
        layout.addLayout(buttons)
        self._pool_changed()

    def pool(self) -> list[str]:
        kind, unit_kind = self.pool_kind.currentData()
        if kind == "tasks":
            return task_pool(self.db, plan_id=self.plan_id)
        return unit_pool(self.db, plan_id=self.plan_id, unit_kind=unit_kind)

    def _pool_changed(self) -> None:
        kind, _ = self.pool_kind.currentData()
        self.inspectors.setEnabled(kind == "units")
        self.pool_size.setText(self.tr("候选 {n} 个").format(n=len(self.pool())))

    def run(self, *, record: bool):
        kind, _ = self.pool_kind.currentData()
        exclude = [x.strip() for x in self.exclude.text().replace(",", ",").split(",") if x.strip()]
        ok, result = call_store(self, random_draw, self.db, pool=self.pool(), count=self.count.value(),
                                inspectors=self.inspectors.value() if kind == "units" else 0,
                                seed=self.seed.text(), exclude=exclude, kind=kind, record=record, who=self.operator)
        if not ok:
            return None
        self.result = result
        drawn = result.units
        lines = [self.tr("种子:{s}").format(s=drawn.seed),
                 self.tr("候选 {n} 个(排除 {e} 个),候选清单校验值 {h}").format(
                     n=len(drawn.pool), e=len(drawn.excluded), h=drawn.pool_sha256),
                 self.tr("抽中:{c}").format(c="、".join(drawn.chosen))]
        if result.inspectors is not None:
            lines.append(self.tr("督查人员:{c}").format(c="、".join(result.inspectors.chosen)))
            lines += [self.tr("  回避:{i}({r})").format(i=a["item"], r=a["reason"])
                      for a in result.inspectors.attempts if not a["kept"]]
        lines.append(self.tr("已记录,抽取记录编号 {i}").format(i=result.unit_draw_id) if record
                     else self.tr("(试抽,未记录)"))
        self.outcome.setPlainText("\n".join(lines))
        self.seed.setText(drawn.seed)
        self.print_button.setEnabled(record)
        if record:
            self.drawn.emit(result)
        return result

    def record_dialog(self):
        from duchaban.ui.record_preview import record_preview

        if self.result is None or self.result.unit_draw_id is None:
            return None
        return record_preview(self, self.db, "draw", self.result.unit_draw_id, folder=self.folder)

    def print_record(self) -> None:
        dialog = self.record_dialog()
        if dialog is not None:
            dialog.exec()
