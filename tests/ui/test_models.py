"""The tree models on the demo database, without any window."""

from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from duchaban.ui.models.roles import NodeKindRole, StatusRole, TaskIdRole
from duchaban.ui.models.section_tree import SectionTreeModel
from duchaban.ui.models.task_filter import TaskFilterProxy
from duchaban.ui.models.unit_tree import UnitTreeModel

AS_OF = date(2021, 7, 15)


def children(model, parent=QModelIndex()):
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def plan_id(db):
    return db.execute("SELECT id FROM plan").fetchone()[0]


def test_section_tree_shape(qtmodeltester, sample_db):
    model = SectionTreeModel(sample_db)
    model.load(plan_id(sample_db), AS_OF)
    parts = children(model)
    assert len(parts) == 4
    assert parts[0].data().startswith("一、“十四五”时期重点工作(46)")
    subs = [c for p in parts for c in children(model, p) if c.data(NodeKindRole) == "section"]
    assert len(subs) == 20
    assert model.task_count() == 156
    # Part 二 holds its five tasks directly.
    assert [c.data() for c in children(model, parts[1])][0] == "47. GDP增长8%以上。"
    qtmodeltester.check(model)


def test_task_row_columns_and_status(sample_db):
    model = SectionTreeModel(sample_db)
    model.load(plan_id(sample_db), AS_OF)
    part3 = children(model)[2]
    first_sub = children(model, part3)[0]
    task52 = children(model, first_sub)[0]
    assert task52.data().startswith("52. 以创建国家高新区为牵引")
    assert task52.siblingAtColumn(SectionTreeModel.COL_LEAD).data() == "工业园区管委会"
    # The lead unit reported 57% for 2021Q2; on 07-15 the year's schedule stands at 54%.
    assert task52.data(StatusRole) == "on_track"
    tooltip = task52.siblingAtColumn(SectionTreeModel.COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "正常推进:报告完成 57%,序时进度 54%"
    # The section's roll-up counts its ten tasks by status.
    rollup = first_sub.siblingAtColumn(SectionTreeModel.COL_STATUS).data()
    assert sum(int(part.split()[-1]) for part in rollup.split(" · ")) == 10
    assert "正常推进" in rollup


def test_without_ledgers_tasks_start_not_started_then_lag(fresh_db, sample_plan_path):
    from duchaban.services.plan_import import commit_plan_import, preview_plan_file

    commit_plan_import(fresh_db, preview_plan_file(fresh_db, sample_plan_path))
    model = SectionTreeModel(fresh_db)
    model.load(plan_id(fresh_db), date(2021, 2, 1))
    assert {node.payload["status"] for node in model.iter_tasks()} == {"not_started"}
    model.load(plan_id(fresh_db), AS_OF)
    assert {node.payload["status"] for node in model.iter_tasks()} == {"lagging"}


def test_unit_tree_lists_roles_lazily(qtmodeltester, sample_db):
    model = UnitTreeModel(sample_db)
    model.load(plan_id(sample_db), AS_OF)
    kinds = children(model)
    assert [k.data() for k in kinds] == ["部门 40 个", "乡镇(街道) 33 个", "管委会 2 个",
                                        "单位组 5 个(非具体单位,任务由成员单位承担)"]
    unit_id = sample_db.execute("SELECT id FROM unit WHERE name = '区发展改革委'").fetchone()[0]
    index = model.unit_index(unit_id)
    assert index.data() == "区发展改革委"
    assert model.canFetchMore(index)
    model.fetchMore(index)
    counts = dict(sample_db.execute("SELECT role, count(*) FROM assignment WHERE unit_id = ? GROUP BY role", [unit_id]))
    expected = [f"{label}({counts[role]})" for role, label in
                (("lead", "牵头"), ("responsible", "责任"), ("cooperating", "配合")) if counts.get(role)]
    assert [c.data() for c in children(model, index)] == expected
    assert sum(counts.values()) == 38  # 区发展改革委 is named in 38 tasks of the sample
    lead_tasks = children(model, model.index(0, 0, index))
    assert all(t.data(TaskIdRole) for t in lead_tasks)
    assert index.siblingAtColumn(1).data() == len(lead_tasks)
    qtmodeltester.check(model)


def test_filter_proxy_keeps_branches_to_matching_tasks(sample_db):
    model = SectionTreeModel(sample_db)
    model.load(plan_id(sample_db), AS_OF)
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    task2 = sample_db.execute("SELECT id FROM task WHERE number = 2").fetchone()[0]
    proxy.set_task_ids({task2})
    part = proxy.index(0, 0)
    assert proxy.rowCount() == 1
    sub = proxy.index(0, 0, part)
    assert proxy.rowCount(sub) == 1
    assert proxy.index(0, 0, sub).data(TaskIdRole) == task2
    proxy.set_task_ids(None)
    proxy.set_statuses({"overdue"})
    assert proxy.rowCount() == 0
    proxy.set_statuses(None)
    assert proxy.rowCount() == 4


def test_unit_tree_shows_each_units_standing_and_groups_apart(sample_db):
    model = UnitTreeModel(sample_db)
    model.load(plan_id(sample_db), AS_OF)

    def standing(name):
        unit_id = sample_db.execute("SELECT id FROM unit WHERE name = ?", [name]).fetchone()[0]
        return model.unit_index(unit_id).siblingAtColumn(UnitTreeModel.COL_STANDING).data()

    # 区财政局 leads or shares five tasks behind schedule and sent no 2021Q2 ledger; 区交通局 sent it late.
    assert standing("区财政局") == "滞后逾期任务 5,台账未报送"
    assert "台账逾期报送" in standing("区交通局")
    assert "未销号问题 1" in standing("区经济信息委")
    assert standing("区政府各部门") == "单位组:情况见各成员单位"


def test_section_tree_cells_carry_their_full_text_as_tooltips(sample_db):
    from PySide6.QtCore import Qt

    model = SectionTreeModel(sample_db)
    model.load(plan_id(sample_db), AS_OF)
    part = model.index(0, 0)
    title = part.data()
    assert part.data(Qt.ItemDataRole.ToolTipRole) in title
    rollup = part.siblingAtColumn(SectionTreeModel.COL_STATUS)
    assert rollup.data(Qt.ItemDataRole.ToolTipRole) == rollup.data() and "正常推进" in rollup.data()
    task = next(model.iter_tasks())
    index = model.createIndex(task.row, SectionTreeModel.COL_LEAD, task)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
