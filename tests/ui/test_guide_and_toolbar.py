"""帮助 opens the user guide, which is searchable; the toolbar's everyday actions; the status legend."""

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QToolButton

from duchaban.core.status import SCHEDULE_RULE, STATUS_CODES, STATUS_COLORS, STATUS_LABELS, STATUS_RULES
from duchaban.ui.help_viewer import GuideViewer, guide_folder, load_pages, search_pages
from duchaban.ui.operations import guide

CYCLE = ["导入分解方案", "单位名录", "导出台账模板", "导入台账", "督查", "整改与销号", "督查通报", "绩效考核"]


def _menu_action(window, menu_title: str, text: str):
    from PySide6.QtWidgets import QMenu

    # The menus as children of the menu bar: QAction.menu() wrappers can outlive their menus in PySide 6.9.
    [menu] = [m for m in window.menuBar().findChildren(QMenu) if m.title() == menu_title]
    [action] = [a for a in menu.actions() if a.text() == text]
    return action


# --- the guide's files ---------------------------------------------------------------------

def test_the_guide_walks_through_the_years_cycle_in_order():
    pages = load_pages()
    titles = [p.title for p in pages]
    cycle = [t for t in titles if re.match(r"^\d ", t)]
    assert [t.split(" ", 1)[1] for t in cycle] == CYCLE
    assert "任务状态判定规则" in titles and titles[0].startswith("目录")


def test_every_page_link_and_picture_exists_and_pictures_are_small():
    folder = guide_folder()
    pictures = set()
    for page in folder.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for link in re.findall(r'href="([^"#:]+)"', html):
            assert (folder / link).is_file(), (page.name, link)
        pictures |= set(re.findall(r'src="([^"]+)"', html))
    assert len(pictures) >= 10
    for picture in pictures:
        path = folder / picture
        assert path.is_file() and path.stat().st_size < 150 * 1024, picture
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_status_page_states_the_rules_the_app_applies():
    text = (guide_folder() / "status.html").read_text(encoding="utf-8")
    for code in STATUS_CODES:
        assert STATUS_RULES[code] in text and STATUS_LABELS[code] in text and STATUS_COLORS[code] in text
    assert SCHEDULE_RULE in text


ALLOWED_LATIN = {"Ctrl", "Excel", "Word", "WPS", "PDF", "PNG", "UTF", "GB", "T", "xlsx", "xls", "docx", "txt",
                 "doc", "wps", "pdf", "et", "dcbx", "backups", "Q", "H", "Z"}


def test_the_guide_is_chinese():
    for page in guide_folder().glob("*.html"):
        html = page.read_text(encoding="utf-8")
        # commands and file names the user types stay as they are typed
        body = re.sub(r"(?is)<head>.*?</head>|<pre>.*?</pre>|<code>.*?</code>|<[^>]+>", " ", html)
        words = {w for w in re.findall(r"[A-Za-z]+", body) if len(w) > 1} - ALLOWED_LATIN     # Ctrl+N, 第N期
        assert not words, (page.name, words)


@pytest.mark.parametrize("words, page", [("序时进度", "status.html"), ("催办", "submissions.html"),
                                         ("核验人", "closeout.html"), ("2021年一季度", "conventions.html"),
                                         ("双随机", "inspections.html"), ("第N期", "bulletin.html")])
def test_search_finds_the_page(words, page):
    found = search_pages(load_pages(), words)
    assert page in [p.file for p, _ in found]
    assert all(words in snippet for _, snippet in found)


def test_search_for_nothing_there_finds_nothing():
    assert search_pages(load_pages(), "不存在的词语组合") == []


def test_the_bundle_carries_the_guide():
    spec = (Path(__file__).parents[2] / "installer" / "duchaban.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "duchaban/_data/resources")' in spec     # the guide is in resources/


# --- in the window -------------------------------------------------------------------------

def test_help_menu_opens_the_guide_and_search_marks_the_word(window, qtbot):
    action = _menu_action(window, "帮助(&H)", "用户指南(&G)")
    action.trigger()
    viewer = window.findChild(GuideViewer)
    qtbot.waitUntil(viewer.isVisible)
    assert viewer.windowTitle() == "督查办 用户指南"
    assert viewer.browser.source() == QUrl("index.html")
    assert "一年的工作流程" in viewer.browser.toPlainText()
    viewer.search_box.setText("序时进度")
    found = viewer.search()
    assert found and viewer.list.count() == len(found)
    assert viewer.browser.source().fileName() == found[0][0].file
    assert "序时进度" in viewer.browser.toPlainText()
    marks = viewer.browser.extraSelections()
    assert marks and all(m.cursor.selectedText() == "序时进度" for m in marks)
    assert "序时进度" in viewer.result_label.text()
    viewer.search_box.setText("没有这个词的指南")
    assert viewer.search() == [] and viewer.list.count() == 0 and "没有找到" in viewer.result_label.text()
    viewer.search_box.clear()
    assert viewer.list.count() == len(viewer.pages)          # back to the contents


def test_guide_links_and_pictures_load_in_the_viewer(window, qtbot):
    viewer = guide.open_guide(window.context())
    viewer.browser.anchorClicked.emit(QUrl("plan.html"))
    assert viewer.browser.source().fileName() == "plan.html"
    image = viewer.browser.loadResource(2, QUrl("images/plan-import.png"))     # QTextDocument.ImageResource
    assert image is not None and not image.isNull()
    viewer.back_button.click()
    assert viewer.browser.source().fileName() == "index.html"


def test_status_rules_menu_opens_the_status_page(window, qtbot):
    _menu_action(window, "帮助(&H)", "任务状态判定规则(&S)").trigger()
    assert window.findChild(GuideViewer).browser.source().fileName() == "status.html"
    assert STATUS_RULES["lagging"] in window.findChild(GuideViewer).browser.toPlainText()


def test_toolbar_carries_the_menus_everyday_actions(window):
    buttons = [b.text() for b in window.action_toolbar.findChildren(QToolButton) if b.defaultAction()]
    assert buttons[:5] == ["导入方案", "导出台账模板", "导入台账", "记录督查", "生成通报"]
    menus = {a for m in window.menuBar().actions() for a in m.menu().actions()}
    for action in window.action_toolbar.actions()[:5]:
        assert action in menus and action.isEnabled()
    assert window.import_submissions_action.toolTip() == "导入台账(Ctrl+L)"


def test_a_toolbar_button_runs_its_step(window, qtbot, monkeypatch):
    from duchaban.ui.dialogs.ledger_export import LedgerExportDialog

    shown = []
    monkeypatch.setattr(LedgerExportDialog, "exec", lambda self: shown.append(self.windowTitle()) or 0)
    [button] = [b for b in window.action_toolbar.findChildren(QToolButton) if b.text() == "导出台账模板"]
    button.click()
    assert shown and shown[0].startswith("导出")


def test_toolbar_waits_with_the_menus(window):
    window._set_waiting("正在打开")
    assert not window.action_toolbar.isEnabled()
    window._set_waiting(None)
    assert window.action_toolbar.isEnabled()


def test_legend_shows_each_colour_with_its_rule(window, qtbot):
    legend = window.legend
    assert legend.isVisible()
    for code in STATUS_CODES:
        chip = legend.chips[code]
        assert STATUS_COLORS[code] in chip.text() and STATUS_LABELS[code] in chip.text()
        assert chip.toolTip() == STATUS_RULES[code]
    legend.rules_button.click()
    popup = legend.popup
    qtbot.waitUntil(popup.isVisible)
    for code in STATUS_CODES:
        assert STATUS_RULES[code] in popup.text.text()
    popup.text.linkActivated.emit("guide:status.html")
    assert not popup.isVisible()
    assert window.findChild(GuideViewer).browser.source().fileName() == "status.html"
