"""A line of text in the middle of an empty list or tree, saying why it is empty.

A blank view looks like a fault (was the search lost? is the database empty?); a sentence in it
says what happened and what to do. Shown only while the view's model has no rows and a text is set.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyState(QObject):
    """Watches ``view``'s model; ``label`` is the text the user reads over the empty viewport."""

    def __init__(self, view: QAbstractItemView, text: str = ""):
        super().__init__(view)
        self.view = view
        self.label = QLabel(view.viewport())
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #607d8b; padding: 24px")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._text = text
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
            signal.connect(self.update)
        self.update()

    def set_text(self, text: str) -> None:
        self._text = text
        self.update()

    def text(self) -> str:
        return self._text

    def update(self, *_args) -> None:
        self.label.setText(self._text)
        self.label.setGeometry(self.view.viewport().rect())
        self.label.setVisible(bool(self._text) and self.view.model().rowCount() == 0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.label.setGeometry(self.view.viewport().rect())
        return False
