"""The restore dialog reads Chinese: the reason for every backup, the plan named once, local times."""

import re
from datetime import datetime, timezone

import pytest

from duchaban.store.backup import REASONS, backup_database


@pytest.mark.parametrize("reason, label", [("import", "导入前"), ("exit", "退出时"), ("restore", "恢复前"),
                                           ("manual", "手动"), ("bulletin", "生成通报前"), ("someday", "其他")])
def test_every_reason_reads_chinese(qtbot, sample_db, sample_db_path, reason, label):
    from duchaban.ui.dialogs.restore import RestoreDialog

    backup_database(sample_db, reason=reason)
    dialog = RestoreDialog(sample_db_path)
    qtbot.addWidget(dialog)
    assert dialog.model.text(0, "reason") == label


def test_the_reasons_the_code_takes_backups_for_all_have_words():
    from pathlib import Path

    import duchaban
    used = set()
    for path in Path(duchaban.__file__).parent.rglob("*.py"):
        used |= set(re.findall(r'(?:backup_if_changed|backup_database|_backup)\([^)]*reason="([a-z]+)"',
                               path.read_text(encoding="utf-8")))
    assert {"import", "exit", "bulletin", "restore"} <= used
    assert used <= set(REASONS)


def test_preview_names_the_plan_once_and_shows_local_time(qtbot, sample_db, sample_db_path):
    from duchaban.ui.dialogs.restore import RestoreDialog

    backup_database(sample_db, reason="import")
    dialog = RestoreDialog(sample_db_path)
    qtbot.addWidget(dialog)
    text = dialog.preview.text()
    assert "方案:2021年区政府工作报告目标任务分解方案<br>" in text
    assert "2021 2021年" not in text and not re.search(r"[A-Za-z]{3,}", re.sub(r"<br>", "", text))
    stored = sample_db.execute("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    local = datetime.strptime(stored, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).astimezone()
    assert f"最后一次修改:{local:%Y-%m-%d %H:%M:%S}" in text
