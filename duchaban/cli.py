"""The command line: parses arguments and calls the same services as the window.

``duchaban`` alone starts the window; subcommands work on the same database file.
Exit status: 0 success, 1 a problem reported on stderr in one line, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from duchaban import __version__
from duchaban.cli_parser import ChineseArgumentParser
from duchaban.core.errors import DuchabanError
from duchaban.core.unit_names import KIND_LABELS, UNIT_KINDS
from duchaban.store.database import MEMORY, default_database_path, open_database, opened_database

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
PERIOD_HELP = "{what}:2021年第二季度、2021年3月、2021年上半年、2021年度,或 2021Q2、2021-03、2021H1、2021"


def _operator(args: argparse.Namespace) -> str:
    if args.operator:
        return args.operator
    try:
        return os.environ.get("DUCHABAN_OPERATOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _backup(db, *, reason: str) -> None:
    """A backup before a change (only when the database changed since the last one)."""
    # Imported here: `duchaban` alone starts the window and should not load what it does not need.
    from duchaban.store.backup import backup_if_changed

    backup_if_changed(db, reason=reason)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_database_path()


def _unlock(path: Path) -> None:
    """Remember the passphrase of an encrypted database: $DUCHABAN_PASSPHRASE, else asked at the terminal."""
    from duchaban.store.connection import connect, is_encrypted, passphrase_for

    if not path.is_file() or not is_encrypted(path) or passphrase_for(path) is not None:
        return
    passphrase = os.environ.get("DUCHABAN_PASSPHRASE")
    if passphrase is None and sys.stdin.isatty():
        passphrase = getpass.getpass(f"数据库“{path.name}”已加密,请输入密码:")
    if not passphrase:
        raise DuchabanError(f"数据库“{path.name}”已加密:请设置环境变量 DUCHABAN_PASSPHRASE 或在终端中输入密码")
    connect(path, passphrase=passphrase).close()


def _database(args: argparse.Namespace, *, create: bool = False):
    """The database named by --db (an existing one unless ``create``), closed afterwards."""
    return opened_database(_db_path(args), create=create)


# --- subcommands -------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from duchaban.services.demo import build_demo

    summary = build_demo(_db_path(args), replace=args.force)
    print(f"演示数据库已建立:{_db_path(args)}(任务 {summary['tasks']} 项,单位 {summary['units']} 个,"
          f"工作人员 {summary['staff']} 人,台账报送 {summary['submissions']} 份,"
          f"督查 {summary['inspections']} 次,问题 {summary['findings']} 个)")
    return EXIT_OK


def _parse_decisions(pairs: Sequence[str]) -> dict[str, str]:
    decisions = {}
    for pair in pairs:
        written, sep, unit = pair.partition("=")
        if not sep or not written.strip() or not unit.strip():
            raise DuchabanError(f"--map 的写法应为“原文名称=单位名称”,而不是“{pair}”")
        decisions[written.strip()] = unit.strip()
    return decisions


_NUMBERINGS = {"1.": "arabic", "(一)": "paren", "一、": "part"}
_LABEL_MEANINGS = {"牵头单位": "lead", "责任单位": "responsible", "配合单位": "cooperating", "责任领导": "leaders",
                   "完成时限": "deadline"}


def _parse_hints(args: argparse.Namespace):
    """ParseHints from --numbering and --label, or None when neither was given."""
    from duchaban.core.plan import ParseHints

    if not args.numbering and not args.label:
        return None
    labels = []
    for pair in args.label or []:
        word, sep, meaning = pair.partition("=")
        if not sep or not word.strip() or meaning.strip() not in _LABEL_MEANINGS:
            raise DuchabanError("--label 的写法应为“原文标签=牵头单位/责任单位/配合单位/责任领导/完成时限”,"
                                f"而不是“{pair}”")
        labels.append((word.strip(), _LABEL_MEANINGS[meaning.strip()]))
    return ParseHints(_NUMBERINGS[args.numbering] if args.numbering else None, tuple(labels))


def cmd_plan_import(args: argparse.Namespace) -> int:
    from duchaban.services.plan_import import commit_plan_import, preview_plan, read_and_parse

    decisions = _parse_decisions(args.map or [])
    # Read and parse before opening the database: an unreadable file never touches it.
    source, parsed = read_and_parse(args.file, _parse_hints(args))
    path = _db_path(args)
    db = open_database(MEMORY if args.dry_run and not path.exists() else path)
    try:
        preview = preview_plan(db, source, parsed, decisions=decisions, year=args.year)
        if args.json:
            _print_json(preview.to_json())
        else:
            for message in preview.messages():
                where = f"第{message.line}行:" if message.line else ""
                print(f"{where}{message.message}", file=sys.stderr)
        parts = sum(1 for s in parsed.sections if s.level == 1)
        subs = len(parsed.sections) - parts
        summary = f"《{parsed.title}》{parsed.doc_number}:{parts} 个部分,{subs} 个子部分,{len(parsed.tasks)} 项任务"
        if not preview.can_import:
            blocked = [m.message for m in preview.messages() if m.message.startswith("错误")]
            blocked += [m.describe() for m in preview.ambiguous]
            print(f"不能导入:{';'.join(blocked)}", file=sys.stderr)
            return EXIT_ERROR
        if preview.needs_confirmation and not args.json:
            for line in preview.removals.lines():
                print(f"将删除:{line}", file=sys.stderr)
        if args.dry_run:
            if not args.json:
                print(f"试导入(未写入数据库){summary}")
            return EXIT_OK
        if preview.needs_confirmation and not args.confirm_removals:
            print(f"不能导入:新版方案{preview.removals.summary()};核对上面列出的内容无误后,"
                  "加上 --confirm-removals 再导入", file=sys.stderr)
            return EXIT_ERROR
        if not preview.already_imported:
            _backup(db, reason="import")
        result = commit_plan_import(db, preview, who=_operator(args), confirm_removals=args.confirm_removals)
    finally:
        db.close()
    if not args.json:
        if result.status == "unchanged":
            print(f"该文件已导入过,数据库未改动:{summary}")
        else:
            verb = "已导入" if result.status == "created" else "已更新"
            print(f"{verb}{summary};新增任务 {len(result.tasks_added)} 项,修改 {len(result.tasks_changed)} 项,"
                  f"删除 {len(result.tasks_removed)} 项;新增单位 {len(result.units_added)} 个,"
                  f"新增别名 {len(result.aliases_added)} 个")
    return EXIT_OK


def cmd_plan_list(args: argparse.Namespace) -> int:
    from duchaban.store.plans import list_plans

    with _database(args) as db:
        plans = list_plans(db)
    if args.json:
        _print_json([{k: p[k] for k in ("id", "uuid", "year", "doc_number", "title", "task_count")} for p in plans])
    else:
        for p in plans:
            print(f"{p['year']}\t{p['doc_number']}\t{p['title']}\t{p['task_count']} 项任务")
    return EXIT_OK


def cmd_units_list(args: argparse.Namespace) -> int:
    from duchaban.store.units import list_units

    with _database(args) as db:
        rows = list_units(db, kind=args.kind)
    if args.json:
        _print_json([{k: r[k] for k in ("name", "kind", "aliases")} for r in rows])
    else:
        for r in rows:
            print(f"{KIND_LABELS[r['kind']]}\t{r['name']}\t{'、'.join(r['aliases'])}")
    return EXIT_OK


def cmd_units_alias(args: argparse.Namespace) -> int:
    from duchaban.store.units import add_alias, unit_id_by_name

    with _database(args) as db, db.atomic():
        added = add_alias(db, unit_id=unit_id_by_name(db, args.unit), alias=args.alias, who=_operator(args))
    print(f"已添加别名:{args.alias} → {args.unit}" if added else f"“{args.alias}”已是“{args.unit}”的别名")
    return EXIT_OK


def cmd_units_load(args: argparse.Namespace) -> int:
    from duchaban.store.unit_directory_file import load_directory_file

    if not Path(args.file).is_file():
        raise DuchabanError(f"找不到文件:{args.file}")
    with _database(args, create=True) as db:
        _backup(db, reason="import")
        loaded = load_directory_file(db, args.file, who=_operator(args))
    for note in loaded.notes:
        print(f"提示:{note}")
    print(f"已从“{args.file}”加入 {len(loaded.added)} 个单位")
    return EXIT_OK


def cmd_units_export(args: argparse.Namespace) -> int:
    from duchaban.exchange.directory_xlsx import export_directory

    with _database(args) as db:
        counts = export_directory(db, args.file)
    print(f"已导出到“{args.file}”:单位 {counts['units']} 个,联系人 {counts['contacts']} 人,"
          f"工作人员 {counts['staff']} 人")
    return EXIT_OK


def cmd_units_template(args: argparse.Namespace) -> int:
    from duchaban.exchange.directory_xlsx import write_blank_directory

    write_blank_directory(args.file)
    print(f"已生成空白单位名录表格“{args.file}”:填好“单位”工作表后运行 duchaban units import {args.file}")
    return EXIT_OK


def cmd_units_import(args: argparse.Namespace) -> int:
    from duchaban.exchange.directory_xlsx import import_directory

    with _database(args) as db:
        _backup(db, reason="import")
        r = import_directory(db, args.file, who=_operator(args))
    print(f"已导入“{args.file}”:新增单位 {len(r.units_added)} 个,修改 {len(r.units_changed)} 个,"
          f"新增别名 {r.aliases_added} 个,新增联系人 {r.contacts_added} 人,新增工作人员 {r.staff_added} 人")
    if r.kinds_guessed:
        print(f"提示:以下单位未填类别,已按名称判断,请核对:{'、'.join(r.kinds_guessed)}")
    return EXIT_OK


def cmd_office_set(args: argparse.Namespace) -> int:
    from duchaban.store.settings import office_or_none, set_office

    with _database(args, create=True) as db:
        set_office(db, name=args.name, district=args.district, who=_operator(args))
        name, district = office_or_none(db)
    print(f"本办全称:{name}(所在区县:{district})")
    return EXIT_OK


def cmd_office_show(args: argparse.Namespace) -> int:
    from duchaban.store.settings import office_or_none

    with _database(args) as db:
        name, district = office_or_none(db)
    if args.json:
        _print_json({"name": name, "district": district})
    elif name:
        print(f"本办全称:{name}(所在区县:{district or '未填写'})")
    else:
        print("尚未设置本办全称:运行 duchaban office set --name 全称 [--district 区县名]")
    return EXIT_OK


def _plan_id(db, year: int | None) -> int:
    """The plan of the given year, or the newest plan."""
    from duchaban.store.plans import list_plans

    plans = [p for p in list_plans(db) if year is None or p["year"] == year]
    if not plans:
        raise DuchabanError(f"数据库中没有{year}年的分解方案" if year else "数据库中还没有分解方案,请先导入")
    return plans[0]["id"]


def _period_code(text: str) -> str:
    """The canonical code of a period argument (2021q2 -> 2021Q2); DuchabanError when unreadable."""
    from duchaban.core.periods import parse_period

    try:
        return parse_period(text).code
    except ValueError as exc:
        raise DuchabanError(str(exc)) from None


def _period_text(code: str) -> str:
    """A period code in words (2021Q2 -> 2021年第二季度), as the window shows it."""
    from duchaban.core.periods import period_text

    return period_text(code)


def cmd_templates_export(args: argparse.Namespace) -> int:
    from duchaban.exchange.ledger_template import export_templates
    from duchaban.store.settings import OFFICE_NAME, get_setting
    from duchaban.store.units import unit_id_by_name

    period = _period_code(args.period)
    with _database(args) as db:
        unit_ids = [unit_id_by_name(db, name) for name in args.unit] if args.unit else None
        paths = export_templates(db, plan_id=_plan_id(db, args.year), period_code=period, out_dir=args.out,
                                 unit_ids=unit_ids, office=get_setting(db, OFFICE_NAME) or "")
    if unit_ids and not paths:
        raise DuchabanError("所选单位在该方案中没有任务,未生成台账模板")
    print(f"已在“{args.out}”生成{_period_text(period)}台账模板 {len(paths)} 份")
    return EXIT_OK


def cmd_submissions_import(args: argparse.Namespace) -> int:
    from duchaban.exchange.ledger_import import ALREADY, REJECTED, import_submissions

    period = _period_code(args.period) if args.period else None
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise DuchabanError(f"找不到:{'、'.join(missing)}")
    with _database(args) as db:
        if not args.dry_run:
            _backup(db, reason="import")
        result = import_submissions(db, args.paths, period_code=period, who=_operator(args), dry_run=args.dry_run,
                                    replace_closed=args.replace_closed)
    if args.json:
        _print_json({"files": [v.to_json() for v in result.verdicts], "committed": result.committed,
                     "entries_added": result.entries_added, "entries_changed": result.entries_changed})
    else:
        for v in result.verdicts:
            print(f"{v.label}\t{v.path.name}\t{v.unit_name} {_period_text(v.period_code)}\t{len(v.answers)} 项")
            for message in v.messages:
                print(f"\t{message}")
            if args.dry_run:
                for change in v.changes:
                    print(f"\t将改动 任务 {change.number}:{change.before or '(新增)'} → {change.after}")
        if not result.verdicts:
            print("没有找到任何文件")
        accepted = sum(v.importable for v in result.verdicts)
        if args.dry_run:
            print(f"试导入(未写入数据库):可接受 {accepted} 份,拒收 {result.count(REJECTED)} 份,"
                  f"已导入过 {result.count(ALREADY)} 份;导入后将新增进展 {result.entries_added} 条,"
                  f"修改 {result.entries_changed} 条")
        else:
            verb = "已导入" if result.committed else "未导入任何文件"
            print(f"{verb}:接受 {accepted} 份,拒收 {result.count(REJECTED)} 份,已导入过 {result.count(ALREADY)} 份;"
                  f"新增进展 {result.entries_added} 条,修改 {result.entries_changed} 条")
    if result.count(REJECTED):
        print(f"有 {result.count(REJECTED)} 份台账被拒收,其余已处理", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def cmd_draw(args: argparse.Namespace) -> int:
    from duchaban.services.random_check import draw_spot_check, task_pool, unit_pool

    with _database(args, create=False) as db:
        plan_id = _plan_id(db, args.year)
        if args.kind == "units":
            pool = unit_pool(db, plan_id=plan_id, unit_kind=args.unit_kind)
        else:
            pool = task_pool(db, plan_id=plan_id)
        result = draw_spot_check(db, pool=pool, count=args.count, inspectors=args.inspectors or 0, seed=args.seed,
                                 exclude=args.exclude or [], kind=args.kind, record=not args.dry_run,
                                 who=_operator(args))
    drawn, staff = result.units, result.inspectors
    if args.json:
        _print_json({"id": result.unit_draw_id, "kind": args.kind, "seed": drawn.seed,
                     "pool_sha256": drawn.pool_sha256, "pool_size": len(drawn.pool), "excluded": list(drawn.excluded),
                     "chosen": list(drawn.chosen),
                     "inspectors": None if staff is None else {
                         "id": result.inspector_draw_id, "chosen": list(staff.chosen),
                         "passed_over": {a["item"]: a["reason"] for a in staff.attempts if not a["kept"]}}})
        return EXIT_OK
    print(f"随机抽取 {args.count} 个{'单位' if args.kind == 'units' else '任务'}(种子 {drawn.seed},"
          f"候选 {len(drawn.pool)} 个,候选清单校验值 {drawn.pool_sha256[:16]}…):")
    for item in drawn.chosen:
        print(f"  {item}")
    if staff is not None:
        print(f"检查人员 {len(staff.chosen)} 名:{'、'.join(staff.chosen)}")
        for attempt in staff.attempts:
            if not attempt["kept"]:
                print(f"  回避:{attempt['item']}({attempt['reason']})")
    if result.unit_draw_id is None:
        print("(试抽,未记录)")
    else:
        print(f"抽取记录编号:{result.unit_draw_id}" + (f"、{result.inspector_draw_id}" if staff else ""))
    return EXIT_OK


def cmd_inspect_add(args: argparse.Namespace) -> int:
    from datetime import date

    from duchaban.store.inspections import record_inspection

    try:
        started = date.fromisoformat(args.date)
    except ValueError:
        raise DuchabanError(f"日期“{args.date}”应写作 2021-05-20") from None
    with _database(args) as db:
        plan_id = _plan_id(db, args.year) if args.task else None
        inspection_id = record_inspection(
            db, kind=args.kind, title=args.title, started_on=started, plan_id=plan_id, inspectors=args.inspector or (),
            units=args.unit or (), task_numbers=args.task or (), summary=args.summary, planned=args.planned,
            confidential=True if args.confidential else None, who=_operator(args))
    print(f"已记录督查 {inspection_id}:{args.title}")
    return EXIT_OK


def cmd_inspect_list(args: argparse.Namespace) -> int:
    from duchaban.store.inspections import list_inspections

    with _database(args) as db:
        rows = list_inspections(db, include_confidential=args.include_confidential)
    if args.json:
        keys = ("id", "uuid", "kind", "title", "state", "started_on", "planned_on", "confidential", "units",
                "inspectors", "finding_count")
        _print_json([{k: r[k] for k in keys} for r in rows])
    else:
        for r in rows:
            when = r["started_on"] or f"计划 {r['planned_on']}"
            print(f"{r['id']}\t{when}\t{r['kind_label']}\t{r['title']}\t{r['units'] or ''}\t"
                  f"问题 {r['finding_count']} 个")
    return EXIT_OK


def cmd_staff_add(args: argparse.Namespace) -> int:
    from duchaban.store.staff import add_staff, add_staff_alias

    with _database(args) as db:
        with db.atomic():
            staff_id = add_staff(db, name=args.name, title=args.title, phone=args.phone,
                                 is_inspector=not args.not_inspector, who=_operator(args))
            for alias in args.alias or []:
                add_staff_alias(db, staff_id=staff_id, alias=alias, who=_operator(args))
    print(f"已添加工作人员 {args.name.strip()}" + (f"(别名:{'、'.join(args.alias)})" if args.alias else ""))
    return EXIT_OK


def cmd_staff_alias(args: argparse.Namespace) -> int:
    from duchaban.store.staff import add_staff_alias, resolve_staff

    with _database(args) as db:
        person = resolve_staff(db, args.name, role="工作人员")
        added = add_staff_alias(db, staff_id=person["id"], alias=args.alias, who=_operator(args))
    alias = args.alias.strip()
    print(f"已为{person['name']}添加别名“{alias}”" if added else f"“{alias}”已是{person['name']}的别名")
    return EXIT_OK


def cmd_staff_merge(args: argparse.Namespace) -> int:
    from duchaban.store.staff import resolve_staff
    from duchaban.store.staff_merge import merge_staff

    with _database(args) as db:
        gone = resolve_staff(db, args.name, role="要合并的工作人员")
        kept = resolve_staff(db, args.into, role="工作人员")
        moved = merge_staff(db, staff_id=gone["id"], into_id=kept["id"], who=_operator(args))
    print(f"已将“{gone['name']}”并入“{kept['name']}”:{moved} 处记录改为{kept['name']},“{gone['name']}”记为其别名")
    return EXIT_OK


def cmd_staff_list(args: argparse.Namespace) -> int:
    from duchaban.store.staff import list_staff, staff_aliases

    with _database(args) as db:
        rows = [{"id": r["id"], "uuid": r["uuid"], "name": r["name"], "title": r["title"], "phone": r["phone"],
                 "is_inspector": bool(r["is_inspector"]), "active": bool(r["active"]),
                 "aliases": staff_aliases(db, r["id"]), "typed_name": r["origin"] == "typed_name"}
                for r in list_staff(db, active_only=False)]
    if args.json:
        _print_json(rows)
    for r in [] if args.json else rows:
        notes = [n for n, on in (("检查人员", r["is_inspector"]), ("停用", not r["active"]),
                                 ("升级时按手填姓名新建,请核对", r["typed_name"])) if on]
        print(f"{r['id']}\t{r['name']}\t{r['title'] or ''}\t{'、'.join(r['aliases'])}\t{','.join(notes)}")
    return EXIT_OK


def _read_date(text: str | None):
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DuchabanError(f"日期“{text}”应写作 2021-05-20") from None


def _existing_files(paths: list[str] | None) -> list[str]:
    missing = [p for p in paths or [] if not Path(p).is_file()]
    if missing:
        raise DuchabanError(f"找不到佐证材料:{'、'.join(missing)}")
    return list(paths or [])


def cmd_finding_add(args: argparse.Namespace) -> int:
    from datetime import date

    from duchaban.core.findings import SEVERITIES, rectification_deadline
    from duchaban.store.inspections import add_finding

    severity = {label: code for code, label in SEVERITIES.items()}.get(args.severity, args.severity)
    try:
        deadline = rectification_deadline(args.deadline, start=date.today()) if args.deadline else None
    except ValueError as error:
        raise DuchabanError(str(error)) from None
    with _database(args) as db:
        finding_id = add_finding(
            db, inspection_id=args.inspection, unit=args.unit, description=args.text, task_number=args.task,
            severity=severity, demand=args.demand, deadline_on=deadline,
            deadline_working_days=args.working_days, responsible_person=args.responsible,
            reported_by=args.reported_by, who=_operator(args))
    print(f"已记录问题 {finding_id}:{args.text.strip()}")
    return EXIT_OK


def cmd_finding_list(args: argparse.Namespace) -> int:
    from duchaban.store.inspections import list_findings
    from duchaban.store.settings import as_of_date

    with _database(args) as db:
        rows = list_findings(db, today=as_of_date(db))
    keys = ("id", "uuid", "inspection_id", "unit_name", "task_number", "description", "status", "deadline_on",
            "reporter", "evidence_count", "overdue", "override_reason")
    if args.json:
        _print_json([{k: r[k] for k in keys} for r in rows])
    for r in [] if args.json else rows:
        print(f"{r['id']}\t{r['unit_name']}\t{r['description']}\t{r['status_label']}\t{r['deadline_on'] or ''}\t"
              f"发现人 {r['reporter'] or ''}\t佐证 {r['evidence_count']} 份")
    return EXIT_OK


def cmd_finding_follow(args: argparse.Namespace) -> int:
    from datetime import date

    from duchaban.core.findings import FINDING_STATUSES
    from duchaban.store.inspections import follow_up

    status = {label: code for code, label in FINDING_STATUSES.items()}.get(args.status, args.status)
    with _database(args) as db:
        follow_up(db, finding_id=args.id, text=args.text, on_date=_read_date(args.date) or date.today(),
                  status=status, who=_operator(args))
    print(f"已记录问题 {args.id} 的跟踪情况")
    return EXIT_OK


def cmd_finding_close(args: argparse.Namespace) -> int:
    from datetime import date

    from duchaban.store.inspections import close_finding, reopen_finding
    from duchaban.store.staff import resolve_staff

    with _database(args) as db:
        if args.reopen:
            reopen_finding(db, finding_id=args.id, reason=args.reopen, who=_operator(args))
            print(f"问题 {args.id} 已重新整改")
            return EXIT_OK
        verifier = resolve_staff(db, args.verifier, role="核验人")
        close_finding(db, finding_id=args.id, verifier_id=verifier["id"], closed_on=date.today(),
                      opinion=args.opinion, override_reason=args.override,
                      evidence_paths=_existing_files(args.evidence), who=_operator(args))
    print(f"问题 {args.id} 已销号(核验人 {verifier['name']})" + (f";销号理由:{args.override}" if args.override else ""))
    return EXIT_OK


def cmd_close_task(args: argparse.Namespace) -> int:
    from datetime import date

    from duchaban.store.inspections import close_task, reopen_task
    from duchaban.store.staff import resolve_staff
    from duchaban.store.tasks import task_id_by_number

    with _database(args) as db:
        plan_id = _plan_id(db, args.year)
        task_id = task_id_by_number(db, plan_id, args.number)
        if task_id is None:
            raise DuchabanError(f"方案中没有任务 {args.number}")
        if args.reopen:
            reopen_task(db, task_id=task_id, reason=args.reopen, who=_operator(args))
            print(f"已撤销任务 {args.number} 的销号")
            return EXIT_OK
        verifier = resolve_staff(db, args.verifier, role="核验人")
        close_task(db, task_id=task_id, verifier_id=verifier["id"], closed_on=date.today(),
                   requested_by=_operator(args), opinion=args.opinion, evidence_paths=_existing_files(args.evidence),
                   override_reason=args.override, who=_operator(args))
    reason = f";销号理由:{args.override}" if args.override else ""
    print(f"任务 {args.number} 已销号(核验人 {verifier['name']}){reason}")
    return EXIT_OK


def _print_issued(issued, *, pdf: bool) -> None:
    from duchaban.services.bulletin import bulletin_pdf

    print(f"通报:{issued.docx}\n附件:{issued.xlsx}")
    for note in issued.notes:
        print(f"字体:{note}")
    if pdf:
        print(f"PDF:{bulletin_pdf(issued)}")


def cmd_bulletin(args: argparse.Namespace) -> int:
    from duchaban.services.bulletin import draft_bulletin, find_bulletin, issue_bulletin, reissue_bulletin
    from duchaban.store.bulletins import list_bulletins
    from duchaban.store.plans import plan_year

    if args.list:
        with _database(args) as db:
            rows = list_bulletins(db)
        if args.json:
            _print_json(rows)
        numbers = {row["id"]: row["issue_no"] for row in rows}
        for row in [] if args.json else rows:
            notes = [f"专项:{row['topic']}" if row["kind"] == "special" else "",
                     f"替代第{numbers[row['replaces']]}期" if row["replaces"] in numbers else "",
                     "已被重新印发替代,不计入考核" if row["replaced_at"] else ""]
            print(f"{row['year']}年第{row['issue_no']}期\t{_period_text(row['period_code'])}\t{row['generated_at']}\t"
                  f"{row['generated_by'] or ''}\t{row['docx_name'] or ''}\t{' '.join(n for n in notes if n)}")
        return EXIT_OK
    if not args.out:
        raise DuchabanError("请用 --out 指定通报文件(.docx)")
    if args.reissue is None and not args.period:
        raise DuchabanError("请用 --period 指定通报周期,或用 --reissue N 重新输出已发布的第N期")
    with _database(args) as db:
        if args.reissue is not None:
            year = args.year or plan_year(db, _plan_id(db, None))
            issued = reissue_bulletin(db, bulletin_id=find_bulletin(db, year=year, issue_no=args.reissue),
                                      docx=Path(args.out))
        else:
            draft = draft_bulletin(db, plan_id=_plan_id(db, args.year), period_code=_period_code(args.period),
                                   include_confidential=args.include_confidential, topic=args.special)
            standing = draft.replaces
            if standing and not args.replace:
                raise DuchabanError(
                    f"{draft.snapshot['period']['label']}已印发第{standing['issue_no']}期通报"
                    f"({standing['generated_at'][:10]}),一个周期只印发一期。重新印发请加 --replace"
                    f"(新的一期替代第{standing['issue_no']}期,两期文件都保留,考核只计一次);"
                    f"专项通报请用 --special 主题")
            draft.replace = args.replace
            _backup(db, reason="bulletin")
            issued = issue_bulletin(db, draft, docx=Path(args.out), who=_operator(args))
            print(f"已生成{draft.heading}" + ("专项通报" if args.special else "通报")
                  + (f",替代第{standing['issue_no']}期" if standing and args.replace else ""))
    _print_issued(issued, pdf=args.pdf)
    return EXIT_OK


def cmd_assess(args: argparse.Namespace) -> int:
    from duchaban.core.assessment import PARTS, RuleSet
    from duchaban.exchange.assessment_xlsx import write_assessment_xlsx
    from duchaban.store.assessment import assess, save_rule_set
    from duchaban.store.plans import plan_year
    from duchaban.store.units import unit_kind_labels

    rules = None
    if args.rules:
        try:
            rules = RuleSet.from_json(Path(args.rules).read_text(encoding="utf-8"))
        except OSError as error:
            raise DuchabanError(f"无法读取考核规则文件:{error.strerror}") from None
        except ValueError as error:
            raise DuchabanError(str(error)) from None
    with _database(args) as db:
        plan_id = _plan_id(db, args.year)
        scores, rules = assess(db, plan_id=plan_id, rules=rules, include_confidential=args.include_confidential)
        if args.save:
            save_rule_set(db, plan_id=plan_id, rules=rules, scores=scores, who=_operator(args))
        year = plan_year(db, plan_id)
        kinds = unit_kind_labels(db)
    if args.out:
        write_assessment_xlsx(args.out, title=f"{year}年度绩效考核得分", scores=scores, rules=rules, kinds=kinds)
    if args.json:
        _print_json([{"unit": s.unit, "total": s.total, "base": s.base, "parts": s.parts,
                      "detail": [{"code": e.code, "ref": e.ref, "text": e.text, "points": p} for e, p in s.lines]}
                     for s in scores])
        return EXIT_OK
    print("名次\t单位\t总分\t" + "\t".join(PARTS.values()))
    for rank, score in enumerate(scores, start=1):
        print(f"{rank}\t{score.unit}\t{score.total:g}\t" + "\t".join(f"{score.parts[p]:g}" for p in PARTS))
    if args.out:
        print(f"已导出:{args.out}")
    if args.save:
        print("考核规则与得分已保存")
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    from duchaban.services.printable_records import write_record_pdf

    with _database(args) as db:
        print(f"已生成 PDF:{write_record_pdf(db, args.kind, args.id, Path(args.out))}")
    return EXIT_OK


def _hub_url(args: argparse.Namespace) -> str:
    url = args.hub or os.environ.get("DUCHABAN_HUB")
    if not url:
        raise DuchabanError("请用 --hub postgresql://用户名@服务器/数据库 指定办公室数据库(或设置 DUCHABAN_HUB)")
    return url


def _print_sync(report) -> None:
    from duchaban.store.field_sync import TABLE_LABELS, describe_differences

    def line(bucket: dict) -> str:
        return "、".join(f"{TABLE_LABELS.get(t, t)} {n}" for t, n in bucket.items()) or "无"

    pulled = report.pulled
    print(f"取回:新增 {line(pulled.inserted)};更新 {line(pulled.updated)};删除 {line(pulled.deleted)};"
          f"保留本机修改 {line(pulled.kept_local)}")
    print(f"发送:{line(report.pushed)}(办公室已有 {report.unchanged} 条);佐证文件发送 {report.files_sent} 个,"
          f"取回 {report.files_fetched} 个")
    for conflict in pulled.conflicts:
        print(f"冲突 {conflict.uuid} {conflict.label}:{describe_differences(conflict)}")


def cmd_hub_init(args: argparse.Namespace) -> int:
    from duchaban.services.office_hub import init_hub

    with _database(args) as db:
        summary = init_hub(db, _hub_url(args), who=_operator(args))
    if args.json:
        _print_json(summary)
        return EXIT_OK
    verb = "已建立" if summary["upgraded_from"] == 0 else "已是最新结构"
    base = ",并存入本数据库作为新笔记本的基础数据" if summary["base_copy"] else ""
    print(f"办公室数据库 {summary['hub']} {verb}{base}")
    return EXIT_OK


def cmd_hub_login(args: argparse.Namespace) -> int:
    from duchaban.services.office_hub import add_staff_login

    password = os.environ.get("DUCHABAN_HUB_PASSWORD") or getpass.getpass(f"为“{args.name}”设置登录密码:")
    add_staff_login(_hub_url(args), name=args.name, password=password, confidential=args.confidential,
                    head=args.head)
    rights = "、".join(r for r, on in (("可见暗访记录", args.confidential), ("督查办负责人", args.head)) if on)
    print(f"已为“{args.name}”设置办公室数据库登录{('(' + rights + ')') if rights else ''}")
    return EXIT_OK


def cmd_hub_clone(args: argparse.Namespace) -> int:
    from duchaban.services.office_hub import clone_from_hub

    if not args.db:
        raise DuchabanError("请用 --db 指定新数据库文件")
    summary = clone_from_hub(_hub_url(args), Path(args.db), who=_operator(args))
    if args.json:
        _print_json(summary)
        return EXIT_OK
    print(f"已从办公室数据库建立本机数据库:{summary['database']}(佐证文件 {summary['files_fetched']} 个)")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from duchaban.services.office_hub import sync_with_hub

    decisions = {}
    for pair in args.take or []:
        key, sep, choice = pair.partition("=")
        if not sep or choice not in ("local", "incoming"):
            raise DuchabanError(f"--take 应写作 UUID=local 或 UUID=incoming,而不是“{pair}”")
        decisions[key] = choice
    with _database(args) as db:
        _backup(db, reason="import")
        report = sync_with_hub(db, _hub_url(args), prefer=args.prefer, decisions=decisions, who=_operator(args))
    if args.json:
        _print_json(report.to_json())
    else:
        _print_sync(report)
    return EXIT_OK


def cmd_exchange_export(args: argparse.Namespace) -> int:
    from duchaban.services.field_exchange import export_field_package

    with _database(args) as db:
        manifest = export_field_package(db, since=args.since, everything=args.all, out=Path(args.out),
                                        include_confidential=args.include_confidential, who=_operator(args))
    counts = manifest["counts"]
    print(f"已导出交换包:{args.out}(督查 {counts['inspections']} 次,问题 {counts['findings']} 个,"
          f"跟踪 {counts['followups']} 条,销号 {counts['close_outs']} 条,佐证 {counts['evidence']} 份,"
          f"删除记录 {counts['tombstones']} 条)")
    return EXIT_OK


def _exchange_decisions(args: argparse.Namespace, conflicts) -> dict[str, str]:
    decisions = {c.uuid: args.prefer for c in conflicts} if args.prefer else {}
    for pair in args.take or []:
        key, sep, choice = pair.partition("=")
        if not sep or choice not in ("local", "incoming"):
            raise DuchabanError(f"--take 的写法应为“UUID=local”或“UUID=incoming”,而不是“{pair}”")
        decisions[key.strip()] = choice
    return decisions


def cmd_exchange_import(args: argparse.Namespace) -> int:
    from duchaban.services.field_exchange import import_field_package, preview_field_package
    from duchaban.store.field_sync import TABLE_LABELS, describe_differences

    with _database(args) as db:
        _, preview = preview_field_package(db, args.file)
        decisions = _exchange_decisions(args, preview.conflicts)
        if not args.dry_run:
            _backup(db, reason="import")
            report = import_field_package(db, args.file, decisions=decisions, who=_operator(args))
        else:
            report = preview
    if args.json:
        _print_json(report.to_json())
        return EXIT_OK

    def line(bucket: dict) -> str:
        return "、".join(f"{TABLE_LABELS[t]} {n}" for t, n in bucket.items()) or "无"

    print(f"新增:{line(report.inserted)}\n更新:{line(report.updated)}\n删除:{line(report.deleted)}\n"
          f"保留本机修改:{line(report.kept_local)}\n已有且相同:{line(report.unchanged)}")
    for conflict in report.conflicts:
        print(f"冲突 {conflict.uuid} {conflict.label}:{describe_differences(conflict)}")
    if args.dry_run:
        print("(试导入,未写入)")
    return EXIT_OK


def cmd_encrypt(args: argparse.Namespace) -> int:
    from duchaban.services.encryption import decrypt_database, encrypt_database

    path = _db_path(args)
    if args.decrypt:
        passphrase = os.environ.get("DUCHABAN_PASSPHRASE") or getpass.getpass("当前密码:")
        count = decrypt_database(path, passphrase=passphrase)
        print(f"已解除加密:{path} 及备份共 {count} 个文件")
        return EXIT_OK
    passphrase = os.environ.get("DUCHABAN_PASSPHRASE")
    if passphrase is None:
        passphrase = getpass.getpass("设置密码(至少 8 个字符):")
        if getpass.getpass("再次输入密码:") != passphrase:
            raise DuchabanError("两次输入的密码不一致")
    count = encrypt_database(path, passphrase=passphrase)
    print(f"已加密:{path} 及备份共 {count} 个文件(佐证材料文件夹未加密)")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from duchaban.store.audit import verify_code
    from duchaban.store.check import COUNTED_TABLES, check_database

    if args.hub:
        return _check_hub(args)
    if args.code:
        with _database(args) as db:
            why = verify_code(db, args.code)
        if why is not None:
            raise DuchabanError(why)
        print(f"数据校验码 {args.code.strip()} 有效:生成这份材料时的操作记录完整,未被改动")
        return EXIT_OK
    with _database(args) as db:
        report = check_database(db)
    if args.json:
        _print_json(report.to_json())
    else:
        for table, label in COUNTED_TABLES.items():
            print(f"{label}\t{report.counts[table]}")
        for problem in report.problems:
            print(problem, file=sys.stderr)
        for note in report.notes:
            print(note)
        print("检查通过" if report.ok else f"发现 {len(report.problems)} 个问题")
    return EXIT_OK if report.ok else EXIT_ERROR


def _check_hub(args: argparse.Namespace) -> int:
    from duchaban.services.office_hub import check_code_at_hub, check_hub

    if args.code:
        why = check_code_at_hub(args.hub, args.code)
        if why is not None:
            raise DuchabanError(why)
        print(f"数据校验码 {args.code.strip()} 有效:印发这份材料的电脑在办公室数据库中的操作记录完整,未被改动")
        return EXIT_OK
    chains = check_hub(args.hub)
    if args.json:
        _print_json([{"origin": c.origin, "machine": c.machine, "rows": c.rows, "hidden": c.hidden,
                      "problems": c.problems} for c in chains])
    else:
        for chain in chains:
            state = "完整" if not chain.problems else "有问题:" + ";".join(chain.problems)
            hidden = f"(其中 {chain.hidden} 条保密记录本账号无权查看,只核对了链接)" if chain.hidden else ""
            print(f"{chain.machine or '未知电脑'}({chain.origin[:8]})	操作日志 {chain.rows} 条{hidden}	{state}")
        broken = [c for c in chains if c.problems]
        print("各台电脑的操作日志都完整" if not broken else f"{len(broken)} 台电脑的操作日志有问题")
    return EXIT_OK if not any(c.problems for c in chains) else EXIT_ERROR


def cmd_bench(args: argparse.Namespace) -> int:
    from duchaban.bench.measure import run_all

    results = run_all(scale_db=Path(args.scale_db) if args.scale_db else None)
    if args.json:
        _print_json({m.name: m.to_json() for m in results})
        return EXIT_OK
    print(f"{'measurement':24} {'floor':>10} {'value':>10} {'ratio':>7}  {'value spread':>21}  target / met")
    for m in results:
        if m.value is None:
            print(f"{m.name:24} {'—':>10} {'—':>10} {'—':>7}  {m.note}")
            continue
        unit = "MB" if m.name.endswith("_mb") else "s"
        ratio = f"{m.ratio:.2f}" if m.ratio is not None else "—"
        spread = f"{m.value_spread[0]:.4f}–{m.value_spread[1]:.4f}{unit}" if m.value_spread else "—"
        print(f"{m.name:24} {m.floor:>9.4f}{unit} {m.value:>9.4f}{unit} {ratio:>7}  {spread:>21}  {m.target}: "
              f"{'—' if m.met is None else 'met' if m.met else 'MISSED'}")
    print("(medians of interleaved runs with their floors; spread: fastest–slowest run)")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from duchaban.ui.app import run_app

    return run_app(_db_path(args), smoke_test=args.smoke_test, exit_when=args.exit_when)


# --- argument parsing --------------------------------------------------------------


def _common_options(*, top_level: bool) -> argparse.ArgumentParser:
    # Subcommands must not reset a --db given before them, hence SUPPRESS below the top.
    default = None if top_level else argparse.SUPPRESS
    common = ChineseArgumentParser(add_help=False)
    common.add_argument("--db", metavar="FILE", default=default, help="数据库文件(默认在用户数据目录)")
    common.add_argument("--operator", metavar="NAME", default=default,
                        help="记入操作日志的操作人(默认为当前登录用户)")
    return common


def _window_parser(*, exit_on_error: bool = True) -> argparse.ArgumentParser:
    """The options of ``duchaban`` alone, which starts the window."""
    parser = ChineseArgumentParser(
        prog="duchaban", exit_on_error=exit_on_error,
        description="督查办:区政府工作报告目标任务督查。不带子命令时打开窗口。",
        parents=[_common_options(top_level=True)],
    )
    parser.add_argument("--version", action="version", version=f"duchaban {__version__}")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exit-when", choices=("painted", "ready"), help=argparse.SUPPRESS)   # for `bench`
    parser.set_defaults(handler=cmd_gui)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments. Starting the window reads them without building the subcommands' parsers,
    some twenty milliseconds of the window's start; anything else (a command, a typo, --help)
    goes to the full parser and its messages."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not {"-h", "--help"} & set(words):
        try:
            args, rest = _window_parser(exit_on_error=False).parse_known_args(words)
        except argparse.ArgumentError:
            args, rest = None, words
        if not rest:
            return args
    return build_parser().parse_args(words)


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(top_level=False)
    parser = _window_parser()
    commands = parser.add_subparsers(title="子命令", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[common], help="建立演示数据库(示例方案与单位名录)")
    demo.add_argument("--force", action="store_true", help="文件已存在时删除后重建")
    demo.set_defaults(handler=cmd_demo)

    plan = commands.add_parser("plan", help="分解方案:导入、列出")
    plan_commands = plan.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    plan_import = plan_commands.add_parser(
        "import", parents=[common], help="导入目标任务分解方案(.txt .docx .pdf .xlsx .xls .doc)",
        description="读取分解方案,匹配单位名称并写入数据库。同一文件重复导入不会产生重复数据。",
    )
    plan_import.add_argument("file", metavar="FILE",
                             help="方案文件:UTF-8/GB18030 文本、.docx、.pdf(有文字层)、任务分解表 .xlsx/.xls;"
                                  ".doc/.wps 需本机安装 LibreOffice")
    plan_import.add_argument("--dry-run", action="store_true", help="只检查并报告,不写入数据库")
    plan_import.add_argument("--json", action="store_true", help="以 JSON 输出解析结果")
    plan_import.add_argument("--year", type=int, help="方案年度(文件中无法识别时使用)")
    plan_import.add_argument("--map", action="append", metavar="原文名称=单位",
                             help="指定某个单位名称对应的单位(可重复);写成原文名称本身表示新建单位")
    plan_import.add_argument("--numbering", choices=list(_NUMBERINGS),
                             help="指定哪种编号是任务(读不出任务时使用):1. / (一) / 一、")
    plan_import.add_argument("--label", action="append", metavar="原文标签=含义",
                             help="指定某个标签的含义(可重复),如 承办单位=牵头单位;含义为牵头单位、责任单位、"
                                  "配合单位、责任领导或完成时限")
    plan_import.add_argument("--confirm-removals", action="store_true",
                             help="确认修订后的方案删除任务、任务分工或单位(不加时只列出将删除的内容)")
    plan_import.set_defaults(handler=cmd_plan_import)
    plan_list = plan_commands.add_parser("list", parents=[common], help="列出数据库中的方案")
    plan_list.add_argument("--json", action="store_true")
    plan_list.set_defaults(handler=cmd_plan_list)

    units = commands.add_parser("units", help="单位名录:列出、别名、导入导出")
    unit_commands = units.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    units_list = unit_commands.add_parser("list", parents=[common], help="列出单位")
    units_list.add_argument("--kind", choices=UNIT_KINDS, help="只列出某一类")
    units_list.add_argument("--json", action="store_true")
    units_list.set_defaults(handler=cmd_units_list)
    units_alias = unit_commands.add_parser("alias", parents=[common], help="为单位添加别名")
    units_alias.add_argument("unit", metavar="UNIT", help="单位的正式名称")
    units_alias.add_argument("alias", metavar="ALIAS", help="别名")
    units_alias.set_defaults(handler=cmd_units_alias)
    units_load = unit_commands.add_parser("load", parents=[common], help="从名录文件(制表符分隔)加入单位")
    units_load.add_argument("file", metavar="FILE")
    units_load.set_defaults(handler=cmd_units_load)
    units_export = unit_commands.add_parser("export", parents=[common],
                                            help="把单位名录、联系人和工作人员导出为 .xlsx")
    units_export.add_argument("file", metavar="FILE.xlsx")
    units_export.set_defaults(handler=cmd_units_export)
    units_template = unit_commands.add_parser(
        "template", help="生成空白单位名录表格(.xlsx,含填写说明),填好后用 units import 导入")
    units_template.add_argument("file", metavar="FILE.xlsx")
    units_template.set_defaults(handler=cmd_units_template)
    units_import = unit_commands.add_parser(
        "import", parents=[common], help="从 .xlsx 导入单位名录、联系人和工作人员(只增改,不删除)")
    units_import.add_argument("file", metavar="FILE.xlsx")
    units_import.set_defaults(handler=cmd_units_import)

    office = commands.add_parser("office", help="本办全称与所在区县(通报、通知书和记录表的落款)")
    office_commands = office.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    office_set = office_commands.add_parser(
        "set", parents=[common], help="设置本办全称和所在区县",
        description="本办全称印在督查通报、整改通知书和督查记录表上。只写区县名时,全称为“<区县名>人民政府督查办公室”。")
    office_set.add_argument("--name", metavar="全称", help="本办全称,如“梁平区人民政府督查办公室”")
    office_set.add_argument("--district", metavar="区县名", help="所在区县,如“梁平区”")
    office_set.set_defaults(handler=cmd_office_set)
    office_show = office_commands.add_parser("show", parents=[common], help="显示本办全称和所在区县")
    office_show.add_argument("--json", action="store_true")
    office_show.set_defaults(handler=cmd_office_show)

    templates = commands.add_parser("templates", help="工作台账模板")
    template_commands = templates.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    templates_export = template_commands.add_parser(
        "export", parents=[common], help="为每个单位生成本期工作台账模板(.xlsx)",
        description="每个有任务的单位一份:<周期>-<单位>-工作台账.xlsx,上期填报内容已预填。")
    templates_export.add_argument("--period", required=True, metavar="P",
                                  help=PERIOD_HELP.format(what="报送周期"))
    templates_export.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")
    templates_export.add_argument("--unit", action="append", metavar="NAME", help="只为这个单位生成(可重复)")
    templates_export.add_argument("--year", type=int, help="方案年度(默认最新的方案)")
    templates_export.set_defaults(handler=cmd_templates_export)

    submissions = commands.add_parser("submissions", help="单位报送的工作台账")
    submission_commands = submissions.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    submissions_import = submission_commands.add_parser(
        "import", parents=[common], help="导入单位报送的台账(文件或文件夹,.xlsx/.xls/.ods/.et)",
        description="逐个检查文件(接受 / 有提示 / 拒收 / 已导入过),再把可接受的文件在一个事务中写入。"
                    "同一文件重复导入不会改动数据库。")
    submissions_import.add_argument("paths", nargs="+", metavar="PATH", help="台账文件或文件夹")
    submissions_import.add_argument("--period", metavar="P", help=PERIOD_HELP.format(what="只接受这个周期的台账"))
    submissions_import.add_argument("--dry-run", action="store_true", help="只检查并报告将改动的内容,不写入数据库")
    submissions_import.add_argument("--replace-closed", action="store_true",
                                    help="允许改动已结束周期(早于当前报送周期)已有的填报;不加时这样的文件被拒收")
    submissions_import.add_argument("--json", action="store_true", help="以 JSON 输出每个文件的结论")
    submissions_import.set_defaults(handler=cmd_submissions_import)

    draw_parser = commands.add_parser(
        "draw", parents=[common], help="随机抽取单位或任务(双随机),同一候选清单和种子结果相同",
        description="从候选清单中按种子抽取;候选清单、种子、每一次抽取和结果都记入数据库,可复核。")
    draw_parser.add_argument("--kind", choices=("units", "tasks"), required=True, help="抽取单位或任务")
    draw_parser.add_argument("--count", type=int, required=True, metavar="N", help="抽取数量")
    draw_parser.add_argument("--seed", metavar="S", help="随机种子(不填则生成并记录)")
    draw_parser.add_argument("--unit-kind", choices=("department", "town", "committee", "other"),
                             help="只从这一类单位中抽取")
    draw_parser.add_argument("--exclude", action="append", metavar="NAME", help="排除的单位名称或任务编号(可重复)")
    draw_parser.add_argument("--inspectors", type=int, metavar="N",
                             help="同时从检查人员名单中抽取 N 名(跳过需回避和近期检查过所抽单位的人员)")
    draw_parser.add_argument("--year", type=int, help="方案年度(默认最新的方案)")
    draw_parser.add_argument("--dry-run", action="store_true", help="只抽取显示,不记录")
    draw_parser.add_argument("--json", action="store_true")
    draw_parser.set_defaults(handler=cmd_draw)

    inspect = commands.add_parser("inspect", help="督查:记录与列出")
    inspect_commands = inspect.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    inspect_add = inspect_commands.add_parser("add", parents=[common], help="记录一次督查(或计划中的督查)")
    inspect_add.add_argument("--kind", required=True, metavar="KIND",
                             help="面上督查(open)、暗访检查(unannounced)、定期督查(scheduled)、随机抽查(random)")
    inspect_add.add_argument("--title", required=True)
    inspect_add.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    inspect_add.add_argument("--unit", action="append", metavar="NAME", help="被督查单位,名称或别名(可重复)")
    inspect_add.add_argument("--task", action="append", type=int, metavar="N", help="督查的任务编号(可重复)")
    inspect_add.add_argument("--inspector", action="append", metavar="NAME", help="督查人员,姓名或别名(可重复)")
    inspect_add.add_argument("--summary")
    inspect_add.add_argument("--planned", action="store_true", help="计划中的督查(日期为计划日期)")
    inspect_add.add_argument("--confidential", action="store_true", help="标记为保密(暗访默认保密)")
    inspect_add.add_argument("--year", type=int, help="任务所属方案年度(默认最新的方案)")
    inspect_add.set_defaults(handler=cmd_inspect_add)
    inspect_list = inspect_commands.add_parser("list", parents=[common], help="列出督查记录(默认不含暗访)")
    inspect_list.add_argument("--include-confidential", action="store_true", help="包括保密的暗访记录")
    inspect_list.add_argument("--json", action="store_true")
    inspect_list.set_defaults(handler=cmd_inspect_list)

    staff = commands.add_parser("staff", help="工作人员:添加、别名、合并、列出")
    staff_commands = staff.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    staff_add = staff_commands.add_parser("add", parents=[common], help="添加工作人员")
    staff_add.add_argument("name", metavar="NAME", help="姓名")
    staff_add.add_argument("--title", help="职务")
    staff_add.add_argument("--phone", help="电话")
    staff_add.add_argument("--alias", action="append", metavar="ALIAS", help="别名,如 小王(可重复)")
    staff_add.add_argument("--not-inspector", action="store_true", help="不参加检查人员抽取")
    staff_add.set_defaults(handler=cmd_staff_add)
    staff_alias = staff_commands.add_parser("alias", parents=[common], help="为工作人员添加别名")
    staff_alias.add_argument("name", metavar="NAME", help="姓名或已有别名")
    staff_alias.add_argument("alias", metavar="ALIAS")
    staff_alias.set_defaults(handler=cmd_staff_alias)
    staff_merge = staff_commands.add_parser(
        "merge", parents=[common], help="把同一人的两条记录合并(如升级时按手填姓名新建的)",
        description="NAME 的督查、问题、销号记录改记为 INTO,NAME 成为 INTO 的别名,NAME 的记录删除。")
    staff_merge.add_argument("name", metavar="NAME", help="要并入他人的工作人员")
    staff_merge.add_argument("into", metavar="INTO", help="保留的工作人员")
    staff_merge.set_defaults(handler=cmd_staff_merge)
    staff_list = staff_commands.add_parser("list", parents=[common], help="列出工作人员(含停用的)")
    staff_list.add_argument("--json", action="store_true")
    staff_list.set_defaults(handler=cmd_staff_list)

    finding = commands.add_parser("finding", help="督查发现的问题:记录、跟踪、销号")
    finding_commands = finding.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    finding_add = finding_commands.add_parser("add", parents=[common], help="为一次督查记录问题")
    finding_add.add_argument("--inspection", type=int, required=True, metavar="ID", help="督查记录编号(inspect list)")
    finding_add.add_argument("--unit", required=True, metavar="NAME", help="单位名称或别名")
    finding_add.add_argument("--text", required=True, help="问题描述")
    finding_add.add_argument("--task", type=int, metavar="N", help="任务编号")
    finding_add.add_argument("--severity", default="normal", metavar="LEVEL", help="一般、较重(默认)、严重")
    finding_add.add_argument("--demand", help="整改要求")
    finding_add.add_argument("--deadline", metavar="期限", help="整改期限:日期(2021-07-31、7月31日前)或自今天起的"
                                                                "“7个工作日”“15日内”")
    finding_add.add_argument("--working-days", type=int, metavar="N", help="整改期限:自今天起 N 个工作日")
    finding_add.add_argument("--responsible", metavar="NAME", help="单位责任人")
    finding_add.add_argument("--reported-by", metavar="NAME", help="发现人,工作人员姓名或别名(默认操作人员)")
    finding_add.set_defaults(handler=cmd_finding_add)
    finding_list = finding_commands.add_parser("list", parents=[common], help="列出问题及整改状态")
    finding_list.add_argument("--json", action="store_true")
    finding_list.set_defaults(handler=cmd_finding_list)
    finding_follow = finding_commands.add_parser("follow", parents=[common], help="记录整改跟踪情况")
    finding_follow.add_argument("id", type=int, metavar="ID", help="问题编号")
    finding_follow.add_argument("--text", required=True, help="跟踪情况")
    finding_follow.add_argument("--status", metavar="STATUS", help="整改中 或 已整改待核验")
    finding_follow.add_argument("--date", metavar="YYYY-MM-DD", help="跟踪日期(默认今天)")
    finding_follow.set_defaults(handler=cmd_finding_follow)
    finding_close = finding_commands.add_parser(
        "close", parents=[common], help="问题销号(需核验人和佐证材料),或重新整改",
        description="核验人不能是问题的发现人;至少一份佐证材料;问题尚未报“已整改待核验”时须用 --override 说明理由。")
    finding_close.add_argument("id", type=int, metavar="ID", help="问题编号")
    finding_close.add_argument("--verifier", metavar="NAME", help="核验人,工作人员姓名或别名")
    finding_close.add_argument("--evidence", action="append", metavar="FILE", help="佐证材料文件(可重复)")
    finding_close.add_argument("--opinion", help="核验意见")
    finding_close.add_argument("--override", metavar="REASON", help="未报整改完成仍予销号的理由")
    finding_close.add_argument("--reopen", metavar="REASON", help="重新整改并说明原因")
    finding_close.set_defaults(handler=cmd_finding_close)

    close = commands.add_parser("close", parents=[common], help="任务销号(需核验人和佐证材料),或撤销销号",
                                description="销号人(--operator)与核验人不能是同一人;至少附一份佐证材料;"
                                            "最新台账未报“已完成”时须用 --override 说明理由。")
    close.add_argument("number", type=int, metavar="N", help="任务编号")
    close.add_argument("--verifier", metavar="NAME", help="核验人,工作人员姓名或别名")
    close.add_argument("--override", metavar="REASON", help="台账未报完成仍予销号的理由")
    close.add_argument("--evidence", action="append", metavar="FILE", help="佐证材料文件(可重复)")
    close.add_argument("--opinion", help="核验意见")
    close.add_argument("--reopen", metavar="REASON", help="撤销销号并说明原因")
    close.add_argument("--year", type=int, help="方案年度(默认最新的方案)")
    close.set_defaults(handler=cmd_close_task)

    bulletin = commands.add_parser(
        "bulletin", parents=[common], help="生成督查通报(.docx,GB/T 9704 格式)及附件(.xlsx)",
        description="按周期生成通报并编为本年度下一期(第N期),数据快照随通报保存,可随时原样重新输出。"
                    "一个周期只印发一期:再次生成需加 --replace(重新印发,替代前一期)。"
                    "暗访检查发现的问题默认不写入通报。")
    bulletin.add_argument("--period", metavar="P", help=PERIOD_HELP.format(what="通报周期"))
    bulletin.add_argument("--out", metavar="FILE.docx", help="通报文件;附件写在同一文件夹(<名称>-附件.xlsx)")
    bulletin.add_argument("--year", type=int, help="方案年度(默认最新的方案)")
    bulletin.add_argument("--include-confidential", action="store_true", help="包含暗访检查(保密)的问题")
    bulletin.add_argument("--pdf", action="store_true", help="另用 LibreOffice 生成 PDF(需已安装)")
    bulletin.add_argument("--reissue", type=int, metavar="N", help="按保存的快照重新输出已发布的第N期")
    bulletin.add_argument("--replace", action="store_true",
                          help="重新印发该周期的通报:新的一期替代已印发的一期(一个周期只计一期)")
    bulletin.add_argument("--special", metavar="TOPIC",
                          help="专项通报,以 TOPIC 为标题,与定期通报同一编号序列,不受一个周期一期的限制")
    bulletin.add_argument("--list", action="store_true", help="列出已发布的通报")
    bulletin.add_argument("--json", action="store_true", help="与 --list 一起:以 JSON 输出")
    bulletin.set_defaults(handler=cmd_bulletin)

    assess_parser = commands.add_parser(
        "assess", parents=[common], help="年度绩效考核:按考核规则计算各单位得分",
        description="每一分都来自一个计分事项(任务完成或滞后、台账未报或迟报、问题逾期未整改、通报表扬或批评)。"
                    "用 --rules 试算新规则,加 --save 保存为本年度规则。")
    assess_parser.add_argument("--year", type=int, help="方案年度(默认最新的方案)")
    assess_parser.add_argument("--rules", metavar="FILE.json", help="考核规则:{\"base\": 100, \"points\": {...}}")
    assess_parser.add_argument("--save", action="store_true", help="保存规则和得分")
    assess_parser.add_argument("--out", metavar="FILE.xlsx", help="导出得分汇总与明细")
    assess_parser.add_argument("--include-confidential", action="store_true", help="计入暗访检查(保密)发现的问题")
    assess_parser.add_argument("--json", action="store_true", help="以 JSON 输出得分与明细")
    assess_parser.set_defaults(handler=cmd_assess)

    print_parser = commands.add_parser(
        "print", parents=[common], help="打印记录为 PDF:督查记录表、整改通知书、随机抽取记录",
        description="inspection:按督查记录编号;notice:按问题编号;draw:按抽取记录编号(含检查人员抽取)。")
    print_parser.add_argument("kind", choices=("inspection", "notice", "draw"))
    print_parser.add_argument("id", type=int)
    print_parser.add_argument("--out", required=True, metavar="FILE.pdf")
    print_parser.set_defaults(handler=cmd_print)

    hub = commands.add_parser("hub", help="办公室数据库(PostgreSQL):多人多台电脑共用一份数据")
    hub_commands = hub.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    hub_url = ChineseArgumentParser(add_help=False)
    hub_url.add_argument("--hub", metavar="URL", help="办公室数据库地址 postgresql://用户名@服务器/数据库"
                                                      "(也可设置环境变量 DUCHABAN_HUB)")
    hub_init = hub_commands.add_parser(
        "init", parents=[common, hub_url], help="建立或升级办公室数据库,并以本数据库为基础数据",
        description="由办公室管理员在办公室的电脑上运行(需 PostgreSQL 数据库的所有者账号)。")
    hub_init.add_argument("--json", action="store_true", help="以 JSON 输出")
    hub_init.set_defaults(handler=cmd_hub_init)
    hub_login = hub_commands.add_parser(
        "login", parents=[common, hub_url], help="为工作人员设置办公室数据库登录(每人一个账号)",
        description="密码从环境变量 DUCHABAN_HUB_PASSWORD 读取,否则在终端输入。")
    hub_login.add_argument("name", metavar="姓名", help="工作人员姓名(即登录名)")
    hub_login.add_argument("--confidential", action="store_true", help="可以看到暗访检查记录")
    hub_login.add_argument("--head", action="store_true", help="督查办负责人")
    hub_login.set_defaults(handler=cmd_hub_login)
    hub_clone = hub_commands.add_parser(
        "clone", parents=[common, hub_url], help="从办公室数据库建立新笔记本的本机数据库",
        description="本机数据库只含该登录账号可以看到的记录;之后用 duchaban sync 同步。")
    hub_clone.add_argument("--json", action="store_true", help="以 JSON 输出")
    hub_clone.set_defaults(handler=cmd_hub_clone)
    sync = commands.add_parser(
        "sync", parents=[common, hub_url], help="与办公室数据库同步:取回他人的修改,发送本机的修改",
        description="按记录版本合并,不依赖电脑时钟;重复同步不会重复写入。两边都修改过的记录是冲突:"
                    "用 --prefer 或逐条 --take 决定保留哪一方,否则不写入。")
    sync.add_argument("--prefer", choices=("local", "incoming"), help="所有冲突都保留本机或都采用办公室的")
    sync.add_argument("--take", action="append", metavar="UUID=local|incoming", help="逐条决定冲突")
    sync.add_argument("--json", action="store_true", help="以 JSON 输出")
    sync.set_defaults(handler=cmd_sync)
    exchange = commands.add_parser("exchange", help="外勤笔记本与办公室之间的交换包(.dcbx)")
    exchange_commands = exchange.add_subparsers(title="子命令", metavar="COMMAND", required=True)
    exchange_export = exchange_commands.add_parser(
        "export", parents=[common], help="导出自上次导出以来记录或修改的督查、问题、跟踪、销号、佐证和删除",
        description="默认导出本数据库自上次导出交换包以来的修改(按修改顺序号,不依赖时钟)。"
                    "交换包按 UUID 和版本合并,可重复导入;暗访检查默认不导出。")
    export_range = exchange_export.add_mutually_exclusive_group()
    export_range.add_argument("--all", action="store_true", help="导出全部记录")
    export_range.add_argument("--since", metavar="TIME",
                              help="旧方式:按记录自身的时间,从何时起:2021-07-01 08:00(本机时间,与窗口中的写法相同)、"
                                   "2021-07-01 或 2021-07-01T00:00:00Z")
    exchange_export.add_argument("--out", required=True, metavar="FILE.dcbx")
    exchange_export.add_argument("--include-confidential", action="store_true", help="包含暗访检查(保密)")
    exchange_export.set_defaults(handler=cmd_exchange_export)
    exchange_import = exchange_commands.add_parser(
        "import", parents=[common], help="把交换包合并进本数据库(按 UUID,重复导入不会重复)",
        description="两边都修改过的记录是冲突:用 --prefer 或逐条 --take 决定保留哪一方,否则不写入。")
    exchange_import.add_argument("file", metavar="FILE.dcbx")
    exchange_import.add_argument("--dry-run", action="store_true", help="只报告将要发生的变化和冲突")
    exchange_import.add_argument("--prefer", choices=("local", "incoming"), help="所有冲突都保留本机或都采用交换包")
    exchange_import.add_argument("--take", action="append", metavar="UUID=local|incoming", help="逐条决定冲突")
    exchange_import.add_argument("--json", action="store_true")
    exchange_import.set_defaults(handler=cmd_exchange_import)

    encrypt = commands.add_parser(
        "encrypt", parents=[common], help="加密数据库及其备份(SQLCipher),或用 --decrypt 解除加密",
        description="密码取自环境变量 DUCHABAN_PASSPHRASE,否则在终端输入。其他命令打开加密数据库时同样如此。")
    encrypt.add_argument("--decrypt", action="store_true", help="解除加密")
    encrypt.set_defaults(handler=cmd_encrypt)

    bench = commands.add_parser("bench", help="性能测量(SPEC §7),每项都与同一次运行中测得的基准比较")
    bench.add_argument("--json", action="store_true",
                       help="输出 {名称: {floor, value, ratio, target, met, note, runs, spread}}(中位数与最快/最慢)")
    bench.add_argument("--scale-db", metavar="FILE", help="使用已生成的规模测试数据库(否则临时生成)")
    bench.set_defaults(handler=cmd_bench)

    check = commands.add_parser(
        "check", parents=[common], help="完整性检查与数据统计",
        description="检查数据库结构、外键、操作日志的哈希链,以及每期通报上的数据校验码。")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.add_argument("--code", metavar="校验码", help="核对通报或督查材料上印的数据校验码(如 1234-3F2A-91C0-7B1D)")
    check.add_argument("--hub", metavar="URL", help="核对办公室数据库中汇集的各台电脑的操作日志(与 --code 同用:"
                                                   "按印发该材料的电脑的日志核对)")
    check.set_defaults(handler=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = _parse(argv)
    try:
        if getattr(args, "db", None) and args.handler not in (cmd_encrypt, cmd_demo):
            _unlock(Path(args.db))
        return args.handler(args)
    except DuchabanError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 130
    except BrokenPipeError:   # output piped into head or less, which quit early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
