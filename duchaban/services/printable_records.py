"""The printable records by kind and id: title and HTML, for the print preview, the PDF and the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.formats.inspection_records import draw_record_html, inspection_record_html, rectification_notice_html
from duchaban.store.audit import chain_code
from duchaban.store.inspection_detail import draw_detail, finding_detail, inspection_detail

if TYPE_CHECKING:
    from sqlite_utils import Database

RECORD_KINDS = {"inspection": "督查记录表", "notice": "整改通知书", "draw": "随机抽取记录"}


def printable_record(db: Database, kind: str, record_id: int) -> tuple[str, str]:
    """(title, html) of the record: ``inspection`` and ``draw`` by their ids, ``notice`` by finding id;
    its foot carries the log's 数据校验码 at printing, which `duchaban check --code` confirms later."""
    title, html = _record(db, kind, record_id)
    code = (f"<p style='font-size:9pt;color:#555;margin-top:12pt'>数据校验码:{chain_code(db)}"
            "(可用 duchaban check --code 核对)</p>")
    return title, html.replace("</body>", code + "</body>") if "</body>" in html else html + code


def _record(db: Database, kind: str, record_id: int) -> tuple[str, str]:
    if kind == "inspection":
        detail = inspection_detail(db, record_id)
        return f"督查记录表-{detail['title']}", inspection_record_html(detail)
    if kind == "notice":
        finding = finding_detail(db, record_id)
        return f"整改通知书-{finding['unit_name']}-{record_id}", rectification_notice_html(finding)
    if kind == "draw":
        detail = draw_detail(db, record_id)
        if detail["kind"] == "inspectors":
            raise DuchabanError("请打印对应的单位抽取记录,督查人员的抽取附在其中")
        return f"随机抽取记录-{record_id}", draw_record_html(detail)
    raise DuchabanError(f"未知的记录类型“{kind}”,应为 {'、'.join(RECORD_KINDS)}")


def write_record_pdf(db: Database, kind: str, record_id: int, out: Path) -> Path:
    """The record as an A4 PDF at ``out``, laid out by Qt's text engine (imported here, only when a
    record is printed: the command line has no window and needs no Qt otherwise)."""
    from duchaban.render.record_pdf import write_pdf_offscreen

    title, html = printable_record(db, kind, record_id)
    return write_pdf_offscreen(html, Path(out), title=title)
