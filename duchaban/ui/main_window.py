"""The main window: plan tree and unit tree on the left, task detail on the right.

The store's queries are imported inside the methods that run them: the window is painted before
any database is opened (ui/startup.py), and importing them here would put them before that paint.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from duchaban import __version__
from duchaban.core.errors import DuchabanError
from duchaban.core.notice_formats import NOTICE_FORMATS_TEXT
from duchaban.core.status import STATUS_CODES, STATUS_LABELS
from duchaban.ui.database_switch import DatabaseSwitch
from duchaban.ui.hub_sync import HubSync
from duchaban.ui.job_runner import Job
from duchaban.ui.models.roles import TaskIdRole, UnitIdRole
from duchaban.ui.models.section_tree import SectionTreeModel
from duchaban.ui.models.task_filter import TaskFilterProxy
from duchaban.ui.models.unit_tree import UnitTreeModel
from duchaban.ui.operations import database, directory, guide, inspections, ledgers, overview, plans, reports
from duchaban.ui.operations.context import OperationContext
from duchaban.ui.plan_actions import enable_plan_actions
from duchaban.ui.tamper_warning import TamperWarning
from duchaban.ui.undo import EditHistory
from duchaban.ui.view_tables import DETAIL, OVERVIEW, STANDING, TREES, views_to_refresh
from duchaban.ui.views.empty_state import EmptyState
from duchaban.ui.views.filter_bar import FilterBar
from duchaban.ui.views.highlight_delegate import HighlightDelegate
from duchaban.ui.views.status_legend import StatusLegend
from duchaban.ui.views.task_detail import TaskDetailView

if TYPE_CHECKING:
    from sqlite_utils import Database

    from duchaban.core.changes import ChangeSet
    from duchaban.ui.instance_lock import DatabaseLock

SEARCH_DELAY_MS = 200
PLAN_COMBO_MAX_WIDTH = 520


def _tree_view(model, parent=None) -> QTreeView:
    view = QTreeView(parent)
    view.setModel(model)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    for column, width in ((1, 130), (2, 96), (3, 250)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(column, width)
    return view


class StartPage(QWidget):
    """Shown while the database holds no plan: import one, or load the demo data."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch()
        title = QLabel(self.tr("数据库中还没有目标任务分解方案"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold")
        self.hint = hint = QLabel()
        self.import_button = QPushButton(self.tr("导入分解方案…"))
        self.demo_button = QPushButton(self.tr("载入示例数据(梁平区 2021 年方案)"))
        self.setup_button = QPushButton(self.tr("设置本区(本办名称、单位名录、分解方案)…"))
        for widget in (title, hint, self.setup_button, self.import_button, self.demo_button):
            layout.addWidget(widget, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        self.offer_demo(None)

    def offer_demo(self, refusal: str | None) -> None:
        """The demo only fills a database without the district's own data; otherwise say why it is off."""
        self.demo_button.setEnabled(refusal is None)
        self.demo_button.setToolTip(refusal or "")
        text = (self.tr("请先导入本年度的分解方案({formats}),或载入示例数据熟悉软件。") if refusal is None
                else self.tr("请导入本年度的分解方案({formats})。"))
        self.hint.setText(text.format(formats=NOTICE_FORMATS_TEXT))


class MainWindow(QMainWindow):
    """The window: layout, models, filtering and selection, the database it shows. What the menus do lives in
    ui/operations: each menu action is a function given the context this window builds (``context()``)."""

    def __init__(self, db: Database | None, db_path: Path, settings: QSettings | None = None,
                 operator: str | None = None, lock: DatabaseLock | None = None, parent=None):
        """``db`` None: the window waits, menus off, for ``attach_database`` (see ui/startup.py)."""
        super().__init__(parent)
        self.settings = settings or QSettings()
        self.databases = DatabaseSwitch(self, db=db, path=Path(db_path), lock=lock, settings=self.settings,
                                        parent=self)
        self.operator = operator
        self.plan_id: int | None = None
        self.overview = None            # the overview page, built on first use
        self._page_restored = False
        self.undo_stack = QUndoStack(self)
        self.history = EditHistory(self.undo_stack, self.show_error, database=lambda: self.db,
                                   operator=lambda: self.operator)
        self.history.changed.connect(self.show_change)
        self._update_title()

        self.section_model = SectionTreeModel(db, self)
        self.section_proxy = TaskFilterProxy(self)
        self.section_proxy.setSourceModel(self.section_model)
        self.unit_model = UnitTreeModel(db, self)
        self.unit_proxy = TaskFilterProxy(self)
        self.unit_proxy.setSourceModel(self.unit_model)

        self._build_widgets()
        self._build_actions()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        if db is None:
            self._set_waiting(self.tr("正在打开数据库 {name}……").format(name=self.db_path.name))
        else:
            self.reload()
        self._restore_state()
        self._update_title()

    # The database file is the switch's (ui/database_switch.py); the window reads it from there.

    @property
    def db(self) -> Database | None:
        return self.databases.db

    @property
    def db_path(self) -> Path:
        return self.databases.path

    @property
    def lock(self) -> DatabaseLock | None:
        return self.databases.lock

    @property
    def outside_changes(self):
        return self.databases.outside_changes

    # --- construction -------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.section_view = _tree_view(self.section_proxy)
        self.unit_view = _tree_view(self.unit_proxy)
        for column in (1, 2, 3):
            self.unit_view.setColumnWidth(column, 56)
        self.unit_view.setColumnWidth(UnitTreeModel.COL_STANDING, 240)
        self.highlighter = HighlightDelegate(self)
        for view in (self.section_view, self.unit_view):
            view.setItemDelegateForColumn(0, self.highlighter)
        self.tree_empty_states = (EmptyState(self.section_view), EmptyState(self.unit_view))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.section_view, self.tr("按部分"))
        self.tabs.addTab(self.unit_view, self.tr("按单位"))
        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self.apply_filters)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.tabs, 1)
        self.detail = TaskDetailView()
        self.detail.unitActivated.connect(self.show_unit)
        self.detail.entryEvidenceRequested.connect(lambda uuid: self.report_evidence_dialog(uuid).exec())
        self.detail.evidenceRequested.connect(self.open_evidence)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.start_page = StartPage()
        self.start_page.demo_button.clicked.connect(self._op(plans.load_demo))
        self.start_page.setup_button.clicked.connect(self.start_first_run)
        self.start_page.import_button.clicked.connect(self._op(plans.import_plan))
        self.waiting_page = QLabel()
        # Near the top, not centred: the questions asked while opening (passphrase, operator) are
        # centred over the window and hid the line saying what is being opened.
        self.waiting_page.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.waiting_page.setContentsMargins(0, 48, 0, 0)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.waiting_page)
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)

        self.section_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.unit_view.selectionModel().currentChanged.connect(self._on_current_changed)

        self.count_label = QLabel()
        self.as_of_label = QLabel()
        self.operator_label = QLabel()
        self.statusBar().addWidget(self.count_label, 1)
        # Hidden explicitly while a message shows: QStatusBar hides it only implicitly, and showing
        # the window again (a message given while it was hidden) drew both texts over each other.
        self.statusBar().messageChanged.connect(lambda message: self.count_label.setVisible(not message))
        self.statusBar().addPermanentWidget(self.operator_label)
        self.statusBar().addPermanentWidget(self.as_of_label)
        self.hub_sync = HubSync(self)
        self.tamper_warning = TamperWarning(self)

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _plan_action(self, text: str, slot, shortcut=None) -> QAction:
        """An action that needs a plan: disabled, with the reason, while there is none."""
        action = self._action(text, slot, shortcut)
        self.plan_actions.append(action)
        return action

    def _op(self, operation, *args):
        """A slot running ``operation`` with a context taken when it is triggered."""
        return lambda: operation(self.context(), *args)

    def _build_actions(self) -> None:
        self.plan_actions: list[QAction] = []
        self._build_file_menu()
        self._build_edit_menu()
        self._build_inspection_menu()
        self._build_ledger_menu()
        self._build_report_menu()
        self._build_directory_menu()
        self._build_view_menu()
        self._build_help_menu()
        self._build_toolbars()

    def _build_file_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.import_action = self._action(self.tr("导入分解方案(&I)…"), self._op(plans.import_plan),
                                          QKeySequence("Ctrl+I"))
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(self.tr("打开数据库(&O)…"), self._op(database.choose_database), QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu(self.tr("最近打开(&R)"))
        self.recent_menu.aboutToShow.connect(lambda: self.databases.fill_recent_menu(self.recent_menu))
        file_menu.addAction(self._action(self.tr("从备份恢复(&B)…"), self._op(database.restore_from_backup)))
        file_menu.addAction(self._action(self.tr("与办公室同步(&Y)…"), lambda: self.hub_sync.ask_and_sync()))
        file_menu.addAction(self._action(self.tr("外勤交换包(&W)…"), self._op(database.open_field_exchange)))
        file_menu.addAction(self._action(self.tr("加密 / 解除加密(&K)…"),
                                         self._op(database.encrypt_current_database)))
        file_menu.addAction(self._action(self.tr("统计截止日期(&T)…"), self._op(database.ask_as_of_date)))
        file_menu.addAction(self._action(self.tr("设置本区(&S)…"), self.start_first_run))
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("切换操作人员(&U)…"), self._op(directory.switch_operator)))
        file_menu.addSeparator()
        self.quit_action = self._action(self.tr("退出(&X)"), self.close, QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit_action)

    def _build_edit_menu(self) -> None:
        edit_menu = self.menuBar().addMenu(self.tr("编辑(&E)"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        # Ctrl+Y as well as the platform's redo key; a key bound twice would trigger nothing.
        redo_keys = {k.toString(): k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)}
        redo_keys.setdefault("Ctrl+Y", QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(list(redo_keys.values()))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.edit_task_action = self._plan_action(self.tr("编辑任务(&T)…"), self._op(plans.edit_current_task),
                                             QKeySequence("Ctrl+E"))
        edit_menu.addAction(self.edit_task_action)

    def _build_inspection_menu(self) -> None:
        inspection_menu = self.menuBar().addMenu(self.tr("督查(&I)"))
        self.record_inspection_action = self._action(
            self.tr("记录督查(&N)…"), self._op(inspections.record_inspection), QKeySequence("Ctrl+N"))
        inspection_menu.addAction(self.record_inspection_action)
        inspection_menu.addAction(self._action(self.tr("问题整改跟踪(&F)…"), self._op(inspections.open_findings)))
        inspection_menu.addAction(
            self._plan_action(self.tr("督查计划与记录(&P)…"), self._op(inspections.open_inspections)))
        inspection_menu.addAction(
            self._plan_action(self.tr("随机抽查(双随机)(&D)…"), self._op(inspections.open_random_draw)))

    def _build_ledger_menu(self) -> None:
        ledger_menu = self.menuBar().addMenu(self.tr("台账(&L)"))
        self.export_templates_action = self._plan_action(self.tr("导出台账模板(&E)…"),
                                                    self._op(ledgers.export_ledger_templates), QKeySequence("Ctrl+T"))
        ledger_menu.addAction(self.export_templates_action)
        self.import_submissions_action = self._plan_action(self.tr("导入报送的台账(&I)…"),
                                                      self._op(ledgers.import_submissions), QKeySequence("Ctrl+L"))
        ledger_menu.addAction(self.import_submissions_action)
        ledger_menu.addAction(
            self._plan_action(self.tr("报送情况与催办(&S)…"), self._op(ledgers.open_submission_status)))

    def _build_report_menu(self) -> None:
        report_menu = self.menuBar().addMenu(self.tr("通报考核(&R)"))
        self.bulletin_action = self._plan_action(self.tr("督查通报(&B)…"), self._op(reports.open_bulletins),
                                            QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_B))
        report_menu.addAction(self.bulletin_action)
        report_menu.addAction(self._plan_action(self.tr("统计图表(&C)…"), self._op(reports.open_charts)))
        report_menu.addAction(self._plan_action(self.tr("绩效考核(&A)…"), self._op(reports.open_assessment)))

    def _build_directory_menu(self) -> None:
        directory_menu = self.menuBar().addMenu(self.tr("名录(&D)"))
        directory_menu.addAction(self._action(self.tr("单位名录(&U)…"), self._op(directory.open_unit_directory),
                                              QKeySequence("Ctrl+U")))
        directory_menu.addAction(self._action(self.tr("工作人员(&S)…"), self._op(directory.open_staff)))
        directory_menu.addSeparator()
        directory_menu.addAction(self._action(self.tr("导出名录到 Excel(&E)…"),
                                              self._op(directory.export_directory_file)))
        directory_menu.addAction(self._action(self.tr("从 Excel 导入名录(&I)…"),
                                              self._op(directory.import_directory_file)))
        directory_menu.addAction(self._action(self.tr("保存空白名录表格(&B)…"),
                                              self._op(directory.save_blank_directory_file)))

    def _build_view_menu(self) -> None:
        view_menu = self.menuBar().addMenu(self.tr("查看(&V)"))
        view_menu.addAction(self._plan_action(self.tr("督查概览(&O)"), self.show_overview, QKeySequence("Ctrl+1")))
        view_menu.addAction(self._action(self.tr("任务浏览(&T)"), self.show_tasks, QKeySequence("Ctrl+2")))
        view_menu.addAction(self._plan_action(self.tr("全屏展示概览(&F)"), self._op(overview.show_overview_full_screen),
                                         QKeySequence("F11")))

    def _build_help_menu(self) -> None:
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        self.guide_action = self._action(self.tr("用户指南(&G)"), self._op(guide.open_guide),
                                         QKeySequence.StandardKey.HelpContents)
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self._action(self.tr("任务状态判定规则(&S)"),
                                         self._op(guide.open_guide, "status.html")))
        help_menu.addSeparator()
        help_menu.addAction(self._action(self.tr("关于督查办(&A)"), self.show_about))

    def _build_action_toolbar(self) -> None:
        """The everyday steps of the year's cycle (the menus' own actions, with short names), and at
        the right of the same row the colours' legend: the status bar has no room left for it."""
        toolbar = self.action_toolbar = QToolBar(self.tr("常用操作"))
        toolbar.setObjectName("action_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action, short in ((self.import_action, self.tr("导入方案")),
                              (self.export_templates_action, self.tr("导出台账模板")),
                              (self.import_submissions_action, self.tr("导入台账")),
                              (self.record_inspection_action, self.tr("记录督查")),
                              (self.bulletin_action, self.tr("生成通报"))):
            action.setIconText(short)
            action.setToolTip(f"{short}({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
            toolbar.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.legend = StatusLegend()
        self.legend.guideRequested.connect(self._op(guide.open_guide, "status.html"))
        toolbar.addWidget(self.legend)
        self.addToolBar(toolbar)

    def _build_toolbars(self) -> None:
        self._build_action_toolbar()
        self.addToolBarBreak()
        self.toolbar = toolbar = QToolBar(self.tr("工具栏"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        toolbar.addWidget(QLabel(self.tr("方案:")))
        self.plan_combo = QComboBox()
        # As wide as the plan's title (a cut title reads as another plan), up to PLAN_COMBO_MAX_WIDTH;
        # longer titles are elided with the whole title in the tooltip.
        self.plan_combo.setMinimumContentsLength(30)
        self.plan_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.plan_combo.setMaximumWidth(PLAN_COMBO_MAX_WIDTH)
        self.plan_combo.currentTextChanged.connect(self.plan_combo.setToolTip)
        self.plan_combo.currentIndexChanged.connect(self._on_plan_chosen)
        toolbar.addWidget(self.plan_combo)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(self.tr("状态:")))
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("全部"), None)
        for code in STATUS_CODES:
            self.status_combo.addItem(STATUS_LABELS[code], code)
        self.status_combo.currentIndexChanged.connect(self.apply_filters)
        toolbar.addWidget(self.status_combo)
        toolbar.addSeparator()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("搜索任务内容或单位(Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(220)
        self.search_box.setMaximumWidth(420)
        self.search_box.textChanged.connect(lambda: self._search_timer.start())
        toolbar.addWidget(self.search_box)
        find = QAction(self.tr("查找"), self, shortcut=QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))
        self.addAction(find)

    # --- loading -------------------------------------------------------------------

    def _set_waiting(self, message: str | None) -> None:
        """``message`` in place of the views, menus off, while there is no database to show (opening
        it, rewriting it); None: back to work."""
        waiting = message is not None
        self.menuBar().setEnabled(not waiting)
        self.toolbar.setEnabled(not waiting)
        self.action_toolbar.setEnabled(not waiting)
        if waiting:
            self.waiting_page.setText(message)
            self.stack.setCurrentWidget(self.waiting_page)
            self.count_label.setText(message)

    def attach_database(self, db: Database, operator: str | None) -> None:
        """Show ``db`` in a window waiting without one, and let the user work."""
        self.operator = operator
        self.databases.attach(db)

    # --- the DatabaseView the switch draws through ------------------------------------

    def show_database(self) -> None:
        """Point the window and its models at the switch's database and show it afresh."""
        self.plan_id = None
        for model in (self.section_model, self.unit_model):
            model.set_database(self.db)
        self.undo_stack.clear()
        self._update_title()
        self.reload()
        self.tamper_warning.start()     # the plan is on screen: look for changes made outside the program

    def forget_database(self, message: str) -> None:
        for model in (self.section_model, self.unit_model):
            model.set_database(None)
        self.plan_id = None
        self.detail.show_nothing()
        self._set_waiting(message)

    def database_reopened(self) -> None:
        self._set_waiting(None)
        self.hub_sync.schedule()        # on start: fetch what others did while this window was closed

    def database_changed_outside(self) -> None:
        """Another program (the command line beside the window) committed to the database."""
        self.refresh()
        self.statusBar().showMessage(self.tr("其他程序(如命令行)修改了数据库,已刷新显示"), 8000)

    def show_status(self, message: str, ms: int) -> None:
        self.statusBar().showMessage(message, ms)

    def reload(self) -> None:
        """Re-read plans and rebuild the models (after an import or a change of database)."""
        from duchaban.store.browse import list_plans

        plans = list_plans(self.db)
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for plan in plans:
            label = plan["title"] if str(plan["year"]) in plan["title"] else f"{plan['year']}年 {plan['title']}"
            self.plan_combo.addItem(label, plan["id"])
        self.plan_combo.blockSignals(False)
        self.plan_combo.setEnabled(len(plans) > 1)
        if self.plan_id not in [p["id"] for p in plans]:
            self.plan_id = plans[0]["id"] if plans else None
        if self.plan_id is not None:
            self.plan_combo.setCurrentIndex(self.plan_combo.findData(self.plan_id))
        enable_plan_actions(self.plan_actions, self.plan_id is not None)
        self.plan_combo.setToolTip(self.plan_combo.currentText())    # filled with its signals blocked
        overview = self.overview_shown()
        self.stack.setCurrentWidget(self.splitter if self.plan_id else self.start_page)
        if not self.plan_id:
            from duchaban.services.demo import demo_refusal

            self.start_page.offer_demo(demo_refusal(self.db))
        self._load_plan()
        if (overview or self.overview_was_last_shown()) and self.plan_id:
            self.show_overview()
        self.outside_changes.mark_seen()

    def _load_plan(self) -> None:
        from duchaban.store.browse import plan_counts
        from duchaban.store.settings import OFFICE_NAME, as_of_date, get_setting

        today = as_of_date(self.db)
        self.section_model.load(self.plan_id, today)
        self.unit_model.load(self.plan_id, today)
        self.section_view.expandToDepth(0)
        self.detail.show_nothing()
        self._fill_filter_choices()
        self.apply_filters()
        office = get_setting(self.db, OFFICE_NAME) or ""
        self.as_of_label.setText(f"{office}  统计截止 {today.isoformat()}")
        if self.plan_id is None:
            self.count_label.setText(self.tr("尚无分解方案"))
        else:
            counts = plan_counts(self.db, self.plan_id)
            self.count_label.setText(
                self.tr("任务 {tasks} 项 · 责任单位 {units} 个 · 部分/子部分 {sections} 个").format(**counts))

    def refresh(self) -> None:
        """Reload after an edit, undo or redo, keeping the task in view selected."""
        current = self.current_task_id()
        self.reload()
        if current is not None:
            self.select_task_id(current)
        self.hub_sync.schedule()        # a change here: send it to the office when the hub is in reach

    def show_change(self, change: ChangeSet) -> None:
        """Redraw what an edit, undo or redo touched: the trees only when it touched what they show."""
        views = views_to_refresh(change.tables)
        if TREES in views:
            self.refresh()
            return
        if DETAIL in views:
            view = self.tabs.currentWidget()
            if isinstance(view, QTreeView) and view.currentIndex().isValid():
                self._on_current_changed(view.currentIndex(), QModelIndex())
        if STANDING in views:
            self.unit_model.forget_standings()
        if OVERVIEW in views and self.overview_shown():
            self.show_overview()
        if views:
            self.hub_sync.schedule()

    def context(self) -> OperationContext:
        """What a user action gets (ui/operations): taken afresh each time one is triggered."""
        return OperationContext(
            db=self.db, db_path=self.db_path, operator=self.operator, plan_id=self.plan_id, parent=self,
            history=self.history, task_id=self.current_task_id(), unit_id=self.current_unit_id(),
            report=self.report_change, status=self.statusBar().showMessage, show_plan=self.show_plan,
            set_operator=self.set_operator, open_database=self.databases.open_file,
            run_on_closed_database=self.databases.run_closed, run_job=self.run_job, latest=self.context)

    def start_first_run(self):
        """The set-up wizard (ui/startup.py opens it on a new database); kept to be raised again."""
        self.first_run_wizard = directory.start_first_run(self.context())
        return self.first_run_wizard

    def set_operator(self, name: str | None) -> None:
        self.operator = name
        self.settings.setValue("operator", name or "")
        self._update_title()

    def show_plan(self, plan_id: int | None) -> None:
        """Re-read the plans and show ``plan_id`` (one just imported)."""
        self.plan_id = plan_id
        self.reload()

    def report_change(self, change: ChangeSet | None) -> None:
        """Redraw after a write: what its change set touched, or everything when it has none."""
        if change is None:
            self.refresh()
        else:
            self.show_change(change)

    def current_unit_id(self) -> int | None:
        """The unit selected in the unit tab (None on the section tab)."""
        if self.tabs.currentWidget() is not self.unit_view:
            return None
        return self.unit_view.currentIndex().siblingAtColumn(0).data(UnitIdRole)

    def current_task_id(self) -> int | None:
        view = self.tabs.currentWidget()
        index = view.currentIndex() if isinstance(view, QTreeView) else QModelIndex()
        return index.siblingAtColumn(0).data(TaskIdRole) if index.isValid() else None

    def _fill_filter_choices(self) -> None:
        from duchaban.store.browse import section_rows, unit_rows

        if self.plan_id is None:
            self.filter_bar.set_choices([], [])
            return
        units = [(u["id"], u["name"]) for u in unit_rows(self.db, plan_id=self.plan_id)
                 if u["lead_count"] or u["responsible_count"] or u["cooperating_count"]]
        sections = [(s["id"], ("    " if s["level"] == 2 else "") + s["numeral"] + s["title"])
                    for s in sorted(section_rows(self.db, self.plan_id), key=lambda r: r["path_key"].split("."))]
        self.filter_bar.set_choices(units, sections)

    def _on_plan_chosen(self, index: int) -> None:
        plan_id = self.plan_combo.itemData(index)
        if plan_id is not None and plan_id != self.plan_id:
            self.plan_id = plan_id
            self._load_plan()
            if self.overview_shown():
                self.show_overview()

    # --- the overview page ---------------------------------------------------------

    def show_overview(self) -> None:
        """Put the overview in place of the task views, with figures as of now."""
        from duchaban.ui.views.overview import OverviewPage

        if not self.has_plan():
            return
        if self.overview is None:
            self.overview = OverviewPage()
            self.overview.taskActivated.connect(self._overview_task)
            self.overview.unitActivated.connect(self.show_unit_in_tasks)
            self.overview.fullScreenRequested.connect(self._op(overview.show_overview_full_screen))
            self.stack.addWidget(self.overview)
        self.overview.set_figures(overview.overview_figures(self.context()))
        self.stack.setCurrentWidget(self.overview)

    def overview_was_last_shown(self) -> bool:
        """True once, on the first plan shown, when the window was closed on the overview."""
        if self._page_restored or self.plan_id is None:
            return False
        self._page_restored = True
        return self.settings.value("main/overview") in (True, "true")

    def overview_shown(self) -> bool:
        return self.overview is not None and self.stack.currentWidget() is self.overview

    def show_tasks(self) -> None:
        """Back from the overview to the task views."""
        if self.plan_id is not None:
            self.stack.setCurrentWidget(self.splitter)

    def _overview_task(self, task_id: int) -> None:
        self.show_tasks()
        self.select_task_id(task_id)

    def show_unit_in_tasks(self, unit_id: int) -> None:
        self.show_tasks()
        self.show_unit(unit_id)

    # --- filtering and selection -----------------------------------------------------

    def search_words(self) -> list[str]:
        return self.search_box.text().split()

    def apply_filters(self) -> None:
        from duchaban.store.browse import filter_task_ids
        from duchaban.store.search import search_task_ids

        self._search_timer.stop()
        text = self.search_box.text().strip()
        ids = search_task_ids(self.db, text, plan_id=self.plan_id) if text else None
        if self.plan_id is not None:
            chosen = filter_task_ids(self.db, plan_id=self.plan_id, **self.filter_bar.values())
            if chosen is not None:
                ids = chosen if ids is None else [i for i in ids if i in chosen]
        self.highlighter.words = self.search_words()
        status = self.status_combo.currentData()
        for proxy in (self.section_proxy, self.unit_proxy):
            proxy.set_task_ids(ids)
            proxy.set_statuses(None if status is None else {status})
        if ids is not None or status is not None:
            self.section_view.expandAll()
            self.unit_view.expandAll()
            shown = len(ids) if ids is not None else None
            if shown is not None:
                self._found_message = self.tr("找到 {n} 项任务").format(n=shown)
                self.statusBar().showMessage(self._found_message, 5000)
        elif self.statusBar().currentMessage() == getattr(self, "_found_message", None):
            self.statusBar().clearMessage()     # the count of a search just cleared is stale
        self._show_why_empty(text)
        if not self.tabs.currentWidget().currentIndex().isValid():
            self.detail.show_nothing()      # what it showed may have just been filtered away

    def _show_why_empty(self, text: str) -> None:
        """A blank tree after a search says so, rather than looking like lost tasks."""
        if text:
            why = self.tr("没有找到与“{t}”相符的任务\n清空搜索框或更改筛选条件可显示全部任务").format(t=text)
        else:
            why = self.tr("没有符合筛选条件的任务\n更改上方的筛选条件可显示全部任务")
        for empty in self.tree_empty_states:
            empty.set_text(why if self.section_proxy.active or self.unit_proxy.active else "")

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        from duchaban.store.browse import unit_detail

        index = current.siblingAtColumn(0)
        task_id, unit_id = index.data(TaskIdRole), index.data(UnitIdRole)
        if task_id is not None:
            self.show_task(task_id)
        elif unit_id is not None:
            unit = unit_detail(self.db, unit_id=unit_id, plan_id=self.plan_id)
            if unit is not None:
                unit["standing"] = self.unit_model.standing(unit_id)
                self.detail.show_unit(unit)

    def show_task(self, task_id: int) -> None:
        from duchaban.store.browse import known_on, task_detail, task_verdict

        detail = task_detail(self.db, task_id)
        if detail is None:
            self.detail.show_nothing()
            return
        known_on(self.db, [detail], self.section_model.today)
        self.detail.show_task(detail, task_verdict(detail, self.section_model.today), self.search_words())

    def report_evidence_dialog(self, entry_uuid: str):
        """The evidence dialog for one ledger report (photos or papers a unit sent with it); the
        task shown is refreshed when files are added."""
        from duchaban.core.periods import period_text
        from duchaban.store.ledgers import report_summary
        from duchaban.ui.dialogs.evidence import EvidenceDialog

        report = report_summary(self.db, entry_uuid)
        title = self.tr("任务 {n} · {u} · {p} 台账").format(
            n=report["task_number"], u=report["unit_name"], p=period_text(report["period_code"]))
        dialog = EvidenceDialog(self.db, owner_kind="progress_entry", owner_uuid=entry_uuid, title=title,
                                operator=self.operator, parent=self)
        dialog.added.connect(lambda: self.current_task_id() and self.show_task(self.current_task_id()))
        return dialog

    def show_unit(self, unit_id: int) -> None:
        """Switch to the unit tab with the unit selected and expanded."""
        self.tabs.setCurrentWidget(self.unit_view)
        source = self.unit_model.unit_index(unit_id)
        index = self.unit_proxy.mapFromSource(source)
        if index.isValid():
            self.unit_view.setCurrentIndex(index)
            self.unit_view.expand(index)
            self.unit_view.scrollTo(index)

    def select_task(self, number: int) -> bool:
        """Select task ``number`` of the current plan in the section tree."""
        return self._select_task_where(lambda node: node.payload["number"] == number)

    def select_task_id(self, task_id: int) -> bool:
        return self._select_task_where(lambda node: node.key == task_id)

    def _select_task_where(self, wanted) -> bool:
        for node in self.section_model.iter_tasks():
            if wanted(node):
                source = self.section_model.createIndex(node.row, 0, node)
                index = self.section_proxy.mapFromSource(source)
                if index.isValid():
                    self.tabs.setCurrentWidget(self.section_view)
                    self.section_view.setCurrentIndex(index)
                    self.section_view.scrollTo(index)
                    return True
        return False

    # --- actions ---------------------------------------------------------------------

    def has_plan(self) -> bool:
        """Whether a plan is open; if not, the status bar says to import one (for actions that need it)."""
        if self.plan_id is None:
            self.statusBar().showMessage(self.tr("请先导入分解方案"), 5000)
            return False
        return True

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("督查办"), message)

    def open_evidence(self, path: str):
        """A close-out's evidence linked from the task pane: opened, or fetched from the hub first."""
        from duchaban.ui.evidence_open import open_evidence

        return open_evidence(self, self.db, path)

    def run_job(self, fn, *args, title: str, done, failed=None, cancellable: bool = True) -> Job:
        """Run ``fn(db_path, *args)`` off the GUI thread with a progress dialog; errors are shown
        (or handed to ``failed``)."""
        job = Job(fn, self.db_path, *args, title=title, parent=self, cancellable=cancellable)
        job.done.connect(done)
        job.failed.connect(failed or self.show_error)
        self._jobs = [j for j in getattr(self, "_jobs", []) if j.dialog is not None] + [job]
        return job.start()

    def _update_title(self) -> None:
        self.setWindowTitle(self.tr("督查办") + f" — {self.db_path.name}")
        if hasattr(self, "operator_label"):
            self.operator_label.setText(self.tr("操作人员:{n}").format(n=self.operator or self.tr("未指定")))

    def show_about(self) -> None:
        QMessageBox.about(
            self, self.tr("关于督查办"),
            self.tr("<h3>督查办 {version}</h3><p>区政府工作报告目标任务督查:分解方案、工作台账、督查检查、"
                    "整改销号、督查通报与绩效考核。</p><p>数据库:{path}</p>").format(
                version=__version__, path=self.db_path),
        )

    # --- window state ----------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)
        for key, view in (("main/section_header", self.section_view), ("main/unit_header", self.unit_view)):
            header = self.settings.value(key)
            if isinstance(header, QByteArray):
                view.header().restoreState(header)
        splitter = self.settings.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([760, 520])

    def closeEvent(self, event) -> None:
        self._search_timer.stop()
        self.databases.stop()
        self.hub_sync.stop()
        try:
            if self.db is not None:     # None: closed before the database was opened
                from duchaban.store.backup import backup_if_changed

                backup_if_changed(self.db, reason="exit")
        except DuchabanError as exc:  # a full disk must not trap the user in the window
            self.statusBar().showMessage(str(exc))
        # The stack announces its clearing when it is destroyed; nothing should reload then.
        self.undo_stack.blockSignals(True)
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/splitter", self.splitter.saveState())
        self.settings.setValue("main/overview", self.overview_shown())
        self.settings.setValue("main/section_header", self.section_view.header().saveState())
        self.settings.setValue("main/unit_header", self.unit_view.header().saveState())
        super().closeEvent(event)
