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
