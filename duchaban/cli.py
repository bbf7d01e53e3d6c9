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
from duchaban.cli_parser import ChineseArgumentParser, chinese_choices
from duchaban.core.errors import DuchabanError
from duchaban.core.notice_formats import NOTICE_FORMATS_TEXT
from duchaban.core.roles import LABEL_MEANINGS
from duchaban.core.unit_names import KIND_LABELS
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


def _show(result, *, as_json: bool = False) -> None:
    """Print a typed result: its ``to_json()`` under --json, else its Chinese text (nothing when empty)."""
    if as_json:
        _print_json(result.to_json())
        return
    text = result.to_text()
    if text:
        print(text)


def _print_lines(lines: list[str], *, stream=None) -> None:
    for line in lines:
        print(line, file=stream or sys.stdout)


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
    passphrase = _secret("DUCHABAN_PASSPHRASE", f"数据库“{path.name}”已加密,请输入密码:",
                         missing=f"数据库“{path.name}”已加密:请设置环境变量 DUCHABAN_PASSPHRASE 或在终端中输入密码")
    connect(path, passphrase=passphrase).close()


def _secret(variable: str, prompt: str, *, missing: str) -> str:
    """A password from the environment variable, else typed at the terminal (not shown); ``missing``
    as the error when there is neither. Without a terminal getpass would print English warnings,
    echo what it reads from a pipe, and end in a traceback at end of input."""
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        raise DuchabanError(missing)
    try:
        value = getpass.getpass(prompt)
    except EOFError:
        raise DuchabanError(missing) from None
    if not value:
        raise DuchabanError(missing)
    return value


def _database(args: argparse.Namespace, *, create: bool = False):
    """The database named by --db (an existing one unless ``create``), closed afterwards."""
    return opened_database(_db_path(args), create=create)


# --- subcommands -------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from duchaban.services.demo import build_demo

    _show(build_demo(_db_path(args), replace=args.force), as_json=args.json)
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
_LABEL_MEANINGS = {title: meaning for meaning, title in LABEL_MEANINGS.items()}


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
    from duchaban.services.plan_import import PlanImported, commit_plan_import, preview_plan, read_and_parse

    decisions = _parse_decisions(args.map or [])
    # Read and parse before opening the database: an unreadable file never touches it.
    source, parsed = read_and_parse(args.file, _parse_hints(args))
    path = _db_path(args)
    db = open_database(MEMORY if args.dry_run and not path.exists() else path)
    try:
        preview = preview_plan(db, source, parsed, decisions=decisions, year=args.year, another_plan=args.another_plan)
        preview.removals_confirmed = args.confirm_removals
        if args.json:
            _show(preview, as_json=True)
        else:
            _print_lines(preview.message_lines(), stream=sys.stderr)
        if not preview.can_import:
            print(preview.refusal(), file=sys.stderr)
            return EXIT_ERROR
        if not args.json:
            _print_lines(preview.removal_lines(), stream=sys.stderr)
        if args.dry_run:
            if not args.json:
                print(f"试导入(未写入数据库){preview.summary()}")
            return EXIT_OK
        if preview.needs_confirmation and not args.confirm_removals:
            print(preview.confirmation_needed(), file=sys.stderr)
            return EXIT_ERROR
        if preview.names_to_confirm and not args.accept_names and not preview.already_imported:
            print(preview.names_confirmation_needed(), file=sys.stderr)
            return EXIT_ERROR
        if not preview.already_imported:
            _backup(db, reason="import")
        result = commit_plan_import(db, preview, who=_operator(args), confirm_removals=args.confirm_removals,
                                    accept_names=args.accept_names or preview.already_imported)
    finally:
        db.close()
    if not args.json:
        _show(PlanImported(preview.summary(), result))
    return EXIT_OK


def cmd_plan_list(args: argparse.Namespace) -> int:
    from duchaban.services.listings import plan_list

    with _database(args) as db:
        _show(plan_list(db), as_json=args.json)
    return EXIT_OK


def cmd_units_list(args: argparse.Namespace) -> int:
    from duchaban.services.listings import unit_list

    with _database(args) as db:
        _show(unit_list(db, kind=args.kind), as_json=args.json)
    return EXIT_OK


def cmd_units_alias(args: argparse.Namespace) -> int:
    from duchaban.services.directory_entry import add_unit_alias_by_name

    with _database(args) as db:
        _show(add_unit_alias_by_name(db, unit=args.unit, alias=args.alias, who=_operator(args)), as_json=args.json)
    return EXIT_OK


def cmd_units_load(args: argparse.Namespace) -> int:
    from duchaban.store.unit_directory_file import load_directory_file

    if not Path(args.file).is_file():
        raise DuchabanError(f"找不到文件:{args.file}")
    with _database(args, create=True) as db:
        _backup(db, reason="import")
        loaded = load_directory_file(db, args.file, who=_operator(args))
    _show(loaded, as_json=args.json)
    return EXIT_OK


def cmd_units_export(args: argparse.Namespace) -> int:
    from duchaban.formats.directory_xlsx import export_directory_file

    with _database(args) as db:
        _show(export_directory_file(db, args.file), as_json=args.json)
    return EXIT_OK


def cmd_units_template(args: argparse.Namespace) -> int:
    from duchaban.formats.directory_xlsx import write_blank_directory

    write_blank_directory(args.file)
    print(f"已生成空白单位名录表格“{args.file}”:填好“单位”工作表后运行 duchaban units import {args.file}")
    return EXIT_OK


def cmd_units_import(args: argparse.Namespace) -> int:
    from duchaban.formats.directory_xlsx import import_directory

    with _database(args) as db:
        _backup(db, reason="import")
        r = import_directory(db, args.file, who=_operator(args))
    _show(r, as_json=args.json)
    return EXIT_OK


def cmd_office_set(args: argparse.Namespace) -> int:
    from duchaban.services.listings import office_info
    from duchaban.store.settings import set_office

    with _database(args, create=True) as db:
        set_office(db, name=args.name, district=args.district, who=_operator(args))
        _show(office_info(db))
    return EXIT_OK


def cmd_office_show(args: argparse.Namespace) -> int:
    from duchaban.services.listings import office_info

    with _database(args) as db:
        _show(office_info(db), as_json=args.json)
    return EXIT_OK


def _plan_id(db, year: int | None) -> int:
    """The plan of the given year, or the newest plan."""
    from duchaban.store.browse import list_plans

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


def cmd_templates_export(args: argparse.Namespace) -> int:
    from duchaban.formats.ledger_template import export_period_templates

    period = _period_code(args.period)
    with _database(args) as db:
        exported = export_period_templates(db, plan_id=_plan_id(db, args.year), period_code=period, out_dir=args.out,
                                           unit_names=args.unit)
    _show(exported, as_json=args.json)
    return EXIT_OK


def cmd_submissions_import(args: argparse.Namespace) -> int:
    from duchaban.formats.ledger_import import REJECTED, import_submissions

    period = _period_code(args.period) if args.period else None
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise DuchabanError(f"找不到:{'、'.join(missing)}")
    with _database(args) as db:
        if not args.dry_run:
            _backup(db, reason="import")
        result = import_submissions(db, args.paths, period_code=period, who=_operator(args), dry_run=args.dry_run,
                                    replace_closed=args.replace_closed)
    _show(result, as_json=args.json)
    if result.count(REJECTED):
        print(f"有 {result.count(REJECTED)} 份台账被拒收,其余已处理", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def cmd_draw(args: argparse.Namespace) -> int:
    from duchaban.services.random_draw import draw_pool, random_draw

    with _database(args, create=False) as db:
        pool = draw_pool(db, plan_id=_plan_id(db, args.year), kind=args.kind, unit_kind=args.unit_kind)
        result = random_draw(db, pool=pool, count=args.count, inspectors=args.inspectors or 0, seed=args.seed,
                                 exclude=args.exclude or [], kind=args.kind, record=not args.dry_run,
                                 who=_operator(args))
    _show(result, as_json=args.json)
    return EXIT_OK


def cmd_inspect_add(args: argparse.Namespace) -> int:
    from duchaban.services.inspection_entry import enter_inspection

    started = _read_date(args.date)
    with _database(args) as db:
        plan_id = _plan_id(db, args.year) if args.task else None
        recorded = enter_inspection(
            db, kind=args.kind, title=args.title, started_on=started, plan_id=plan_id, inspectors=args.inspector or (),
            units=args.unit or (), task_numbers=args.task or (), summary=args.summary, planned=args.planned,
            confidential=args.confidential, who=_operator(args))
    _show(recorded, as_json=args.json)
    return EXIT_OK


def cmd_inspect_list(args: argparse.Namespace) -> int:
    from duchaban.services.listings import inspection_list

    with _database(args) as db:
        _show(inspection_list(db, include_confidential=args.include_confidential), as_json=args.json)
    return EXIT_OK


def cmd_staff_add(args: argparse.Namespace) -> int:
    from duchaban.services.directory_entry import add_staff_member

    with _database(args) as db:
        recorded = add_staff_member(db, name=args.name, title=args.title, phone=args.phone,
                                    is_inspector=not args.not_inspector, aliases=args.alias or (), who=_operator(args))
    _show(recorded, as_json=args.json)
    return EXIT_OK


def cmd_staff_alias(args: argparse.Namespace) -> int:
    from duchaban.services.directory_entry import add_staff_alias_by_name

    with _database(args) as db:
        _show(add_staff_alias_by_name(db, name=args.name, alias=args.alias, who=_operator(args)), as_json=args.json)
    return EXIT_OK


def cmd_staff_merge(args: argparse.Namespace) -> int:
    from duchaban.services.directory_entry import merge_staff_by_name

    with _database(args) as db:
        _show(merge_staff_by_name(db, name=args.name, into=args.into, who=_operator(args)), as_json=args.json)
    return EXIT_OK


def cmd_staff_list(args: argparse.Namespace) -> int:
    from duchaban.services.listings import staff_list

    with _database(args) as db:
        _show(staff_list(db), as_json=args.json)
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
    from duchaban.services.inspection_entry import enter_finding

    with _database(args) as db:
        recorded = enter_finding(
            db, inspection_id=args.inspection, unit=args.unit, description=args.text, task_number=args.task,
            severity=args.severity, demand=args.demand, deadline=args.deadline, working_days=args.working_days,
            responsible_person=args.responsible, reported_by=args.reported_by, who=_operator(args))
    _show(recorded, as_json=args.json)
    return EXIT_OK


def cmd_finding_list(args: argparse.Namespace) -> int:
    from duchaban.services.listings import finding_list

    with _database(args) as db:
        _show(finding_list(db), as_json=args.json)
    return EXIT_OK


def cmd_finding_follow(args: argparse.Namespace) -> int:
    from datetime import date

    from duchaban.services.inspection_entry import enter_follow_up

    with _database(args) as db:
        recorded = enter_follow_up(db, finding_id=args.id, text=args.text,
                                   on_date=_read_date(args.date) or date.today(), status=args.status,
                                   who=_operator(args))
    _show(recorded, as_json=args.json)
    return EXIT_OK


def cmd_finding_close(args: argparse.Namespace) -> int:
    from duchaban.services.inspection_entry import close_or_reopen_finding

    with _database(args) as db:
        recorded = close_or_reopen_finding(
            db, finding_id=args.id, reopen=args.reopen, verifier=args.verifier, opinion=args.opinion,
            override=args.override, evidence=[] if args.reopen else _existing_files(args.evidence),
            who=_operator(args))
    _show(recorded, as_json=args.json)
    return EXIT_OK


def cmd_close_task(args: argparse.Namespace) -> int:
    from duchaban.services.inspection_entry import close_or_reopen_task

    with _database(args) as db:
        recorded = close_or_reopen_task(
            db, plan_id=_plan_id(db, args.year), number=args.number, reopen=args.reopen, verifier=args.verifier,
            opinion=args.opinion, override=args.override,
            evidence=[] if args.reopen else _existing_files(args.evidence), who=_operator(args))
    _show(recorded, as_json=args.json)
    return EXIT_OK


def cmd_bulletin(args: argparse.Namespace) -> int:
    from duchaban.services.bulletin import bulletin_pdf, draft_bulletin, find_bulletin, issue_bulletin, reissue_bulletin
    from duchaban.services.listings import bulletin_list
    from duchaban.store.plans import plan_year

    if args.list:
        with _database(args) as db:
            _show(bulletin_list(db), as_json=args.json)
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
            draft.replace = args.replace
            if draft.standing_refusal():
                raise DuchabanError(draft.standing_refusal())
            _backup(db, reason="bulletin")
            issued = issue_bulletin(db, draft, docx=Path(args.out), who=_operator(args))
    if args.pdf:
        issued.pdf = bulletin_pdf(issued)
    _show(issued, as_json=args.json)
    return EXIT_OK


def cmd_assess(args: argparse.Namespace) -> int:
    from duchaban.core.assessment import RuleSet
    from duchaban.services.assessment_run import run_assessment

    rules = None
    if args.rules:
        try:
            rules = RuleSet.from_json(Path(args.rules).read_text(encoding="utf-8"))
        except OSError as error:
            raise DuchabanError(f"无法读取考核规则文件:{error.strerror}") from None
        except ValueError as error:
            raise DuchabanError(str(error)) from None
    with _database(args) as db:
        result = run_assessment(db, plan_id=_plan_id(db, args.year), rules=rules,
                                include_confidential=args.include_confidential, save=args.save, out=args.out,
                                who=_operator(args))
    _show(result, as_json=args.json)
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


def cmd_hub_init(args: argparse.Namespace) -> int:
    from duchaban.services.merge_reports import hub_init_text
    from duchaban.services.office_hub import init_hub

    with _database(args) as db:
        summary = init_hub(db, _hub_url(args), who=_operator(args))
    if args.json:
        _print_json(summary)
    else:
        print(hub_init_text(summary))
    return EXIT_OK


def cmd_hub_login(args: argparse.Namespace) -> int:
    from duchaban.services.office_hub import add_staff_login

    password = _secret("DUCHABAN_HUB_PASSWORD", f"为“{args.name}”设置登录密码:",
                       missing=f"没有终端可输入“{args.name}”的登录密码:请设置环境变量 DUCHABAN_HUB_PASSWORD 后再运行")
    add_staff_login(_hub_url(args), name=args.name, password=password, confidential=args.confidential,
                    head=args.head)
    rights = "、".join(r for r, on in (("可见暗访记录", args.confidential), ("督查办负责人", args.head)) if on)
    print(f"已为“{args.name}”设置办公室数据库登录{('(' + rights + ')') if rights else ''}")
    return EXIT_OK


def cmd_hub_clone(args: argparse.Namespace) -> int:
    from duchaban.services.merge_reports import hub_clone_text
    from duchaban.services.office_hub import clone_from_hub

    if not args.db:
        raise DuchabanError("请用 --db 指定新数据库文件")
    summary = clone_from_hub(_hub_url(args), Path(args.db), who=_operator(args))
    if args.json:
        _print_json(summary)
    else:
        print(hub_clone_text(summary))
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from duchaban.services.merge_reports import sync_report_text, take_decisions
    from duchaban.services.office_hub import sync_with_hub

    decisions = take_decisions(args.take)
    with _database(args) as db:
        _backup(db, reason="import")
        report = sync_with_hub(db, _hub_url(args), prefer=args.prefer, decisions=decisions, who=_operator(args))
    if args.json:
        _print_json(report.to_json())
    else:
        print(sync_report_text(report))
    return EXIT_OK


def cmd_evidence_fetch(args: argparse.Namespace) -> int:
    from duchaban.services.evidence_fetch import fetch_evidence

    if not args.all and not args.sha256:
        raise DuchabanError("请用 --all 取回全部尚未取回的佐证文件,或用 --sha256 指定文件")
    with _database(args) as db:
        report = fetch_evidence(db, _hub_url(args), only=None if args.all else set(args.sha256))
    if args.json:
        _print_json(report.to_json())
    else:
        print(report.to_text())
    return EXIT_OK if not report.refused and not report.unavailable else EXIT_ERROR


def cmd_exchange_export(args: argparse.Namespace) -> int:
    from duchaban.services.field_exchange import export_field_package
    from duchaban.services.merge_reports import field_package_text

    with _database(args) as db:
        manifest = export_field_package(db, since=args.since, everything=args.all, out=Path(args.out),
                                        include_confidential=args.include_confidential, who=_operator(args))
    print(field_package_text(manifest, args.out))
    return EXIT_OK


def cmd_exchange_import(args: argparse.Namespace) -> int:
    from duchaban.services.field_exchange import import_field_package, preview_field_package
    from duchaban.services.merge_reports import merge_report_text, take_decisions

    taken = take_decisions(args.take)
    with _database(args) as db:
        _, preview = preview_field_package(db, args.file)
        decisions = {**({c.uuid: args.prefer for c in preview.conflicts} if args.prefer else {}), **taken}
        if not args.dry_run:
            _backup(db, reason="import")
            report = import_field_package(db, args.file, decisions=decisions, who=_operator(args))
        else:
            report = preview
    if args.json:
        _print_json(report.to_json())
    else:
        print(merge_report_text(report, dry_run=args.dry_run))
    return EXIT_OK


def cmd_encrypt(args: argparse.Namespace) -> int:
    from duchaban.services.encryption import decrypt_database, encrypt_database

    path = _db_path(args)
    if args.decrypt:
        passphrase = _secret("DUCHABAN_PASSPHRASE", "当前密码:",
                             missing="没有终端可输入密码:请设置环境变量 DUCHABAN_PASSPHRASE(当前密码)后再运行")
        count = decrypt_database(path, passphrase=passphrase)
        print(f"已解除加密:{path} 及备份共 {count} 个文件")
        return EXIT_OK
    missing = "没有终端可输入密码:请设置环境变量 DUCHABAN_PASSPHRASE(新密码,至少 8 个字符)后再运行"
    passphrase = os.environ.get("DUCHABAN_PASSPHRASE")
    if not passphrase:
        passphrase = _secret("DUCHABAN_PASSPHRASE", "设置密码(至少 8 个字符):", missing=missing)
        if _secret("DUCHABAN_PASSPHRASE", "再次输入密码:", missing=missing) != passphrase:
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
    report = check_hub(args.hub)
    _show(report, as_json=args.json)
    return EXIT_OK if report.ok else EXIT_ERROR


def cmd_bench(args: argparse.Namespace) -> int:
    from duchaban.bench.measure import run_all
    from duchaban.bench.report import BenchReport

    _show(BenchReport(tuple(run_all(scale_db=Path(args.scale_db) if args.scale_db else None))), as_json=args.json)
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


def _add_demo_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban demo: build the demo database."""
    demo = commands.add_parser("demo", parents=[common], help="建立演示数据库(示例方案与单位名录)")
    demo.add_argument("--force", action="store_true", help="文件已存在时删除后重建")
    demo.add_argument("--json", action="store_true", help="以 JSON 输出演示数据库中的数量")
    demo.set_defaults(handler=cmd_demo)


def _add_plan_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban plan import|list: the plan (分解方案)."""
    plan = commands.add_parser("plan", help="分解方案:导入、列出")
    plan_commands = plan.add_subparsers(required=True)
    plan_import = plan_commands.add_parser(
        "import", parents=[common], help=f"导入目标任务分解方案({NOTICE_FORMATS_TEXT})",
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
    plan_import.add_argument("--accept-names", action="store_true",
                             help="确认按提示处理名录中没有的单位名称(近似名称对应到提示的单位,新名称新建单位);"
                                  "不加时列出这些名称,不导入")
    plan_import.add_argument("--another-plan", action="store_true",
                             help="确认这份通知是同一年度的另一份方案(数据库中已有该年度另一文号的方案时)")
    plan_import.set_defaults(handler=cmd_plan_import)
    plan_list = plan_commands.add_parser("list", parents=[common], help="列出数据库中的方案")
    plan_list.add_argument("--json", action="store_true")
    plan_list.set_defaults(handler=cmd_plan_list)


def _add_units_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban units list|alias|load|export|template|import: the unit directory."""
    units = commands.add_parser("units", help="单位名录:列出、别名、导入导出")
    unit_commands = units.add_subparsers(required=True)
    units_list = unit_commands.add_parser("list", parents=[common], help="列出单位")
    units_list.add_argument("--kind", **chinese_choices(_UNIT_KIND_WORDS, "只列出某一类"))
    units_list.add_argument("--json", action="store_true")
    units_list.set_defaults(handler=cmd_units_list)
    units_alias = unit_commands.add_parser("alias", parents=[common], help="为单位添加别名")
    units_alias.add_argument("unit", metavar="UNIT", help="单位的正式名称")
    units_alias.add_argument("alias", metavar="ALIAS", help="别名")
    units_alias.add_argument("--json", action="store_true", help="以 JSON 输出")
    units_alias.set_defaults(handler=cmd_units_alias)
    units_load = unit_commands.add_parser("load", parents=[common], help="从名录文件(制表符分隔)加入单位")
    units_load.add_argument("file", metavar="FILE")
    units_load.add_argument("--json", action="store_true", help="以 JSON 输出")
    units_load.set_defaults(handler=cmd_units_load)
    units_export = unit_commands.add_parser("export", parents=[common],
                                            help="把单位名录、联系人和工作人员导出为 .xlsx")
    units_export.add_argument("file", metavar="FILE.xlsx")
    units_export.add_argument("--json", action="store_true", help="以 JSON 输出")
    units_export.set_defaults(handler=cmd_units_export)
    units_template = unit_commands.add_parser(
        "template", help="生成空白单位名录表格(.xlsx,含填写说明),填好后用 units import 导入")
    units_template.add_argument("file", metavar="FILE.xlsx")
    units_template.set_defaults(handler=cmd_units_template)
    units_import = unit_commands.add_parser(
        "import", parents=[common], help="从 .xlsx 导入单位名录、联系人和工作人员(只增改,不删除)")
    units_import.add_argument("file", metavar="FILE.xlsx")
    units_import.add_argument("--json", action="store_true", help="以 JSON 输出")
    units_import.set_defaults(handler=cmd_units_import)


def _add_office_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban office set|show: the office's name and district."""
    office = commands.add_parser("office", help="本办全称与所在区县(通报、通知书和记录表的落款)")
    office_commands = office.add_subparsers(required=True)
    office_set = office_commands.add_parser(
        "set", parents=[common], help="设置本办全称和所在区县",
        description="本办全称印在督查通报、整改通知书和督查记录表上。只写区县名时,全称为“<区县名>人民政府督查办公室”。")
    office_set.add_argument("--name", metavar="全称", help="本办全称,如“梁平区人民政府督查办公室”")
    office_set.add_argument("--district", metavar="区县名", help="所在区县,如“梁平区”")
    office_set.set_defaults(handler=cmd_office_set)
    office_show = office_commands.add_parser("show", parents=[common], help="显示本办全称和所在区县")
    office_show.add_argument("--json", action="store_true")
    office_show.set_defaults(handler=cmd_office_show)


def _add_templates_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban templates export: ledger templates for the units."""
    templates = commands.add_parser("templates", help="工作台账模板")
    template_commands = templates.add_subparsers(required=True)
    templates_export = template_commands.add_parser(
        "export", parents=[common], help="为每个单位生成本期工作台账模板(.xlsx)",
        description="每个有任务的单位一份:<周期>-<单位>-工作台账.xlsx,上期填报内容已预填。")
    templates_export.add_argument("--period", required=True, metavar="P",
                                  help=PERIOD_HELP.format(what="报送周期"))
    templates_export.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")
    templates_export.add_argument("--unit", action="append", metavar="NAME", help="只为这个单位生成(可重复)")
    templates_export.add_argument("--year", type=int, help="方案年度(默认最新的方案)")
    templates_export.add_argument("--json", action="store_true", help="以 JSON 输出")
    templates_export.set_defaults(handler=cmd_templates_export)


def _add_submissions_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban submissions import: the ledgers the units sent back."""
    submissions = commands.add_parser("submissions", help="单位报送的工作台账")
    submission_commands = submissions.add_subparsers(required=True)
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


def _add_draw_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban draw: a random spot check (双随机)."""
    draw_parser = commands.add_parser(
        "draw", parents=[common], help="随机抽取单位或任务(双随机),同一候选清单和种子结果相同",
        description="从候选清单中按种子抽取;候选清单、种子、每一次抽取和结果都记入数据库,可复核。")
    draw_parser.add_argument("--kind", required=True,
                             **chinese_choices({"units": "单位", "tasks": "任务"}, "抽取单位或任务"))
    draw_parser.add_argument("--count", type=int, required=True, metavar="N", help="抽取数量")
    draw_parser.add_argument("--seed", metavar="S", help="随机种子(不填则生成并记录)")
    draw_parser.add_argument("--unit-kind", **chinese_choices(
        {k: v for k, v in _UNIT_KIND_WORDS.items() if k != "group"}, "只从这一类单位中抽取"))
    draw_parser.add_argument("--exclude", action="append", metavar="NAME", help="排除的单位名称或任务编号(可重复)")
    draw_parser.add_argument("--inspectors", type=int, metavar="N",
                             help="同时从督查人员名单中抽取 N 名(跳过需回避和近期检查过所抽单位的人员)")
    draw_parser.add_argument("--year", type=int, help="方案年度(默认最新的方案)")
    draw_parser.add_argument("--dry-run", action="store_true", help="只抽取显示,不记录")
    draw_parser.add_argument("--json", action="store_true")
    draw_parser.set_defaults(handler=cmd_draw)


def _add_inspect_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban inspect add|list: inspections."""
    inspect = commands.add_parser("inspect", help="督查:记录与列出")
    inspect_commands = inspect.add_subparsers(required=True)
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
    inspect_add.add_argument("--json", action="store_true", help="以 JSON 输出记录的编号")
    inspect_add.set_defaults(handler=cmd_inspect_add)
    inspect_list = inspect_commands.add_parser("list", parents=[common], help="列出督查记录(默认不含暗访)")
    inspect_list.add_argument("--include-confidential", action="store_true", help="包括保密的暗访记录")
    inspect_list.add_argument("--json", action="store_true")
    inspect_list.set_defaults(handler=cmd_inspect_list)


def _add_staff_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban staff add|alias|merge|list: the office's staff."""
    staff = commands.add_parser("staff", help="工作人员:添加、别名、合并、列出")
    staff_commands = staff.add_subparsers(required=True)
    staff_add = staff_commands.add_parser("add", parents=[common], help="添加工作人员")
    staff_add.add_argument("name", metavar="NAME", help="姓名")
    staff_add.add_argument("--title", help="职务")
    staff_add.add_argument("--phone", help="电话")
    staff_add.add_argument("--alias", action="append", metavar="ALIAS", help="别名,如 小王(可重复)")
    staff_add.add_argument("--not-inspector", action="store_true", help="不参加督查人员抽取")
    staff_add.add_argument("--json", action="store_true", help="以 JSON 输出")
    staff_add.set_defaults(handler=cmd_staff_add)
    staff_alias = staff_commands.add_parser("alias", parents=[common], help="为工作人员添加别名")
    staff_alias.add_argument("name", metavar="NAME", help="姓名或已有别名")
    staff_alias.add_argument("alias", metavar="ALIAS")
    staff_alias.add_argument("--json", action="store_true", help="以 JSON 输出")
    staff_alias.set_defaults(handler=cmd_staff_alias)
    staff_merge = staff_commands.add_parser(
        "merge", parents=[common], help="把同一人的两条记录合并(如升级时按手填姓名新建的)",
        description="NAME 的督查、问题、销号记录改记为 INTO,NAME 成为 INTO 的别名,NAME 的记录删除。")
    staff_merge.add_argument("name", metavar="NAME", help="要并入他人的工作人员")
    staff_merge.add_argument("into", metavar="INTO", help="保留的工作人员")
    staff_merge.add_argument("--json", action="store_true", help="以 JSON 输出")
    staff_merge.set_defaults(handler=cmd_staff_merge)
    staff_list = staff_commands.add_parser("list", parents=[common], help="列出工作人员(含停用的)")
    staff_list.add_argument("--json", action="store_true")
    staff_list.set_defaults(handler=cmd_staff_list)


def _add_finding_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban finding add|list|follow|close: findings and their rectification."""
    finding = commands.add_parser("finding", help="督查发现的问题:记录、跟踪、销号")
    finding_commands = finding.add_subparsers(required=True)
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
    finding_add.add_argument("--json", action="store_true", help="以 JSON 输出记录的编号")
    finding_add.set_defaults(handler=cmd_finding_add)
    finding_list = finding_commands.add_parser("list", parents=[common], help="列出问题及整改状态")
    finding_list.add_argument("--json", action="store_true")
    finding_list.set_defaults(handler=cmd_finding_list)
    finding_follow = finding_commands.add_parser("follow", parents=[common], help="记录整改跟踪情况")
    finding_follow.add_argument("id", type=int, metavar="ID", help="问题编号")
    finding_follow.add_argument("--text", required=True, help="跟踪情况")
    finding_follow.add_argument("--status", metavar="STATUS", help="整改中 或 已整改待核验")
    finding_follow.add_argument("--date", metavar="YYYY-MM-DD", help="跟踪日期(默认今天)")
    finding_follow.add_argument("--json", action="store_true", help="以 JSON 输出记录的编号")
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
    finding_close.add_argument("--json", action="store_true", help="以 JSON 输出记录的编号")
    finding_close.set_defaults(handler=cmd_finding_close)


def _add_close_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban close: closing out (销号) a task."""
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
    close.add_argument("--json", action="store_true", help="以 JSON 输出")
    close.set_defaults(handler=cmd_close_task)


def _add_bulletin_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban bulletin: issue, reissue and list bulletins."""
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
    bulletin.add_argument("--json", action="store_true", help="以 JSON 输出(通报列表,或生成的文件)")
    bulletin.set_defaults(handler=cmd_bulletin)


def _add_assess_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban assess: the annual assessment."""
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


def _add_print_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban print: printable records as PDF."""
    print_parser = commands.add_parser(
        "print", parents=[common], help="打印记录为 PDF:督查记录表、整改通知书、随机抽取记录",
        description="督查记录表按督查记录编号,整改通知书按问题编号,抽取记录按抽取记录编号(含督查人员抽取)。")
    print_parser.add_argument("kind", **chinese_choices(
        {"inspection": "督查记录表", "notice": "整改通知书", "draw": "抽取记录"}, "打印哪种记录", metavar="类别"))
    print_parser.add_argument("id", type=int, metavar="编号", help="督查记录、问题或抽取记录的编号")
    print_parser.add_argument("--out", required=True, metavar="FILE.pdf")
    print_parser.set_defaults(handler=cmd_print)


def _add_hub_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban hub init|login|clone and duchaban sync: the office hub."""
    hub = commands.add_parser("hub", help="办公室数据库(PostgreSQL):多人多台电脑共用一份数据")
    hub_commands = hub.add_subparsers(required=True)
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
    sync.add_argument("--prefer", **chinese_choices({"local": "本机", "incoming": ("办公室", "对方")},
                                                   "所有冲突都保留本机或都采用办公室的"))
    sync.add_argument("--take", action="append", metavar="UUID=local|incoming",
                      help="逐条决定冲突:local 保留本机,incoming 采用办公室的")
    sync.add_argument("--json", action="store_true", help="以 JSON 输出")
    sync.set_defaults(handler=cmd_sync)
    evidence = commands.add_parser("evidence", help="佐证文件:从办公室数据库取回")
    evidence_commands = evidence.add_subparsers(required=True)
    fetch = evidence_commands.add_parser(
        "fetch", parents=[common, hub_url], help="从办公室数据库取回本机尚未取回的佐证文件(外出前使用)",
        description="同步只带回佐证材料的记录,文件首次打开时才从办公室数据库取回;外出前用 --all 全部取回。"
                    "取回的文件须与记录的校验值相符,否则拒收。")
    fetch.add_argument("--all", action="store_true", help="取回全部尚未取回的佐证文件")
    fetch.add_argument("--sha256", action="append", metavar="SHA256", help="只取回这一个文件(可重复)")
    fetch.add_argument("--json", action="store_true", help="以 JSON 输出")
    fetch.set_defaults(handler=cmd_evidence_fetch)


def _add_exchange_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban exchange export|import: field packages."""
    exchange = commands.add_parser("exchange", help="外勤笔记本与办公室之间的交换包(.dcbx)")
    exchange_commands = exchange.add_subparsers(required=True)
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
    exchange_import.add_argument("--prefer", **chinese_choices({"local": "本机", "incoming": ("交换包", "对方")},
                                                              "所有冲突都保留本机或都采用交换包"))
    exchange_import.add_argument("--take", action="append", metavar="UUID=local|incoming",
                                 help="逐条决定冲突:local 保留本机,incoming 采用交换包")
    exchange_import.add_argument("--json", action="store_true")
    exchange_import.set_defaults(handler=cmd_exchange_import)


def _add_encrypt_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban encrypt: encrypting the database at rest."""
    encrypt = commands.add_parser(
        "encrypt", parents=[common], help="加密数据库及其备份(SQLCipher),或用 --decrypt 解除加密",
        description="密码取自环境变量 DUCHABAN_PASSPHRASE,否则在终端输入。其他命令打开加密数据库时同样如此。")
    encrypt.add_argument("--decrypt", action="store_true", help="解除加密")
    encrypt.set_defaults(handler=cmd_encrypt)


def _add_bench_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban bench: the SPEC §7 measurements."""
    bench = commands.add_parser("bench", help="性能测量(SPEC §7),每项都与同一次运行中测得的基准比较")
    bench.add_argument("--json", action="store_true",
                       help="输出 {名称: {floor, value, ratio, target, met, note, runs, spread}}(中位数与最快/最慢)")
    bench.add_argument("--scale-db", metavar="FILE", help="使用已生成的规模测试数据库(否则临时生成)")
    bench.set_defaults(handler=cmd_bench)


def _add_check_commands(commands, common: argparse.ArgumentParser) -> None:
    """duchaban check: integrity and the data check codes."""
    check = commands.add_parser(
        "check", parents=[common], help="完整性检查与数据统计",
        description="检查数据库结构、外键、操作日志的哈希链,以及每期通报上的数据校验码。")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")
    check.add_argument("--code", metavar="校验码", help="核对通报或督查材料上印的数据校验码(如 1234-3F2A-91C0-7B1D)")
    check.add_argument("--hub", metavar="URL", help="核对办公室数据库中汇集的各台电脑的操作日志(与 --code 同用:"
                                                   "按印发该材料的电脑的日志核对)")
    check.set_defaults(handler=cmd_check)


# In the order `duchaban --help` lists them.
_COMMAND_GROUPS = (
    _add_demo_commands,
    _add_plan_commands,
    _add_units_commands,
    _add_office_commands,
    _add_templates_commands,
    _add_submissions_commands,
    _add_draw_commands,
    _add_inspect_commands,
    _add_staff_commands,
    _add_finding_commands,
    _add_close_commands,
    _add_bulletin_commands,
    _add_assess_commands,
    _add_print_commands,
    _add_hub_commands,
    _add_exchange_commands,
    _add_encrypt_commands,
    _add_bench_commands,
    _add_check_commands,
)


# The directory's kinds as the window names them, with the short forms people type.
_UNIT_KIND_WORDS = {code: (label, *{"town": ("乡镇", "街道"), "other": ("其他",)}.get(code, ()))
                    for code, label in KIND_LABELS.items()}


def build_parser() -> argparse.ArgumentParser:
    """The full parser: the window's options and every subcommand, group by group."""
    common = _common_options(top_level=False)
    parser = _window_parser()
    commands = parser.add_subparsers()
    for add_group in _COMMAND_GROUPS:
        add_group(commands, common)
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
