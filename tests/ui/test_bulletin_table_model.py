"""The issued-bulletins list's model, without a window."""

from PySide6.QtCore import Qt

from duchaban.ui.models.bulletin_table import BulletinTableModel


def _issue(no, **more):
    return {"id": no, "year": 2021, "issue_no": no, "period_code": "2021Q2",
            "generated_at": f"2021-07-{no:02d}T09:30:15Z", "generated_by": "王建国", "docx_name": f"第{no}期.docx",
            **more}


def test_issues_read_with_their_period_special_topic_and_replacement(qtmodeltester):
    model = BulletinTableModel()
    model.set_rows([_issue(2), _issue(10, kind="special", topic="营商环境"), _issue(1, replaced_at="2021-07-03")])
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "期号", "周期", "发布时间", "发布人", "文件"]
    assert [model.text(r, "issue") for r in range(3)] == ["2021年第2期", "2021年第10期", "2021年第1期"]
    assert [model.text(r, "period") for r in range(3)] == [
        "2021Q2", "2021Q2(专项:营商环境)", "2021Q2(已重新印发替代,不计入考核)"]
    assert model.text(0, "issued_at") == "2021-07-02 09:30" and model.text(0, "file") == "第2期.docx"
    model.sort(model.column("issue"))
    assert [model.text(r, "issue") for r in range(3)] == ["2021年第1期", "2021年第2期", "2021年第10期"]
