"""Issued bulletins (已发布的通报), one issue a row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from duchaban.core.bulletin_wording import issue_name
from duchaban.ui.models.column_table import Column, ColumnTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("BulletinTableModel", text)


def _period(b: dict) -> str:
    """The period, with the topic of a special issue and whether a reissue replaced it."""
    words = b["period_code"]
    if b.get("kind") == "special":
        words += _tr("(专项:{t})").format(t=b.get("topic") or "")
    if b.get("replaced_at"):
        words += _tr("(已重新印发替代,不计入考核)")
    return words


class BulletinTableModel(ColumnTableModel):
    """Rows as store.bulletins.list_bulletins gives them."""

    COLUMNS = (
        Column("issue", "期号", lambda b: issue_name(b["year"], b["issue_no"]),
               sort=lambda b: (b["year"], b["issue_no"])),
        Column("period", "周期", _period),
        Column("issued_at", "发布时间", lambda b: b["generated_at"].replace("T", " ")[:16]),
        Column("issued_by", "发布人", lambda b: b["generated_by"] or ""),
        Column("file", "文件", lambda b: b["docx_name"] or ""),
    )
