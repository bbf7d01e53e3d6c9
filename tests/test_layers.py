"""core, store, formats and services never import Qt: the window is only a view on them."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import duchaban

PACKAGE = Path(duchaban.__file__).parent


def test_no_qt_below_the_ui():
    modules = sorted(
        "duchaban." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for layer in ("core", "store", "formats", "hub", "services")
        for p in (PACKAGE / layer).glob("*.py")
        if p.name != "__init__.py"
    )
    assert len(modules) > 10
    code = (f"import sys\nfor m in {modules!r}: __import__(m)\n"
            "qt = sorted(m for m in sys.modules if m.startswith('PySide6'))\nprint(qt)\nassert not qt, qt\n")
    result = subprocess.run([sys.executable, "-c", code + "import duchaban.cli"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_what_the_window_needs_before_its_first_paint_leaves_out_the_database_layer():
    # ui/startup.py paints the window before opening the database; importing sqlite-utils, the
    # store's queries or the file formats before then would put their import time back in front.
    code = ("import sys\nimport duchaban.cli, duchaban.ui.app, duchaban.ui.main_window, duchaban.ui.startup\n"
            "print(' '.join(sorted(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "duchaban.ui.main_window" in loaded and "PySide6.QtWidgets" in loaded
    for module in ("sqlite_utils", "platformdirs", "openpyxl", "docx", "python_calamine",
                   "duchaban.store.browse", "duchaban.store.plans", "duchaban.store.backup", "duchaban.services.demo",
                   # the log's digests, the migrations, the notice parser and the records' names are
                   # for opening, writing and importing, all after the paint
                   "duchaban.store.audit", "duchaban.store.row_digest", "duchaban.store.migrations",
                   "duchaban.store.data_check", "duchaban.core.plan_duties", "duchaban.core.changes", "uuid"):
        assert module not in loaded, module


# An SQL statement handed to a connection: .execute("SELECT …"), .query(f"…"), db["table"] …
_SQL_CALL = re.compile(r"""\.(execute|executemany|executescript|query)\(\s*[fr]?["']|\bdb\[["']|\bdb\.(table|conn)\b""")


def _sources(*paths: Path) -> list[Path]:
    found = []
    for path in paths:
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


# SQL written as text anywhere, even built up before it is handed over: "SELECT …", f"UPDATE {table} …".
_SQL_TEXT = re.compile(r"""(?<!\w)[fr]?["'](SELECT|INSERT|UPDATE|DELETE|REPLACE|PRAGMA|ATTACH|DETACH|CREATE|DROP"""
                       r"""|ALTER|WITH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|VACUUM)\s""")


def _sql_lines(*paths: Path) -> list[str]:
    return [f"{p.relative_to(PACKAGE)}:{n}: {line.strip()}"
            for p in _sources(*paths)
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
            if _SQL_CALL.search(line) or _SQL_TEXT.search(line)]


def test_no_sql_above_the_store_in_the_window_or_the_command_line():
    assert _sql_lines(PACKAGE / "ui", PACKAGE / "cli.py") == []


def test_no_sql_in_the_services_or_the_file_formats():
    # Services and file formats ask the store's documented functions; the SQL lives in store/ only.
    assert _sql_lines(PACKAGE / "services", PACKAGE / "formats") == []


@pytest.mark.parametrize("line", [
    'rows = db.execute("SELECT id FROM plan").fetchall()',
    "db.query(f'SELECT * FROM task WHERE id = {x}')",
    'plan = db["plan"].get(1)',
    'SQL = "UPDATE unit SET name = ? WHERE id = ?"',
    "conn.executemany('INSERT INTO t VALUES (?)', rows)",
    'conn.execute(f"PRAGMA key = {literal}")',
    'db.table("unit").insert(row)',
    'cursor = db.conn.cursor()',
])
def test_the_sql_check_sees_sql(line):
    assert _SQL_CALL.search(line) or _SQL_TEXT.search(line)


@pytest.mark.parametrize("line", ['print("已选择 3 项")', 'label = "Select all"', 'self.query_text = text'])
def test_the_sql_check_leaves_other_text_alone(line):
    assert not (_SQL_CALL.search(line) or _SQL_TEXT.search(line))


def test_the_command_line_needs_no_qt():
    # Only `duchaban` alone, which opens the window, reaches the ui package (ui.app's run_app).
    text = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert "PySide6" not in text
    assert set(re.findall(r"from duchaban\.(ui[\w.]*) import", text)) <= {"ui.app"}


def test_the_hub_and_the_render_layer_stay_in_their_lanes():
    # The hub speaks to PostgreSQL through psycopg and to the local store; it has no Qt.
    # render/ lays out pages with QtGui: no widgets, no database.
    for path in _sources(PACKAGE / "render"):
        text = path.read_text(encoding="utf-8")
        assert "QtWidgets" not in text and "duchaban.store" not in text, path
    for path in _sources(PACKAGE / "hub"):
        assert "PySide6" not in path.read_text(encoding="utf-8"), path


def test_core_holds_no_sql_and_no_database_driver():
    # core/changes.py describes writes as data (tables, rows, inverse edits); running them is the store's.
    for path in _sources(PACKAGE / "core"):
        text = path.read_text(encoding="utf-8")
        assert not _SQL_CALL.search(text), path
        assert not re.search(r"^\s*(from|import) (sqlite3|sqlite_utils|sqlcipher3|psycopg)\b", text, re.M), path
        assert "duchaban.store" not in text, path


def test_undo_lives_below_the_window():
    # The window's undo stack only carries change sets; building and running inverses is store/undo.py's,
    # so the command line and tests undo the same way without Qt.
    undo = (PACKAGE / "ui" / "undo.py").read_text(encoding="utf-8")
    assert "lambda" not in undo and "duchaban.store.undo" in undo
    for dialog in ("unit_directory.py", "task_edit.py"):
        text = (PACKAGE / "ui" / "dialogs" / dialog).read_text(encoding="utf-8")
        assert "history.record(" in text, dialog
        # The raw mutators and their reversals (the old redo/undo lambda pairs) stay out of the dialogs.
        for name in ("update_unit", "add_alias", "remove_alias", "delete_unit", "restore_unit", "merge_units",
                     "unmerge_units", "set_group_members", "add_contact", "delete_contact", "update_task",
                     "replace_indicators", "replace_assignments"):
            assert not re.search(rf"\b{name}\(", text), (dialog, name)


def test_one_public_way_to_edit_the_directory_and_tasks():
    # store/unit_edits.py and store/task_edits.py (returning change sets) are the only public edits of
    # units, aliases, contacts, groups and tasks; the raw steps under them are underscored, and only the
    # store reaches them, so no caller (importer, service, window, CLI) writes around the change sets.
    from duchaban.store import contacts, tasks, unit_groups, unit_merge, units

    retired = {units: ("add_unit", "add_alias", "update_unit", "remove_alias", "delete_unit", "restore_unit"),
               tasks: ("update_task", "replace_indicators", "replace_assignments", "set_deadline"),
               contacts: ("add_contact", "delete_contact"), unit_groups: ("set_group_members",),
               unit_merge: ("merge_units", "unmerge_units")}
    for module, names in retired.items():
        for name in names:
            assert not hasattr(module, name), (module.__name__, name)
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "store":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"from duchaban\.store\.\w+ import[^\n]*\b_[a-z]", text), path


def test_operations_take_their_context_and_never_reach_into_the_window():
    # Each user action gets an OperationContext; reading the window's attributes would bring back
    # the mixins' shared state by another door.
    operations = _sources(PACKAGE / "ui" / "operations")
    assert len(operations) >= 3
    for path in operations:
        text = path.read_text(encoding="utf-8")
        assert "main_window" not in text and "MainWindow" not in text, path
        if path.name != "context.py":
            assert not re.search(r"\bself\.", text), path


def test_the_main_window_has_no_mixins():
    # What the menus do is in ui/operations, given an explicit context; no class shares the window's state.
    # (a checkout that once had the mixins may keep an untracked __pycache__ there)
    assert not list((PACKAGE / "ui" / "actions").glob("*.py"))
    text = (PACKAGE / "ui" / "main_window.py").read_text(encoding="utf-8")
    assert re.search(r"^class MainWindow\(QMainWindow\):", text, re.M)


def test_database_switching_lives_beside_the_window():
    # Opening another file (its lock and passphrase), the recent list, closing the file for a job and
    # noticing other programs' commits are ui/database_switch.py's; the window draws through DatabaseView.
    window = (PACKAGE / "ui" / "main_window.py").read_text(encoding="utf-8")
    switch = (PACKAGE / "ui" / "database_switch.py").read_text(encoding="utf-8")
    for call in ("DatabaseLock(", "unlock(", "OutsideChanges(", "remember_recent(", "open_database("):
        assert call not in window and call in switch, call
    assert re.search(r"^class DatabaseView\(Protocol\):", switch, re.M)
