"""Evidence (佐证材料) of a finding, an inspection or a close-out: thumbnails of photos, icons for
documents, opened with the system's viewer from the managed folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileInfo, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFileIconProvider,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from duchaban.store.evidence import add_evidence, evidence_for, remove_evidence, stored_path
from duchaban.ui.store_calls import call_store

if TYPE_CHECKING:
    from sqlite_utils import Database

THUMBNAIL = QSize(160, 120)
PathRole = Qt.ItemDataRole.UserRole + 1
EvidenceIdRole = Qt.ItemDataRole.UserRole + 2
NameRole = Qt.ItemDataRole.UserRole + 3


def thumbnail(path: Path) -> QIcon:
    """A scaled-down picture for images (decoded at the small size), else the system's file icon."""
    reader = QImageReader(str(path))
    if reader.canRead():
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if not image.isNull():
            return QIcon(QPixmap.fromImage(image))
    return QFileIconProvider().icon(QFileInfo(str(path)))


class EvidenceDialog(QDialog):
    added = Signal()

    def __init__(self, db: Database, *, owner_kind: str, owner_uuid: str, title: str, operator: str | None,
                 parent=None):
        super().__init__(parent)
        self.db, self.owner_kind, self.owner_uuid, self.operator = db, owner_kind, owner_uuid, operator
        self.setWindowTitle(self.tr("佐证材料 — {t}").format(t=title))
        self.resize(760, 480)
        self.files = QListWidget()
        self.files.setViewMode(QListWidget.ViewMode.IconMode)
        self.files.setIconSize(THUMBNAIL)
        self.files.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.files.setWordWrap(True)
        self.files.itemActivated.connect(self.open_item)
        self.note = QLabel(self.tr("双击用系统默认程序打开。添加的文件已另存一份,与数据库放在一起,"
                                   "原文件移走或删除都不受影响。"))
        self.note.setToolTip(self.tr("保存位置:数据库文件旁的“数据库文件名.files”文件夹;"
                                     "文件按内容校验值(SHA-256)命名,同一文件只存一份。"))
        self.note.setWordWrap(True)
        add = QPushButton(self.tr("添加…"))
        add.clicked.connect(self.ask_add)
        open_button = QPushButton(self.tr("打开"))
        open_button.clicked.connect(lambda: self.files.currentItem() and self.open_item(self.files.currentItem()))
        self.remove_button = QPushButton(self.tr("移除…"))
        self.remove_button.setToolTip(self.tr("不再作为此处的佐证;已保存的文件不会删除,移除记入操作日志"))
        self.remove_button.clicked.connect(self.ask_remove)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(open_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.files, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.files.clear()
        for row in evidence_for(self.db, owner_kind=self.owner_kind, owner_uuid=self.owner_uuid):
            path = stored_path(self.db, row["sha256"], row["file_name"])
            item = QListWidgetItem(thumbnail(path), row["file_name"])
            item.setData(PathRole, str(path))
            item.setData(EvidenceIdRole, row["id"])
            item.setData(NameRole, row["file_name"])
            item.setToolTip(self.tr("{n}\n{s} 字节,{a} 由 {w} 添加").format(
                n=row["file_name"], s=row["size"], a=row["added_at"][:10], w=row["added_by"] or self.tr("未知"))
                + ("" if path.exists() else self.tr("\n保存在办公室数据库中,首次打开时取回")))
            self.files.addItem(item)

    def add_files(self, paths: list[Path]) -> int:
        added = 0
        for path in paths:
            ok, _ = call_store(self, add_evidence, self.db, path=path, owner_kind=self.owner_kind,
                               owner_uuid=self.owner_uuid, who=self.operator)
            added += ok
        if added:
            self.reload()
            self.added.emit()
        return added

    def remove_file(self, evidence_id: int) -> bool:
        """Unlink one file from this owner (kept on disk by its hash; audited)."""
        ok, _ = call_store(self, remove_evidence, self.db, evidence_id=evidence_id, owner_kind=self.owner_kind,
                           owner_uuid=self.owner_uuid, who=self.operator)
        if ok:
            self.reload()
            self.added.emit()       # owners' counts change as when files are added
        return ok

    def ask_remove(self) -> None:
        item = self.files.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(
            self, self.windowTitle(),
            self.tr("移除佐证材料“{n}”?\n文件本身仍保存在数据库旁的 .files 文件夹中,可以重新添加。").format(
                n=item.text()))
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_file(item.data(EvidenceIdRole))

    def ask_add(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("选择佐证材料"))
        if paths:
            self.add_files([Path(p) for p in paths])

    def open_item(self, item: QListWidgetItem):
        """Open the file, fetching it from the office hub first when this machine does not hold it
        yet (returns that job)."""
        from duchaban.ui.evidence_open import open_evidence

        return open_evidence(self, self.db, item.data(PathRole), item.data(NameRole), fetched=self.reload)

    def open_file(self, path: str) -> bool:
        """Hand the stored copy to the system's viewer; say so when the managed copy is gone."""
        if not Path(path).exists():
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("佐证文件缺失:{p}\n请从备份恢复数据库旁的 .files 文件夹。").format(p=path))
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(path))
