"""An import of returned ledgers says what it wrote (the window redraws from it) and that it is
taken back by a backup, not by an undo step; a dry run or a batch with nothing to import wrote nothing."""

from ledger_files import fill

from duchaban.formats.ledger_import import LEDGER_IMPORT_TABLES, import_submissions
from duchaban.formats.ledger_template import export_templates
from duchaban.store.units import unit_id_by_name
from duchaban.ui.view_tables import TREES, views_to_refresh


def test_the_import_change_names_its_tables_and_is_kept_on_record(sample_db, tmp_path):
    ids = [unit_id_by_name(sample_db, "区科技局")]
    [template] = export_templates(sample_db, plan_id=1, period_code="2021Q3", out_dir=tmp_path / "q3", unit_ids=ids)
    path = fill(template, tmp_path / "a.xlsx")
    assert not import_submissions(sample_db, [path], dry_run=True).change
    result = import_submissions(sample_db, [path], who="测试")
    assert result.committed and result.change.tables == LEDGER_IMPORT_TABLES
    assert not result.change.undoable and result.change.irreversible
    # The reports set the tasks' statuses: the trees redraw.
    assert TREES in views_to_refresh(result.change.tables)
    assert not import_submissions(sample_db, [path], who="测试").change     # the same file again: nothing new
