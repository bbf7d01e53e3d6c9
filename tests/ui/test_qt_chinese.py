"""Qt's own dialogs read Chinese: the file dialog's labels, buttons, columns and file types."""

import re

import pytest
from PySide6.QtCore import QLibraryInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTextBrowser,
    QTextEdit,
    QTreeView,
    QWidget,
)

from duchaban.ui.app import QT_TRANSLATIONS, install_translations

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def _visible_texts(dialog: QWidget) -> set[str]:
    texts: set[str] = set()
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.add(widget.text())
        texts.add(widget.toolTip())
        if isinstance(widget, QComboBox):
            texts |= {widget.itemText(i) for i in range(widget.count())}
        if isinstance(widget, QHeaderView) and widget.orientation().name == "Horizontal":
            model = widget.model()
            texts |= {str(model.headerData(i, widget.orientation())) for i in range(model.columnCount())}
    return {t for t in texts if t}


def test_qt_catalogue_ships_with_pyside():
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    from pathlib import Path
    for name in QT_TRANSLATIONS:
        assert (Path(folder) / f"{name}.qm").is_file()


def test_install_reports_what_it_loaded(qapp):
    assert install_translations(qapp) == list(QT_TRANSLATIONS)


def test_file_dialog_reads_chinese(qtbot, tmp_path):
    (tmp_path / "台账").mkdir()
    (tmp_path / "b.xlsx").write_bytes(b"")
    dialog = QFileDialog(None, "选择文件夹", str(tmp_path), "Excel 文件 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.findChild(QTreeView)
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 2)
    texts = _visible_texts(dialog) - {str(tmp_path), "Excel 文件 (*.xlsx)"}
    # Qt 6.9's catalogue has "查找范围：", later ones "查找范围(&L)：" (Qt added the mnemonics).
    assert {"查找范围(&L)：", "查找范围："} & texts and {"文件类型(&T)：", "文件类型："} & texts
    assert "取消" in texts
    assert not [t for t in texts if ENGLISH_WORD.search(t)], texts
    types = {view.model().index(row, 2, view.rootIndex()).data() for row in range(2)}
    assert "文件夹" in types
    # the file's type comes from the system's MIME names ("Excel 2007 电子表格"): Chinese, not English
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in types), types


def test_standard_buttons_read_chinese(qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消", "关闭"])


def test_the_installer_bundles_the_catalogues_where_the_app_looks():
    import ast
    from pathlib import Path

    spec = (Path(__file__).parents[2] / "installer" / "duchaban.spec").read_text(encoding="utf-8")
    # Run the spec's own two lines that name the catalogues, as PyInstaller would.
    tree = ast.parse(spec)
    wanted = [node for node in tree.body if isinstance(node, ast.Assign)
              and {t.id for t in node.targets if isinstance(t, ast.Name)} & {"QT_TRANSLATIONS_DIR", "QT_CATALOGUES"}]
    namespace = {"Path": Path, "QLibraryInfo": QLibraryInfo}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), "duchaban.spec", "exec"), namespace)
    catalogues = namespace["QT_CATALOGUES"]
    assert {Path(source).stem for source, _ in catalogues} >= set(QT_TRANSLATIONS)
    for source, target in catalogues:
        assert Path(source).is_file() and target == "PySide6/Qt/translations"
    assert "*QT_CATALOGUES" in spec


@pytest.mark.parametrize("make", [lambda: QLineEdit("台账"), lambda: QTextEdit("台账"), lambda: QTextBrowser()])
def test_text_context_menus_read_chinese(qtbot, make):
    widget = make()
    qtbot.addWidget(widget)
    texts = [a.text().split("\t")[0] for a in widget.createStandardContextMenu().actions() if a.text()]
    assert "复制(&C)" in texts
    assert not [t for t in texts if ENGLISH_WORD.search(t)], texts


def test_message_box_buttons_read_chinese(qtbot):
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "督查办", "确定吗?",
                      buttons.Yes | buttons.No | buttons.Save | buttons.Discard | buttons.Retry | buttons.Abort)
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert "是(&Y)" in texts and "否(&N)" in texts
    assert not [t for t in texts if ENGLISH_WORD.search(t)], texts
