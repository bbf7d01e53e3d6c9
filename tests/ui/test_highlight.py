from duchaban.ui.views.highlight_delegate import highlight_html


def test_highlight_marks_every_word_and_escapes():
    html = highlight_html("建设<数字经济>产业园,发展数字经济", ["数字经济", "产业"])
    assert html.count("background-color") == 3
    assert "&lt;" in html and "<数字" not in html


def test_no_words_means_plain_escaped_text():
    assert highlight_html("a<b", []) == "a&lt;b"


def test_the_tree_paints_the_search_words_highlighted(window, qtbot):
    from PySide6.QtGui import QColor

    from duchaban.ui.views.highlight_delegate import HIGHLIGHT

    window.resize(1280, 760)
    window.search_box.setText("数字经济")
    window.apply_filters()
    image = window.section_view.viewport().grab().toImage()
    wanted = QColor(HIGHLIGHT).rgb()
    marked = sum(image.pixel(x, y) == wanted for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))
    assert marked > 20      # the word's background, on the rows that matched

    window.search_box.setText("")
    window.apply_filters()
    image = window.section_view.viewport().grab().toImage()
    assert not any(image.pixel(x, y) == wanted for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))


def test_a_hit_past_the_edge_is_shown_in_context():
    from duchaban.ui.views.highlight_delegate import hit_context

    text = "52. " + "推进工业园区基础设施建设" * 4 + "发展数字经济产业"
    fits = lambda s: len(s) <= 24      # noqa: E731 — a column 24 characters wide
    shown = hit_context(text, ["数字经济"], fits)
    assert fits(shown)
    assert shown.startswith("52. …") and "数字经济" in shown
    assert hit_context("52. 短任务", ["短"], fits) == "52. 短任务"


def test_detail_pane_empties_when_the_search_hides_its_task(window):
    window.select_task(47)
    assert "任务 47" in window.detail.toPlainText()
    window.search_box.setText("数字经济")
    window.apply_filters()
    assert "任务 47" not in window.detail.toPlainText()
    assert window.current_task_id() is None


def test_column_widths_are_remembered(qtbot, sample_db_path, settings):
    from duchaban.store.database import open_database
    from duchaban.ui.main_window import MainWindow

    db = open_database(sample_db_path)
    first = MainWindow(db, sample_db_path, settings)
    qtbot.addWidget(first)
    first.section_view.setColumnWidth(1, 211)
    first.close()
    second = MainWindow(db, sample_db_path, settings)
    qtbot.addWidget(second)
    assert second.section_view.columnWidth(1) == 211
