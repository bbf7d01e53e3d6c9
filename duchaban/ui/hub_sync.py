"""The window and the office hub: 文件→与办公室同步, a status-bar line saying when the window last
synced and how many changes wait to be sent, and quiet syncs on start and after each change.

The hub's address is remembered per user (QSettings), its password only for this session (or
taken from PGPASSWORD / ~/.pgpass, as psql does): it is never written to disk by the program.
An automatic sync never interrupts with a dialog; when the hub is out of reach (in the field) the
status bar says so and the next change tries again.
"""

from __future__ import annotations

import os
from datetime import datetime

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
)

from duchaban.hub.connection import split_password, with_password

AUTO_DELAY_MS = 5000      # after a change, wait for the user to finish a burst of edits


class HubAddressDialog(QDialog):
    """Where the office hub is, and this user's password for it."""

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("与办公室同步"))
        self.address = QLineEdit(url)
        self.address.setPlaceholderText(self.tr("由办公室管理员提供,照抄即可"))
        # The format is for whoever sets the office up; staff copy what they are given.
        self.address.setToolTip(self.tr("地址的写法:postgresql://用户名@服务器/数据库,"
                                        "例如 postgresql://zhangwei@192.168.1.10/duchaban"))
        self.address.setMinimumWidth(420)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("您在办公室数据库的登录密码;管理员已在本机设好时可不填"))
        self.password.setToolTip(self.tr("本机已设置环境变量 PGPASSWORD 或密码文件 .pgpass 时,可以不填"))
        note = QLabel(self.tr("先取回其他人的修改,再发送本机的修改;按记录版本合并,重复同步不会重复写入。"
                              "地址会记住,密码只在本次运行中使用。"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("同步"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(self.tr("办公室数据库"), self.address)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(buttons)


class HubSync(QObject):
    """One window's syncing with the office hub."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.password: str | None = os.environ.get("PGPASSWORD")
        self.last_sync: datetime | None = None
        self.label = QLabel()
        window.statusBar().addPermanentWidget(self.label)
        self._running = False
        self._timer = QTimer(self, singleShot=True, interval=AUTO_DELAY_MS)
        self._timer.timeout.connect(lambda: self.sync(interactive=False))

    def stop(self) -> None:
        """The window closes: no sync after it."""
        self._timer.stop()

    @property
    def url(self) -> str:
        return str(self.window.settings.value("hub/url") or "")

    def show_status(self, problem: str | None = None) -> None:
        if self.window.db is None:
            return
        if not self.url:
            self.label.setText("")
            return
        from duchaban.hub.sync import waiting_to_send  # here: a window with no hub never needs it

        waiting = waiting_to_send(self.window.db)
        parts = [problem or (self.tr("上次 {t}").format(t=self.last_sync.strftime("%H:%M"))
                             if self.last_sync else self.tr("本次尚未同步"))]
        if waiting:
            parts.append(self.tr("待发送 {n} 条").format(n=waiting))
        self.label.setText(self.tr("办公室同步:") + " · ".join(parts))

    def schedule(self) -> None:
        """A change was made: sync a little later, when the hub's address is known (a missing or wrong
        password only shows as 未连接 below)."""
        if self.url:
            self._timer.start()
        self.show_status()

    def ask_and_sync(self) -> None:
        dialog = HubAddressDialog(self.url, self.window)
        if not dialog.exec():
            return
        url = dialog.address.text().strip()
        if not url:
            return
        address, password = split_password(url)
        self.window.settings.setValue("hub/url", address)
        self.password = dialog.password.text() or password or self.password
        self.sync(interactive=True)

    def sync(self, *, interactive: bool, prefer: str | None = None):
        from duchaban.ui.jobs import hub_sync_job

        if self._running or self.window.db is None or not self.url:
            return None
        self._running = True
        self.show_status(self.tr("正在同步……"))
        return self.window.run_job(
            hub_sync_job, with_password(self.url, self.password), prefer, self.window.operator,
            title=self.tr("正在与办公室同步……") if interactive else "",
            done=lambda report: self._done(report, interactive),
            failed=lambda message: self._failed(message, interactive), cancellable=False)

    def _done(self, report, interactive: bool) -> None:
        self._running = False
        self.last_sync = datetime.now()
        self.label.setToolTip("")
        if report.pulled.changed:
            self.window.refresh()
        self.window.outside_changes.mark_seen()     # the sync's own writes are not another program's
        self.show_status()
        if interactive:
            pulled = report.pulled
            sent = sum(report.pushed.values())
            QMessageBox.information(self.window, self.tr("与办公室同步"), self.tr(
                "已同步:取回新增 {a} 条、更新 {u} 条、删除 {d} 条;发送 {s} 条。").format(
                a=sum(pulled.inserted.values()), u=sum(pulled.updated.values()), d=sum(pulled.deleted.values()),
                s=sent))

    def _failed(self, message: str, interactive: bool) -> None:
        self._running = False
        conflicts = "两边都修改过" in message
        if conflicts:
            self.show_status(self.tr("有冲突,请手动同步"))
        elif message.startswith("无法连接办公室数据库"):
            self.show_status(self.tr("未连接"))
        else:
            # Reached the hub and refused (another login's laptop, an older program…): saying 未连接
            # would send the user to check the network; the reason is one hover away.
            self.show_status(self.tr("同步未完成,请手动同步查看原因"))
        self.label.setToolTip(message)
        if not interactive:
            return
        if not conflicts:
            QMessageBox.warning(self.window, self.tr("与办公室同步"), message)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("与办公室同步"),
                          message + "\n\n"
                          + self.tr("对这些记录,保留本机的还是采用办公室的?被放弃的一方留在操作日志中。"),
                          parent=self.window)
        local = box.addButton(self.tr("全部保留本机"), QMessageBox.ButtonRole.AcceptRole)
        incoming = box.addButton(self.tr("全部采用办公室的"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() in (local, incoming):
            self.sync(interactive=True, prefer="local" if box.clickedButton() is local else "incoming")
