"""Printable records as HTML for Qt's rich text: the inspection record (督查记录表), the
rectification notice (整改通知书) and the draw record (随机抽取记录) with lines for signatures.

Only the subset of HTML that QTextDocument renders is used: tables with borders, headings,
paragraphs. Every value is escaped.
"""

from __future__ import annotations

from datetime import date
from html import escape

from duchaban.core.findings import kind_words
from duchaban.core.periods import chinese_date

_STYLE = """
<style>
  body { font-size: 11pt; }
  h1 { font-size: 20pt; text-align: center; margin-bottom: 4px; }
  p.sub { text-align: center; margin-top: 0; }
  table.grid { border-collapse: collapse; width: 100%; }
  table.grid td, table.grid th { border: 1px solid #000; padding: 4px; vertical-align: top; }
  th { background: #eeeeee; }
  td.label { width: 18%; font-weight: bold; background: #f6f6f6; }
  p.sign { margin-top: 28px; }
</style>
"""


_GRID = "<table class='grid' width='100%' border='1' cellspacing='0' cellpadding='4'>"


# Signature lines side by side in cells that do not wrap, the date on a line of its own.
_SIGNATURES = ("<table width='100%' cellspacing='0' cellpadding='0' style='margin-top: 28px'><tr>"
               "<td width='50%' style='white-space: nowrap'>抽取人(签字):________________</td>"
               "<td width='50%' style='white-space: nowrap'>监督人(签字):________________</td></tr>"
               "<tr><td></td><td style='white-space: nowrap; padding-top: 16px'>日期:______年____月____日</td></tr>"
               "</table>")


def _e(value) -> str:
    return escape("" if value is None else str(value))


def _date(value: str | None) -> str:
    return chinese_date(date.fromisoformat(value)) if value else "____年__月__日"


def _page(title: str, subtitle: str, body: str) -> str:
    return (f"<html><head><meta charset='utf-8'>{_STYLE}</head><body><h1>{_e(title)}</h1>"
            f"<p class='sub'>{_e(subtitle)}</p>{body}</body></html>")


def _rows(pairs) -> str:
    return "".join(f"<tr><td class='label'>{_e(k)}</td><td>{v}</td></tr>" for k, v in pairs)


def inspection_record_html(detail: dict) -> str:
    """督查记录表 of one inspection and its findings."""
    when = _date(detail["started_on"] or detail["planned_on"])
    if detail["ended_on"] and detail["ended_on"] != detail["started_on"]:
        when += " 至 " + _date(detail["ended_on"])
    tasks = "<br>".join(f"{t['number']}. {_e(t['text'][:80])}" for t in detail["tasks"]) or "—"
    body = _GRID + _rows((
        ("督查名称", _e(detail["title"])),
        ("督查方式", _e(kind_words(detail["kind"], detail["confidential"]))),
        ("督查时间", _e(when)),
        ("督查人员", _e("、".join(detail["inspectors"]) or "—")),
        ("被督查单位", _e("、".join(detail["units"]) or "—")),
        ("涉及任务", tasks),
        ("方式方法", _e(detail["method"] or "—")),
        ("督查情况", _e(detail["summary"] or "—").replace("\n", "<br>")),
    )) + "</table>"
    body += "<h3>发现问题</h3>"
    if detail["findings"]:
        body += (f"{_GRID}<tr><th>序号</th><th>责任单位</th><th>问题</th><th>整改要求</th>"
                 "<th>整改时限</th><th>状态</th></tr>")
        for number, f in enumerate(detail["findings"], start=1):
            body += (f"<tr><td>{number}</td><td>{_e(f['unit_name'])}</td><td>{_e(f['description'])}</td>"
                     f"<td>{_e(f['demand'] or '—')}</td><td>{_e(f['deadline_on'] or '—')}</td>"
                     f"<td>{_e(f['status_label'])}</td></tr>")
        body += "</table>"
    else:
        body += "<p>未发现问题。</p>"
    body += ("<p class='sign'>督查人员(签字):______________________</p>"
             "<p class='sign'>被督查单位负责人(签字):______________________</p><p>日期:____年__月__日</p>")
    return _page("督查记录表", detail["office"], body)


def rectification_notice_html(finding: dict, *, year: int | None = None) -> str:
    """整改通知书 for one finding, with a receipt slip for the unit to sign."""
    year = year or int((finding["started_on"] or finding["created_at"])[:4])
    number = f"督改〔{year}〕{finding['id']}号"
    deadline = _date(finding["deadline_on"]) if finding["deadline_on"] else "规定时限"
    task = f"(涉及任务 {finding['task_number']})" if finding["task_number"] else ""
    body = (f"<p><b>{_e(finding['unit_name'])}</b>:</p>"
            f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{_e(_date(finding['started_on']))}{_e(finding['kind_label'])}"
            f"(“{_e(finding['inspection'])}”)中发现,你单位存在以下问题{_e(task)}:</p>"
            f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{_e(finding['description'])}(问题等级:{_e(finding['severity_label'])})</p>"
            f"<p>&nbsp;&nbsp;&nbsp;&nbsp;请按照以下要求抓好整改:{_e(finding['demand'] or '立行立改')}。</p>"
            f"<p>&nbsp;&nbsp;&nbsp;&nbsp;请于{_e(deadline)}前将整改情况及佐证材料报送{_e(finding['office'])},"
            "逾期未完成整改的,将在督查通报中予以通报。</p>"
            f"<p align='right'>{_e(finding['office'])}<br>____年__月__日</p><hr>"
            f"<h3>签收回执</h3>{_GRID}"
            + _rows((("通知书编号", _e(number)), ("签收单位", _e(finding["unit_name"])),
                     ("整改责任人", _e(finding["responsible_person"] or "")), ("签收人", ""), ("签收日期", "")))
            + "</table>")
    return _page("整改通知书", number, body)


def draw_record_html(detail: dict) -> str:
    """随机抽取记录: pool, seed, every attempt, result, and the inspectors drawn for it."""
    what = {"units": "被督查单位", "tasks": "抽查任务", "inspectors": "督查人员"}[detail["kind"]]

    def attempts(record: dict) -> str:
        rows = "".join(f"<tr><td>{a['attempt'] + 1}</td><td>{_e(a['item'])}</td>"
                       f"<td>{'选中' if a['kept'] else '跳过:' + _e(a['reason'])}</td></tr>"
                       for a in record["attempts"])
        return f"{_GRID}<tr><th>次序</th><th>抽中</th><th>结果</th></tr>{rows}</table>"

    body = _GRID + _rows((
        ("抽取内容", _e(what)),
        ("抽取时间", _e(detail["drawn_at"].replace("T", " ").rstrip("Z"))),
        ("操作人", _e(detail["drawn_by"] or "")),
        ("候选数量", _e(f"{len(detail['pool']['items'])} 个(排除 {len(detail['pool']['excluded'])} 个)")),
        ("候选清单校验值", f"<span style='font-family: monospace'>{_e(detail['pool_sha256'])}</span>"),
        ("随机种子", _e(detail["seed"])),
        ("抽取数量", _e(detail["count"])),
        ("抽取结果", _e("、".join(detail["result"]))),
    )) + "</table><h3>抽取过程</h3>" + attempts(detail)
    staff = detail.get("inspectors")
    if staff:
        # The inspectors' seed is the units' seed with a fixed suffix (services/random_draw.py);
        # the record says so in words rather than printing the suffix.
        seed = ("由上述随机种子派生" if staff["seed"].startswith(str(detail["seed"]) + "|")
                else "随机种子 " + _e(staff["seed"]))
        body += (f"<h3>督查人员</h3><p>从 {len(staff['pool']['items'])} 名督查人员中抽取 {staff['count']} 名"
                 f"({seed}):<b>{_e('、'.join(staff['result']))}</b></p>" + attempts(staff))
    body += ("<p>候选清单:" + _e("、".join(detail["pool"]["items"])) + "</p>"
             + _SIGNATURES)
    return _page("随机抽取记录", detail["office"], body)
