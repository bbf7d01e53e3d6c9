"""Paints the search words highlighted inside an item's text."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtWidgets import QStyledItemDelegate

HIGHLIGHT = "#fff176"


def highlight_html(text: str, words: list[str]) -> str:
    """``text`` as HTML with every occurrence of ``words`` marked (escaped, case-insensitive)."""
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append(f"<span style='background-color:{HIGHLIGHT}'>{escape(m.group(0))}</span>")
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


_NUMBER_PREFIX = re.compile(r"^\d+\.\s")
# Characters kept before the first hit when a long row is cut to show it.
CONTEXT_BEFORE = 8


def hit_context(text: str, words: list[str], fits) -> str:
    """``text`` cut to what ``fits`` (a predicate on a candidate string) with the first search hit
    in view: the row's number kept, "…" where text was left out before the hit or after it."""
    if fits(text):
        return text
    lowered = text.lower()
    hits = [lowered.find(w.lower()) for w in words if w and w.lower() in lowered]
    prefix_match = _NUMBER_PREFIX.match(text)
    prefix = prefix_match.group(0) if prefix_match else ""
    start = max(len(prefix), min(hits) - CONTEXT_BEFORE) if hits else len(prefix)
    body = text[start:]
    lead = prefix + ("…" if start > len(prefix) else "")
    # Drop characters from the end until the row fits; the hit sits near the start, so it stays.
    end = len(body)
    while end > 1 and not fits(lead + body[:end] + ("…" if end < len(body) else "")):
        end -= max(1, (end - 1) // 8)
    return lead + body[:end] + ("…" if end < len(body) else "")


class HighlightDelegate(QStyledItemDelegate):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []

    def paint(self, painter, option, index) -> None:
        text = index.data() or ""
        if not self.words or not any(w.lower() in text.lower() for w in self.words):
            super().paint(painter, option, index)
            return
        # Imported on the first highlighted row, not with the window: setting up QStyle's Python
        # enums alone is ~15 ms of every start, before the window's first paint.
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(opt.font)
        metrics = opt.fontMetrics
        # In a long row the hit may lie past the column's edge: show the text around it instead.
        shown = hit_context(text, self.words, lambda s: metrics.horizontalAdvance(s) <= rect.width() - 4)
        document.setHtml(f"<span style='white-space:pre'>{highlight_html(shown, self.words)}</span>")
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = opt.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.setClipRect(rect)
        painter.translate(QPointF(rect.left() + 2, rect.top() + (rect.height() - document.size().height()) / 2))
        document.documentLayout().draw(painter, context)
        painter.restore()
