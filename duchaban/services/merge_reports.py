"""Chinese text for what merging records changed: a field package imported (or tried), a sync with the
office hub, a package exported, a hub set up or cloned. The JSON of each is the report's own
``to_json()`` (or the hub's summary), so only the words for people live here, once."""

from __future__ import annotations

from pathlib import Path

from duchaban.core.field_names import table_label


def _per_table(bucket: dict) -> str:
    return "、".join(f"{table_label(t)} {n}" for t, n in bucket.items()) or "无"


def _conflict_lines(conflicts) -> list[str]:
    from duchaban.store.field_sync import describe_differences

    return [f"冲突 {c.uuid} {c.label}:{describe_differences(c)}" for c in conflicts]


def merge_report_text(report, *, dry_run: bool = False) -> str:
    """A field package's import: per table what was added, updated, deleted, kept and already there; conflicts."""
    lines = [f"新增:{_per_table(report.inserted)}", f"更新:{_per_table(report.updated)}",
             f"删除:{_per_table(report.deleted)}", f"保留本机修改:{_per_table(report.kept_local)}",
             f"已有且相同:{_per_table(report.unchanged)}", *_conflict_lines(report.conflicts)]
    if dry_run:
        lines.append("(试导入,未写入)")
    return "\n".join(lines)


def sync_report_text(report) -> str:
    """A sync with the office hub: what came in, what went out, evidence files both ways; conflicts."""
    pulled = report.pulled
    return "\n".join([
        f"取回:新增 {_per_table(pulled.inserted)};更新 {_per_table(pulled.updated)};删除 {_per_table(pulled.deleted)};"
        f"保留本机修改 {_per_table(pulled.kept_local)}",
        f"发送:{_per_table(report.pushed)}(办公室已有 {report.unchanged} 条);佐证文件发送 {report.files_sent} 个"
        + (f";{report.files_waiting} 个新佐证文件留在办公室数据库,首次打开时取回" if report.files_waiting else ""),
        *_conflict_lines(pulled.conflicts)])


def field_package_text(manifest: dict, out: str | Path) -> str:
    """A field package written: where, and how many records of each kind it carries."""
    counts = manifest["counts"]
    return (f"已导出交换包:{out}(督查 {counts['inspections']} 次,问题 {counts['findings']} 个,"
            f"跟踪 {counts['followups']} 条,销号 {counts['close_outs']} 条,佐证 {counts['evidence']} 份,"
            f"删除记录 {counts['tombstones']} 条)")


def hub_init_text(summary: dict) -> str:
    verb = "已建立" if summary["upgraded_from"] == 0 else "已是最新结构"
    base = ",并存入本数据库作为新笔记本的基础数据" if summary["base_copy"] else ""
    return f"办公室数据库 {summary['hub']} {verb}{base}"


def hub_clone_text(summary: dict) -> str:
    return (f"已从办公室数据库建立本机数据库:{summary['database']}"
            f"(佐证文件 {summary['files_waiting']} 个留在办公室数据库,首次打开时取回;"
            "外出前可用 duchaban evidence fetch --all 全部取回)")


def take_decisions(pairs: list[str] | None) -> dict[str, str]:
    """``--take UUID=local|incoming`` pairs as {uuid: choice}; DuchabanError naming a pair written otherwise."""
    from duchaban.core.errors import DuchabanError

    decisions = {}
    for pair in pairs or []:
        key, sep, choice = pair.partition("=")
        if not sep or not key.strip() or choice.strip() not in ("local", "incoming"):
            raise DuchabanError(f"--take 的写法应为“UUID=local”或“UUID=incoming”,而不是“{pair}”")
        decisions[key.strip()] = choice.strip()
    return decisions
