"""The bulletin dialog: draft, edit a passage, issue; the issued list; writing one again."""

from docx import Document

from duchaban.store.bulletins import list_bulletins
from duchaban.ui.operations import reports


def text_of(path):
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def drafted(dialog, qtbot, period="2021Q2"):
    dialog.period_combo.setEditText(period)
    with qtbot.waitSignal(dialog.drafted, timeout=20000):
        dialog.make_draft()
    return dialog.draft


def test_draft_edit_and_issue(window, qtbot, tmp_path, message_boxes):
    dialog = reports.bulletin_dialog(window.context())
    qtbot.addWidget(dialog)
    assert not dialog.issue_button.isEnabled()
    draft = drafted(dialog, qtbot)
    assert "2021年第1期 2021年第二季度" in dialog.heading.text() and "未报 3 个" in dialog.heading.text()
    assert dialog.editor.toPlainText() == draft.wording["title"]
    # Edit the demands passage the way a user does: select it, change the text.
    dialog.passages.setCurrentRow(list(dialog.draft.wording).index("demands"))
    dialog.editor.setPlainText("请各单位于7月20日前报送整改情况。")
    target = tmp_path / "第1期.docx"
    dialog.out_edit.setText(str(target))
    with qtbot.waitSignal(dialog.issued, timeout=30000):
        dialog.issue_button.click()
    text = text_of(target)
    assert "请各单位于7月20日前报送整改情况。" in text and "第1期" in text
    assert (tmp_path / "第1期-附件.xlsx").exists()
    assert "已发布2021年第1期" in message_boxes[-1]
    assert dialog.issued_model.rowCount() == 1 and dialog.issued_model.text(0, "issue") == "2021年第1期"
    assert not dialog.issue_button.isEnabled()   # a second issue needs a fresh draft


def test_restore_a_passage_to_the_draft(window, qtbot):
    dialog = reports.bulletin_dialog(window.context())
    qtbot.addWidget(dialog)
    draft = drafted(dialog, qtbot)
    original = draft.wording["title"]
    dialog.editor.setPlainText("随便写的标题")
    assert dialog.draft.wording["title"] == "随便写的标题"
    dialog.restore_button.click()
    assert dialog.editor.toPlainText() == original and dialog.draft.wording["title"] == original


def test_confidential_findings_only_when_ticked(window, qtbot):
    dialog = reports.bulletin_dialog(window.context())
    qtbot.addWidget(dialog)
    assert "背街小巷" not in str(drafted(dialog, qtbot).snapshot["findings"])
    dialog.include_confidential.setChecked(True)
    assert "背街小巷" in str(drafted(dialog, qtbot).snapshot["findings"])
    assert "包含暗访检查" in dialog.heading.text()


def test_a_bad_period_and_a_period_not_begun_are_reported(window, qtbot, message_boxes):
    dialog = reports.bulletin_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.period_combo.setEditText("第三季度")
    assert dialog.make_draft() is None
    assert "无法识别的通报周期" in message_boxes[-1]
    dialog.period_combo.setEditText("2021Q4")
    job = dialog.make_draft()
    with qtbot.waitSignal(job.failed, timeout=20000):
        pass
    assert "尚未开始" in message_boxes[-1] and dialog.draft is None


def test_issued_bulletin_is_written_again_from_its_snapshot(window, qtbot, tmp_path):
    dialog = reports.bulletin_dialog(window.context())
    qtbot.addWidget(dialog)
    drafted(dialog, qtbot)
    dialog.out_edit.setText(str(tmp_path / "a.docx"))
    with qtbot.waitSignal(dialog.issued, timeout=30000):
        dialog.issue()
    [bulletin] = list_bulletins(window.db)
    with qtbot.waitSignal(dialog.reissued, timeout=30000):
        dialog.reissue(bulletin["id"], tmp_path / "b.docx")
    assert text_of(tmp_path / "b.docx") == text_of(tmp_path / "a.docx")


def test_the_default_bulletin_folder_is_made_on_first_use(window, qtbot):
    dialog = reports.bulletin_dialog(window.context())
    qtbot.addWidget(dialog)
    drafted(dialog, qtbot)
    target = window.db_path.parent / "督查通报" / "2021年第1期督查通报.docx"
    assert dialog.out_edit.text() == str(target) and not target.parent.exists()
    with qtbot.waitSignal(dialog.issued, timeout=30000):
        dialog.issue_button.click()
    assert target.exists()


def test_issuing_a_period_again_asks_to_reissue_naming_the_earlier_issue(window, qtbot, tmp_path, monkeypatch):
    from helpers import file_bytes
    from PySide6.QtWidgets import QMessageBox

    from duchaban.store.assessment import assessment_events

    dialog = reports.bulletin_dialog(window.context())
    qtbot.addWidget(dialog)
    drafted(dialog, qtbot)
    dialog.out_edit.setText(str(tmp_path / "第1期.docx"))
    with qtbot.waitSignal(dialog.issued, timeout=30000):
        dialog.issue_button.click()
    asked: list[str] = []
    answer = {"button": QMessageBox.StandardButton.No}
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args[2]) or answer["button"])
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    drafted(dialog, qtbot)
    assert "本周期已印发第1期;发布本稿即重新印发,替代第1期" in dialog.heading.text()
    dialog.out_edit.setText(str(tmp_path / "第2期.docx"))
    before = file_bytes(window.db_path)
    # Declined: nothing is written and the draft stays to be edited.
    dialog.issue_button.click()
    assert len(asked) == 1
    assert "2021年第二季度已于" in asked[0] and "印发第1期通报" in asked[0] and "以第2期替代第1期" in asked[0]
    assert file_bytes(window.db_path) == before and not (tmp_path / "第2期.docx").exists()
    assert dialog.issue_button.isEnabled() and len(list_bulletins(window.db)) == 1
    # Confirmed: 第2期 stands for the period, 第1期 stays listed as replaced and is not counted again.
    answer["button"] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(dialog.issued, timeout=30000):
        dialog.issue_button.click()
    rows = {b["issue_no"]: b for b in list_bulletins(window.db)}
    assert rows[1]["replaced_at"] and rows[2]["replaces"] == rows[1]["id"] and rows[2]["replaced_at"] is None
    assert (tmp_path / "第1期.docx").exists() and (tmp_path / "第2期.docx").exists()
    issued = dialog.issued_model
    listed = {issued.text(r, "issue"): issued.text(r, "period") for r in range(issued.rowCount())}
    assert listed == {"2021年第2期": "2021Q2", "2021年第1期": "2021Q2(已重新印发替代,不计入考核)"}
    refs = {e.ref for e in assessment_events(window.db, plan_id=1)[1] if e.code.startswith("bulletin_")}
    assert refs == {"第2期"}


def test_a_special_topic_bulletin_is_numbered_in_the_series_without_a_reissue(window, qtbot, tmp_path,
                                                                              message_boxes):
    dialog = reports.bulletin_dialog(window.context())
    qtbot.addWidget(dialog)
    drafted(dialog, qtbot)
    dialog.out_edit.setText(str(tmp_path / "第1期.docx"))
    with qtbot.waitSignal(dialog.issued, timeout=30000):
        dialog.issue_button.click()
    dialog.special_check.setChecked(True)
    assert dialog.make_draft() is None and "请填写专项通报的标题" in message_boxes[-1]
    dialog.topic_edit.setText("优化营商环境专项督查通报")
    draft = drafted(dialog, qtbot)
    assert draft.replaces is None and draft.wording["title"] == "优化营商环境专项督查通报"
    assert "替代" not in dialog.heading.text()
    dialog.out_edit.setText(str(tmp_path / "专项.docx"))
    asked_before = len(message_boxes)
    with qtbot.waitSignal(dialog.issued, timeout=30000):
        dialog.issue_button.click()
    assert not any("重新印发" in m for m in message_boxes[asked_before:])
    rows = {b["issue_no"]: b for b in list_bulletins(window.db)}
    assert rows[2]["kind"] == "special" and rows[2]["topic"] == "优化营商环境专项督查通报"
    assert rows[1]["replaced_at"] is None
    assert "优化营商环境专项督查通报" in text_of(tmp_path / "专项.docx")
    listed = [dialog.issued_model.text(r, "period") for r in range(dialog.issued_model.rowCount())]
    assert "2021Q2(专项:优化营商环境专项督查通报)" in listed
