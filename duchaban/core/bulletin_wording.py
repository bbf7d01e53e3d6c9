"""The words of a bulletin, drafted from its figures; the office edits them before issuing.

Each key is one passage of the bulletin. The draft is only a start: what the user changes is
stored with the frozen bulletin and used from then on.
"""

from __future__ import annotations

from datetime import date

from duchaban.core.bulletin_figures import (
    BEHIND,
    behind_tasks,
    by_lead_unit,
    by_section,
    criticized_units,
    finding_tally,
    ledger_tally,
    overview,
    praised_units,
    repeated_criticism,
)
from duchaban.core.findings import INSPECTION_KINDS
from duchaban.core.periods import chinese_date, ledger_due_date, next_period, parse_period, period_label
from duchaban.core.status import STATUS_LABELS

# Passages in the order the bulletin prints them, with the label the preview shows.
PASSAGES = {
    "title": "标题",
    "opening": "导语",
    "overview": "总体情况",
    "sections": "分领域情况",
    "lagging": "滞后任务",
    "units": "各单位推进情况",
    "findings": "督查发现问题",
    "praise": "通报表扬",
    "criticism": "通报批评",
    "demands": "下步工作要求",
}


def issue_name(year: int, issue_no: int) -> str:
    """How an issue of the bulletin is called: 2021年第3期."""
    return f"{year}年第{issue_no}期"


def _names(names: list[str], limit: int = 12) -> str:
    shown = "、".join(names[:limit])
    return shown + (f"等 {len(names)} 个单位" if len(names) > limit else "")


def _overview(snapshot: dict) -> str:
    tally = overview(snapshot["tasks"])
    counts = "、".join(f"{STATUS_LABELS[code]} {n} 项" for code, n in tally.counts.items() if n)
    ledgers = ledger_tally(snapshot["units"])
    measured = chinese_date(date.fromisoformat(snapshot["measured_on"]))
    text = (f"截至{measured},{snapshot['plan']['year']}年政府工作报告确定的 {tally.total} 项重点任务中,{counts},"
            f"完成(含销号)率 {tally.done_rate:g}%,平均进度 {tally.mean_percent:g}%。")
    text += f"本期应报送工作台账 {ledgers['expected']} 个单位,按时报送 {ledgers['on_time']} 个"
    if ledgers["late"]:
        text += f",逾期报送 {ledgers['late']} 个"
    if ledgers["missing"]:
        text += f",未报送 {ledgers['missing']} 个"
    return text + "。"


def _sections(snapshot: dict) -> str:
    parts = [t for t in by_section(snapshot["tasks"]) if t.level == 1]
    if not parts:
        return ""
    ahead = max(parts, key=lambda t: (t.mean_percent, -t.behind))
    behind = max(parts, key=lambda t: (t.behind, -t.mean_percent))
    text = f"分领域看,“{ahead.name}”推进较快,平均进度 {ahead.mean_percent:g}%"
    if behind.behind and behind is not ahead:
        text += f";“{behind.name}”有 {behind.behind} 项任务滞后,需加快推进"
    return text + "(详见表1)。"


def _lagging(snapshot: dict) -> str:
    behind = behind_tasks(snapshot["tasks"])
    if not behind:
        return "本期各项任务均按序时进度推进,未发现滞后任务。"
    leads = sorted({t["lead"] for t in behind if t["lead"]})
    kinds = [f"{STATUS_LABELS[code]} {n} 项" for code in BEHIND if (n := sum(t["status"] == code for t in behind))]
    labels = f"({'、'.join(kinds)})" if len(kinds) > 1 else ""
    return (f"对照序时进度,共有 {len(behind)} 项任务推进滞后{labels},涉及{_names(leads)}等牵头单位(详见表2)。"
            "请相关牵头单位认真分析原因,制定赶进度措施。")


def _units(snapshot: dict) -> str:
    units = by_lead_unit(snapshot["tasks"])
    clean = sum(1 for t in units if t.behind == 0)
    return (f"{len(units)} 个牵头单位中,{clean} 个单位牵头任务均按序时推进,"
            f"{len(units) - clean} 个单位存在滞后任务(详见表3)。")


def _findings(snapshot: dict) -> str:
    counts = snapshot["inspections"]
    done = [f"{INSPECTION_KINDS[k]} {n} 次" for k, n in counts.items() if n]
    tally = finding_tally(snapshot["findings"])
    text = (f"本期共开展督查 {sum(counts.values())} 次({'、'.join(done)})" if done else "本期未开展督查")
    if not tally.total:
        return text + ",未发现需整改问题。"
    text += (f",连同此前尚未销号的问题,共跟踪问题 {tally.total} 个:已整改销号 {tally.closed} 个,"
             f"已整改待核验 {tally.rectified} 个,正在整改 {tally.in_progress} 个")
    if tally.overdue:
        text += f",其中 {tally.overdue} 个已超过整改时限"
    return text + "(详见表4)。"


def _praise(snapshot: dict) -> str:
    praised = praised_units(snapshot)
    if not praised:
        return "本期暂无通报表扬单位。"
    return (f"{_names([m.name for m in praised])}等单位工作主动、措施有力,牵头任务均按序时推进,"
            "台账报送及时,予以通报表扬。")


def _criticism(snapshot: dict) -> str:
    mentions = criticized_units(snapshot)
    if not mentions:
        return "本期暂无通报批评单位。"
    lines = ["以下单位存在任务滞后、台账报送不及时或问题整改不到位等情况,予以通报批评:"]
    lines += [f"{m.name}:{'、'.join(m.reasons)}。" for m in mentions]
    repeats = repeated_criticism(snapshot)
    if repeats:
        previous = snapshot["previous"]["issue_no"]
        lines.append(f"其中,{'、'.join(repeats)}在第{previous}期通报中已被通报批评,本期仍未改进,"
                     "请主要负责同志亲自过问、限期整改。")
    return "\n".join(lines)


def _demands(snapshot: dict) -> str:
    period = parse_period(snapshot["period"]["code"])
    following = next_period(period)
    due = chinese_date(ledger_due_date(following))
    return "\n".join((
        "（一）压实工作责任。各牵头单位要对照任务分解,逐项梳理进展,对滞后任务逐一制定赶进度措施,确保按期完成。",
        "（二）抓好问题整改。对督查发现的问题,责任单位要按照整改要求和时限抓好整改,整改完成后及时报送佐证材料申请销号。",
        f"（三）按时报送台账。请各单位于{due}前报送{period_label(following)}工作台账,逾期未报的将在下期通报中予以通报。",
    ))


def draft_wording(snapshot: dict) -> dict[str, str]:
    """Every passage of the bulletin, drafted from the snapshot's figures."""
    period = snapshot["period"]["label"]
    title = f"关于{period}政府工作报告重点任务推进情况的通报"
    plan_title = snapshot["plan"]["title"]
    plan_title = plan_title if plan_title.startswith("《") else f"《{plan_title}》"
    opening = (f"为推动{plan_title}确定的各项任务落地落实,{snapshot['office']}对{period}"
               "重点任务推进情况进行了督查,现将有关情况通报如下。")
    return {"title": title, "opening": opening, "overview": _overview(snapshot), "sections": _sections(snapshot),
            "lagging": _lagging(snapshot), "units": _units(snapshot), "findings": _findings(snapshot),
            "praise": _praise(snapshot), "criticism": _criticism(snapshot), "demands": _demands(snapshot)}
