"""The right-hand pane: one task in full, with its units as links."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser

from duchaban.core.ledger import STATUS_LABELS as LEDGER_STATUS_LABELS
from duchaban.core.overview import ARRIVAL_COLORS, ARRIVAL_LABELS, LATE, MISSING, ledger_arrival
from duchaban.core.periods import period_text
from duchaban.core.roles import ROLE_LABELS, ROLE_TITLES
from duchaban.core.status import StatusVerdict
from duchaban.core.unit_names import KIND_LABELS
from duchaban.ui.views.highlight_delegate import highlight_html

COMPARATORS = {">=": "不低于", "<=": "不高于", "=": "等于"}
UNIT_SCHEME = "unit"
ENTRY_SCHEME = "entry"     # a ledger report's evidence: entry:<uuid>


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
    for role, title in ROLE_TITLES.items():
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
    # Findings and close-out first: a task's history can run to dozens of rows (every town reports).
    parts.append(findings_html(detail.get("findings", [])))
    parts.append(close_outs_html(detail.get("close_outs", [])))
    parts.append(history_html(detail.get("history", [])))
    return "\n".join(parts)


def close_outs_html(close_outs: list[dict]) -> str:
    """The task's 销号 record: who verified it when, and any reopening with its reason."""
    if not close_outs:
        return "<h3>销号</h3><p style='color:#777'>尚未销号</p>"
    e = escape
    items = []
    for c in close_outs:
        text = f"{e(c['closed_on'])} 销号,核验人 {e(c['verifier'])}"
        if c["created_by"]:
            text += f",申请人 {e(c['created_by'])}"
        if c["opinion"]:
            text += f";意见:{e(c['opinion'])}"
        if c.get("override_reason"):
            text += f"<br><span style='color:#e65100'>台账未报完成,销号理由:{e(c['override_reason'])}</span>"
        if c["reopened_at"]:
            reopened = f"{e(c['reopened_at'][:10])} 撤销销号:{e(c['reopen_reason'])}"
            text += f"<br><span style='color:#c62828'>{reopened}</span>"
        text += evidence_html(c.get("evidence", []))
        items.append(f"<li>{text}</li>")
    return "<h3>销号</h3><ul>" + "".join(items) + "</ul>"


EVIDENCE_THUMBNAIL = 96   # pixels wide


def evidence_html(evidence: list[dict]) -> str:
    """Evidence as links that open the stored copy; photos as thumbnails."""
    if not evidence:
        return ""
    links = []
    for item in evidence:
        url = QUrl.fromLocalFile(item["path"]).toString()
        if (item.get("media_type") or "").startswith("image/"):
            links.append(f"<a href='{escape(url)}'><img src='{escape(url)}' width='{EVIDENCE_THUMBNAIL}'"
                         f" title='{escape(item['file_name'])}'></a>")
        else:
            links.append(f"<a href='{escape(url)}'>{escape(item['file_name'])}</a>")
    return "<br>佐证材料:" + " ".join(links)


def _override(finding: dict) -> str:
    """A finding closed before it was reported rectified says why, where its status is shown."""
    reason = finding.get("override_reason")
    return f"<br><span style='color:#e65100'>未报整改完成,销号理由:{escape(reason)}</span>" if reason else ""


def findings_html(findings: list[dict]) -> str:
    """Inspection findings about the task, with their rectification status; 暗访 ones marked."""
    if not findings:
        return "<h3>督查与问题</h3><p style='color:#777'>尚无记录</p>"
    e = escape
    rows = []
    for f in findings:
        mark = "<span style='color:#c62828'>(暗访,保密)</span>" if f["confidential"] else ""
        rows.append(f"<tr><td>{e(f['started_on'] or '')} {e(f['kind_label'])}{mark}<br>{e(f['inspection_title'])}</td>"
                    f"<td>{e(f['unit_name'])}</td><td>{e(f['description'])}</td><td>{e(f['demand'] or '')}</td>"
                    f"<td>{e(f['deadline_on'] or '')}</td><td>{e(f['status_label'])}{_override(f)}</td></tr>")
    return _table("督查与问题", ["督查", "单位", "问题", "整改要求", "期限", "状态"], rows)


HISTORY_LIMIT = 40


def _percent(value: float | None) -> str:
    return f"{value:g}%" if value is not None else ""


def _table(title: str, headers: list[str], rows: list[str]) -> str:
    """A titled, bordered table; ``rows`` are ready-made <tr> strings (cells already escaped)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    return (f"<h3>{title}</h3><table border='1' cellspacing='0' cellpadding='3' style='border-color:#ccc'>"
            f"<tr style='background:#eef3fa'>{head}</tr>" + "".join(rows) + "</table>")


def history_html(history: list[dict]) -> str:
    """The task's ledger reports as a table, newest period first."""
    if not history:
        return "<h3>台账记录</h3><p style='color:#777'>尚无记录</p>"
    e = escape
    rows = []
    for h in history[:HISTORY_LIMIT]:
        percent = _percent(h["percent"])
        source = f"{e(h['file_name'] or '')}<br><span style='color:#777'>{e((h['reported_at'] or '')[:10])}" \
                 f" {e(h['imported_by'] or '')}</span>"
        if h.get("due_on") and h.get("first_sent") and ledger_arrival(h["first_sent"], h["due_on"]) == LATE:
            source += (f"<br><span style='color:{ARRIVAL_COLORS[LATE]}'>"
                       f"{ARRIVAL_LABELS[LATE]}(截止 {h['due_on'][5:]})</span>")
        count = h.get("evidence_count") or 0
        evidence = (f"<a href='{ENTRY_SCHEME}:{e(h['uuid'])}'>{f'佐证 {count} 份' if count else '添加佐证'}</a>"
                    if h.get("uuid") else "")
        rows.append(f"<tr><td>{e(period_text(h['period_code']))}</td><td>{e(h['unit_name'])}</td>"
                    f"<td>{e(LEDGER_STATUS_LABELS[h['status']])}</td><td align='right'>{percent}</td>"
                    f"<td>{e(h['progress_text'] or '')}</td><td>{e(h['problems'] or '')}</td><td>{source}</td>"
                    f"<td>{evidence}</td></tr>")
    html = _table("台账记录", ["周期", "单位", "状态", "比例", "进展情况", "存在问题", "来源", "佐证"], rows)
    if len(history) > HISTORY_LIMIT:
        html += f"<p style='color:#777'>另有 {len(history) - HISTORY_LIMIT} 条记录未显示</p>"
    return html


def _arrival_cell(sub: dict) -> str:
    """On time or late (against the period's due day, by the first ledger the unit sent)."""
    if not sub.get("due_on"):
        return "<td></td>"
    state = ledger_arrival(sub["first_sent"], sub["due_on"])
    return f"<td style='color:{ARRIVAL_COLORS[state]}'>{ARRIVAL_LABELS[state]}(截止 {sub['due_on'][5:]})</td>"


def _missed_period_row(standing, submissions: list[dict]) -> str:
    """A row for the period the unit's standing counts as not reported, when none of its
    submissions is for it ('' otherwise)."""
    if standing is None or standing.ledger != MISSING or not standing.ledger_period:
        return ""
    if any(sub["period_code"] == standing.ledger_period for sub in submissions):
        return ""
    due = f"(截止 {standing.ledger_due_on[5:]})" if standing.ledger_due_on else ""
    return (f"<tr><td>{escape(period_text(standing.ledger_period))}</td>"
            f"<td style='color:{ARRIVAL_COLORS[MISSING]}'>{ARRIVAL_LABELS[MISSING]}{due}</td>"
            "<td></td><td></td><td></td></tr>")


def unit_html(unit: dict) -> str:
    """The detail pane's HTML for a unit_detail() row: who it is, its tasks, what it reported."""
    e = escape
    parts = [f"<h2>{e(unit['name'])}</h2>",
             f"<p>{e(KIND_LABELS[unit['kind']])}" + ("" if unit["active"] else "(已停用)") + "</p>",
             "<table cellspacing='0' cellpadding='3'>"]
    if unit["aliases"]:
        parts.append(f"<tr><td><b>别名</b></td><td>{e('、'.join(unit['aliases']))}</td></tr>")
    counts = "、".join(f"{label} {unit['counts'].get(role, 0)} 项" for role, label in ROLE_LABELS.items())
    parts.append(f"<tr><td><b>承担任务</b></td><td>{counts}</td></tr>")
    standing = unit.get("standing")
    if standing is not None:
        words = standing.summary or "正常"
        parts.append(f"<tr><td><b>当前情况</b></td><td style='color:{standing.color}'>{e(words)}</td></tr>")
    for contact in unit["contacts"]:
        parts.append(f"<tr><td><b>{e(contact['role'])}</b></td>"
                     f"<td>{e(contact['name'])} {e(contact['phone'] or '')}</td></tr>")
    parts.append("</table>")
    if unit.get("findings"):
        parts.append("<h3>督查发现的问题</h3><ul>")
        for f in unit["findings"]:
            task = f"任务 {f['task_number']}:" if f["task_number"] else ""
            parts.append(f"<li>{e(f['started_on'] or '')} {e(f['kind_label'])} {task}{e(f['description'])}"
                         f"({e(f['status_label'])})</li>")
        parts.append("</ul>")
    rows = [f"<tr><td>{e(period_text(sub['period_code']))}</td>{_arrival_cell(sub)}<td>{e(sub['file_name'])}</td>"
            f"<td>{e(sub['imported_at'][:16].replace('T', ' '))}</td><td>{e(sub['imported_by'] or '')}</td></tr>"
            for sub in unit["submissions"]]
    missed = _missed_period_row(standing, unit["submissions"])
    if missed:
        rows.insert(0, missed)        # the summary says 台账未报送: the table names the period
    if not rows:
        parts.append("<h3>台账报送</h3><p style='color:#777'>尚未报送</p>")
    else:
        parts.append(_table("台账报送", ["周期", "报送情况", "文件", "导入时间", "导入人"], rows))
    if unit["reports"]:
        latest = unit["reports"][0]["period_code"]
        rows = [r for r in unit["reports"] if r["period_code"] == latest]
        cells = [f"<tr><td>{r['number']}</td><td>{e(LEDGER_STATUS_LABELS[r['status']])}</td>"
                 f"<td align='right'>{_percent(r['percent'])}</td><td>{e(r['progress_text'] or '')}</td>"
                 f"<td>{e(r['problems'] or '')}</td></tr>" for r in rows[:HISTORY_LIMIT]]
        parts.append(_table(f"{e(period_text(latest))} 填报内容({len(rows)} 项)",
                            ["任务", "状态", "比例", "进展情况", "存在问题"],
                            cells))
    return "".join(parts)


class TaskDetailView(QTextBrowser):
    """Shows one task; clicking a unit emits unitActivated(unit_id), a report's evidence link
    entryEvidenceRequested(report uuid)."""

    unitActivated = Signal(int)
    entryEvidenceRequested = Signal(str)
    evidenceRequested = Signal(str)     # a stored evidence file's path, perhaps not yet fetched from the hub

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.show_nothing()

    def show_nothing(self) -> None:
        self.setHtml("<p style='color:#777'>在左侧选择一项任务,查看详细信息。</p>")

    def show_task(self, detail: dict, verdict: StatusVerdict, highlight: list[str] | None = None) -> None:
        self.setHtml(task_html(detail, verdict, highlight))

    def show_unit(self, unit: dict) -> None:
        self.setHtml(unit_html(unit))

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == UNIT_SCHEME:
            self.unitActivated.emit(int(url.path()))
        elif url.scheme() == ENTRY_SCHEME:
            self.entryEvidenceRequested.emit(url.path())
        elif url.isLocalFile():
            self.evidenceRequested.emit(url.toLocalFile())
