"""Asking for the passphrase of an encrypted database, before anything opens it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from duchaban.store.connection import EncryptedDatabase, connect, is_encrypted, passphrase_for

TRIES = 3


def unlock(parent: QWidget | None, path: Path) -> bool:
    """True when the file can be opened: plain, already unlocked, or the user gave the passphrase."""
    if not Path(path).exists() or not is_encrypted(path) or passphrase_for(path) is not None:
        return True
    for _ in range(TRIES):
        passphrase, ok = QInputDialog.getText(parent, "督查办", f"数据库“{Path(path).name}”已加密,请输入密码:",
                                              QLineEdit.EchoMode.Password)
        if not ok:
            return False
        try:
            connect(path, passphrase=passphrase).close()    # checks it and remembers it for this session
            return True
        except EncryptedDatabase as error:
            QMessageBox.warning(parent, "督查办", str(error))
    return False


def new_passphrase(parent: QWidget) -> str | None:
    """A new passphrase typed twice, or None when the user gives up."""
    first, ok = QInputDialog.getText(parent, "加密数据库", "设置密码(至少 8 个字符,请妥善保管,遗失无法找回):",
                                     QLineEdit.EchoMode.Password)
    if not ok:
        return None
    second, ok = QInputDialog.getText(parent, "加密数据库", "再次输入密码:", QLineEdit.EchoMode.Password)
    if not ok:
        return None
    if first != second:
        QMessageBox.warning(parent, "加密数据库", "两次输入的密码不一致")
        return None
    return first
