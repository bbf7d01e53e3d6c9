"""Every place that tells the user which notice files may be imported names every format the
importer reads (core.notice_formats), PDF and Excel included."""

import subprocess
import sys

from PySide6.QtWidgets import QLabel

from duchaban.core.notice_formats import NOTICE_FORMATS, NOTICE_FORMATS_TEXT
from duchaban.ui.dialogs.first_run import NoticePage
from duchaban.ui.help_viewer import guide_folder
from duchaban.ui.main_window import StartPage
from duchaban.ui.operations import plans

SUFFIXES = [suffix for _label, suffixes in NOTICE_FORMATS for suffix in suffixes]


def names_every_format(text: str) -> bool:
    return all(suffix in text for suffix in SUFFIXES)


def test_the_list_names_pdf_and_excel():
    assert {".pdf", ".xlsx", ".xls", ".docx", ".txt", ".doc", ".wps"} <= set(SUFFIXES)


def test_start_page_and_wizard_name_every_format(qtbot, fresh_db):
    page = StartPage()
    qtbot.addWidget(page)
    assert [t for t in (w.text() for w in page.findChildren(QLabel)) if NOTICE_FORMATS_TEXT in t]
    wizard_page = NoticePage(fresh_db, None)
    qtbot.addWidget(wizard_page)
    assert names_every_format(wizard_page.subTitle())


def test_import_dialog_names_and_offers_every_format(window, qtbot):
    dialog = plans.plan_import_dialog(window.context())
    qtbot.addWidget(dialog)
    assert names_every_format(dialog.path_edit.placeholderText())


def test_guide_and_command_line_name_every_format():
    for page in ("index.html", "plan.html"):
        assert names_every_format((guide_folder() / page).read_text(encoding="utf-8")), page
    help_text = subprocess.run([sys.executable, "-m", "duchaban", "plan", "--help"], capture_output=True, text=True,
                               encoding="utf-8", timeout=60).stdout
    assert names_every_format(help_text.replace("\n", ""))
