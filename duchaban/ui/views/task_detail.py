"""The right-hand pane: one task in full, with its units as links."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser

from duchaban.core.status import StatusVerdict
from duchaban.core.unit_names import KIND_LABELS
from duchaban.ui.views.highlight_delegate import highlight_html

ROLE_TITLES = (("lead", "牵头单位"), ("responsible", "责任单位"), ("cooperating", "配合单位"))
COMPARATORS = {">=": "不低于", "<=": "不高于", "=": "等于"}
UNIT_SCHEME = "unit"


def task_html(detail: dict, verdict: StatusVerdict, highlight: list[str] | None = None) -> str:
    """The detail pane's HTML for a task_detail() row and its derived status, search words marked."""
    e = escape
    parts = [
        f"<h2>任务 {detail['number']}</h2>",
        f"<p style='font-size:12pt'>{highlight_html(detail['text'], highlight or [])}</p>",
        f"<p><span style='color:{verdict.color};font-weight:bold'>● {e(verdict.label)}</span>"
        f"<br><span style='color:#555'>判定规则:{e(verdict.rule)}</span></p>",
        "<table cellspacing='0' cellpadding='3'>",
    ]
    if detail["sections"]:
        parts.append(f"<tr><td><b>所属部分</b></td><td>{e(detail['sections'][0])}</td></tr>")
    for role, title in ROLE_TITLES:
        units = [u for u in detail["units"] if u["role"] == role]
        if role == "responsible":
            units = [u for u in detail["units"] if u["role"] in ("lead", "responsible")]
        if units:
            links = "、".join(
                f"<a href='{UNIT_SCHEME}:{u['id']}'>{e(u['name'])}</a>"
                + (f"<span style='color:#777'>({KIND_LABELS['group']})</span>" if u["kind"] == "group" else "")
                for u in units
            )
            parts.append(f"<tr><td><b>{title}</b></td><td>{links}</td></tr>")
    deadline = detail["deadline_text"] or "未写明(按年底计)"
    if detail["deadline_on"] and detail["deadline_text"] != detail["deadline_on"]:
        deadline += f"({detail['deadline_on']})"
    parts.append(f"<tr><td><b>完成时限</b></td><td>{e(deadline)}</td></tr>")
    if detail["leaders"]:
        parts.append(f"<tr><td><b>责任领导</b></td><td>{e(detail['leaders'])}</td></tr>")
    parts.append("</table>")
    if detail["indicators"]:
        parts.append("<h3>量化指标</h3><ul>")
        for ind in detail["indicators"]:
            target = f"{COMPARATORS[ind['comparator']]} {ind['value']:g}{e(ind['measure'])}"
            parts.append(f"<li>{e(ind['clause'])}:{target}</li>")
        parts.append("</ul>")
    if detail["note"]:
        parts.append(f"<h3>备注</h3><p>{e(detail['note'])}</p>")
    for title in ("台账记录", "督查与问题", "销号"):
        parts.append(f"<h3>{title}</h3><p style='color:#777'>尚无记录</p>")
    return "\n".join(parts)


class TaskDetailView(QTextBrowser):
    """Shows one task; clicking a unit emits unitActivated(unit_id)."""

    unitActivated = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.show_nothing()

    def show_nothing(self) -> None:
        self.setHtml("<p style='color:#777'>在左侧选择一项任务,查看详细信息。</p>")

    def show_task(self, detail: dict, verdict: StatusVerdict, highlight: list[str] | None = None) -> None:
        self.setHtml(task_html(detail, verdict, highlight))

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == UNIT_SCHEME:
            self.unitActivated.emit(int(url.path()))
