"""What office staff read says things plainly; the technical detail stays in a tooltip."""

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from duchaban.ui.dialogs.evidence import EvidenceDialog
from duchaban.ui.dialogs.field_exchange import FieldExchangeDialog
from duchaban.ui.hub_sync import HubAddressDialog

JARGON = ("postgresql://", "PGPASSWORD", ".pgpass", ".files", "校验值", "旧方式", "SHA")


def shown_texts(dialog) -> list[str]:
    """Every text on the dialog that is read without hovering: labels, buttons, placeholders."""
    return ([w.text() for w in dialog.findChildren(QLabel)] + [w.text() for w in dialog.findChildren(QAbstractButton)]
            + [w.placeholderText() for w in dialog.findChildren(QLineEdit)])


def tooltips(dialog) -> str:
    return " ".join(w.toolTip() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
                    + dialog.findChildren(QLineEdit))


def assert_plain(dialog) -> None:
    found = [(word, text) for text in shown_texts(dialog) for word in JARGON if word in text]
    assert not found, found


def test_hub_address_dialog(qtbot):
    dialog = HubAddressDialog("")
    qtbot.addWidget(dialog)
    assert_plain(dialog)
    assert "管理员" in dialog.address.placeholderText()
    assert "postgresql://用户名@服务器/数据库" in dialog.address.toolTip()
    assert "PGPASSWORD" in dialog.password.toolTip() and ".pgpass" in dialog.password.toolTip()


def test_evidence_dialog(qtbot, sample_db):
    uuid = sample_db.execute("SELECT uuid FROM finding ORDER BY id LIMIT 1").fetchone()[0]
    dialog = EvidenceDialog(sample_db, owner_kind="finding", owner_uuid=uuid, title="问题", operator="张伟")
    qtbot.addWidget(dialog)
    assert_plain(dialog)
    assert ".files" in tooltips(dialog) and "校验值" in dialog.note.toolTip()


@pytest.mark.usefixtures("qapp")
def test_field_exchange_dialog(qtbot, sample_db_path, tmp_path):
    dialog = FieldExchangeDialog(sample_db_path, operator="陈静", folder=tmp_path)
    qtbot.addWidget(dialog)
    assert_plain(dialog)
    assert "时钟" in dialog.mode_since_time.toolTip()
