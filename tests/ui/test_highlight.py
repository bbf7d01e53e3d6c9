from duchaban.ui.views.highlight_delegate import highlight_html


def test_highlight_marks_every_word_and_escapes():
    html = highlight_html("建设<数字经济>产业园,发展数字经济", ["数字经济", "产业"])
    assert html.count("background-color") == 3
    assert "&lt;" in html and "<数字" not in html


def test_no_words_means_plain_escaped_text():
    assert highlight_html("a<b", []) == "a&lt;b"
