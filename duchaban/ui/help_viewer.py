"""The user guide (resources/guide, HTML) in a window: contents, search across every page, the
page with the words found marked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
)

from duchaban.assets import resource_path

INDEX = "index.html"
SNIPPET = 18      # characters of context either side of a hit in the result list


@dataclass(frozen=True)
class GuidePage:
    file: str
    title: str
    text: str        # the page as plain text, for searching


def guide_folder() -> Path:
    return resource_path("guide")


def _plain(html: str) -> str:
    html = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def load_pages(folder: Path | None = None) -> list[GuidePage]:
    """The guide's pages in the order the contents page lists them (contents first)."""
    folder = folder or guide_folder()
    index = (folder / INDEX).read_text(encoding="utf-8")
    files = [INDEX] + [f for f in dict.fromkeys(re.findall(r'href="([\w-]+\.html)"', index)) if f != INDEX]
    pages = []
    for file in files:
        html = (folder / file).read_text(encoding="utf-8")
        title = re.search(r"(?is)<title>(.*?)</title>", html)
        pages.append(GuidePage(file, unescape(title.group(1)).strip() if title else file, _plain(html)))
    return pages


def search_pages(pages: list[GuidePage], words: str) -> list[tuple[GuidePage, str]]:
    """Pages holding every word (space-separated, any case), each with the context of the first."""
    terms = [w.casefold() for w in words.split()]
    found = []
    for page in pages:
        text = page.text.casefold()
        if terms and all(t in text for t in terms):
            at = text.index(terms[0])
            start, end = max(0, at - SNIPPET), at + len(terms[0]) + SNIPPET
            found.append((page, ("…" if start else "") + page.text[start:end] + ("…" if end < len(text) else "")))
    return found


class GuideViewer(QDialog):
    """Not modal: the guide stays open beside the window it explains."""

    def __init__(self, parent=None, page: str = INDEX):
        super().__init__(parent)
        self.setWindowTitle(self.tr("督查办 用户指南"))
        self.resize(1180, 760)     # the guide's pictures are at most 880 pixels wide
        self.pages = load_pages()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("在指南中搜索,如:销号、序时进度、台账模板"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.search)
        self.search_box.textChanged.connect(lambda text: text.strip() or self.show_contents())
        search_button = QPushButton(self.tr("搜索"))
        search_button.clicked.connect(self.search)
        self.back_button = QPushButton(self.tr("后退"))
        self.contents_button = QPushButton(self.tr("目录"))
        self.result_label = QLabel()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._on_item)
        self.browser = QTextBrowser()
        self.browser.setSearchPaths([str(guide_folder())])
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        self.back_button.clicked.connect(self.browser.backward)
        self.contents_button.clicked.connect(lambda: (self.search_box.clear(), self.open_page(INDEX)))
        top = QHBoxLayout()
        for widget in (self.back_button, self.contents_button):
            top.addWidget(widget)
        top.addWidget(self.search_box, 1)
        top.addWidget(search_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.browser)
        splitter.setSizes([250, 930])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.result_label)
        layout.addWidget(splitter, 1)
        self.terms: list[str] = []
        self.show_contents()
        self.open_page(page)

    # --- contents and search ------------------------------------------------------------

    def show_contents(self) -> None:
        self.terms = []
        self.result_label.setText(self.tr("目录"))
        self._fill([(page, "") for page in self.pages])

    def search(self) -> list[tuple[GuidePage, str]]:
        words = self.search_box.text().strip()
        if not words:
            self.show_contents()
            return []
        self.terms = words.split()
        found = search_pages(self.pages, words)
        self.result_label.setText(self.tr("“{w}”:{n} 页").format(w=words, n=len(found)) if found
                                  else self.tr("没有找到“{w}”").format(w=words))
        self._fill(found)
        if found:
            self.list.setCurrentRow(0)
        return found

    def _fill(self, rows) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for page, snippet in rows:
            item = QListWidgetItem(page.title + (f"\n{snippet}" if snippet else ""))
            item.setData(Qt.ItemDataRole.UserRole, page.file)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _on_item(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.open_page(item.data(Qt.ItemDataRole.UserRole))

    # --- pages ---------------------------------------------------------------------------

    def open_page(self, file: str) -> None:
        self.browser.setSource(QUrl(file))
        self.mark_terms()

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        else:
            self.browser.setSource(url)
            self.mark_terms()

    def mark_terms(self) -> int:
        """Mark every place the searched words appear on the page shown; scroll to the first."""
        marks = []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe082"))
        document = self.browser.document()
        for term in self.terms:
            cursor = document.find(term, 0)
            while not cursor.isNull():
                selection = QTextEdit.ExtraSelection()
                selection.cursor, selection.format = cursor, fmt
                marks.append(selection)
                cursor = document.find(term, cursor, QTextDocument.FindFlag(0))
        self.browser.setExtraSelections(marks)
        if marks:
            first = QTextCursor(marks[0].cursor)
            first.clearSelection()
            self.browser.setTextCursor(first)
            self.browser.ensureCursorVisible()
        return len(marks)
