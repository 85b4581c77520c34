"""Problems are values: where (file, sheet, cell or line, task, milestone, field), what was
found, what is allowed, and a message in Chinese for the office worker who must fix it.

Every stage collects them instead of raising on the first one. Every kind of problem of every
stage is declared once, in :data:`CATALOGUE`, with its stage, usual severity and a short
Chinese title (the 汇总表 names its problem sheets by it); code that finds a problem uses a
catalogued code, and a test fails when it does not. When a stage cannot go on it raises a
:class:`PlanbookError`, the one exception family the command line turns into a message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable

ERROR = "error"
WARNING = "warning"

USAGE = "usage"  # the arguments a command or function is given
WORKSPACE = "workspace"  # the folders and files a command reads and writes
PLAN = "plan"
EXPORT = "export"
COLLECT = "collect"
REPORT = "report"
STAGES = (USAGE, WORKSPACE, PLAN, EXPORT, COLLECT, REPORT)


@dataclass(frozen=True)
class Kind:
    """A kind of problem: a stable code, the stage that finds it, its usual severity (a
    finding may be milder where the code forgives it, e.g. a renamed sheet still read), and
    a short Chinese title."""

    code: str
    stage: str
    severity: str
    title: str


def _kinds(stage: str, severity: str, pairs: str) -> list[Kind]:
    out = []
    for line in pairs.strip().splitlines():
        code, title = line.split()
        out.append(Kind(code, stage, severity, title))
    return out


CATALOGUE: dict[str, Kind] = {k.code: k for k in [
    *_kinds(USAGE, ERROR, """
        quarter_invalid        季度格式不对
        previous_invalid       上一季度文件夹不对
        return_not_found       没有这份回执
        revision_invalid       修订说明有误
        date_invalid           日期格式不对
    """),
    *_kinds(WORKSPACE, ERROR, """
        ledger_unreadable      台账无法读取
        ledger_invalid         台账操作有误
        folder_locked          文件夹正被使用
        folder_unwritable      文件夹不可写
        file_unwritable        文件无法写入
        file_locked            文件被其他程序打开
        disk_full              磁盘已满
        interrupted            已中断
        workspace_plan_differs 方案与工作目录的不同
        office_example         本单位信息仍是示例
    """),
    # reading a plan
    *_kinds(PLAN, ERROR, """
        plan_unreadable        方案无法读取
        plan_empty             没有任务
        task_outside_section   任务在领域之前
        task_number_duplicate  任务序号重复
        task_number_skipped    任务序号跳号
        bracket_unbalanced     括号不成对
        deadline_invalid       完成时限不是日期
        milestone_no_deadline  节点缺完成时限
        task_no_milestone      任务没有节点
        task_no_lead           任务缺牵头单位
        plan_file_empty        方案文件为空
        plan_form_unknown      方案文件格式不能读取
        plan_needs_office      需要另存为docx或xlsx
        mapping_invalid        映射文件有误
        plan_doubtful          方案读取结果可疑
    """),
    *_kinds(PLAN, WARNING, """
        stray_line             多余的行
        deadline_no_year       完成时限缺年份
        table_row_cells        表格行的格数不对
        table_rows_unnumbered  表格各行没有序号
        units_of_items_short   单位句所指任务不足
    """),
    # writing the workbooks
    *_kinds(EXPORT, ERROR, """
        agency_unknown         不是牵头单位
        workbook_has_answers   已下发的表被改动
    """),
    # reading returns: the file as a whole
    *_kinds(COLLECT, ERROR, """
        file_empty             空文件
        file_unreadable        无法打开
        not_xlsx               不是xlsx
        file_truncated         文件不完整
        file_broken            文件损坏
        zip_bomb               压缩炸弹
        xml_entities           XML实体
        encrypted              已加密
        old_xls                旧版xls
        ole_unknown            xls或已加密
        macro_enabled          启用宏
        no_identity            无识别信息
        wrong_plan             其他方案
        wrong_quarter          其他季度
        wrong_layout           其他版式
        master_workbook        总表回传
        unknown_agency         未知单位
        returns_none           没有找到回执
        returns_other_quarter  回执属于其他季度
    """),
    *_kinds(COLLECT, WARNING, """
        identity_conflict      识别信息不一致
    """),
    *_kinds(COLLECT, ERROR, """
        identity_content       识别信息被改动
    """),
    *_kinds(COLLECT, WARNING, """
        nothing_reported       未填写
    """),
    # sheets, rows and cells
    *_kinds(COLLECT, ERROR, """
        sheet_missing          工作表被删除
    """),
    *_kinds(COLLECT, WARNING, """
        sheet_renamed          工作表被改名
        sheet_added            工作表被添加
        return_misfiled       文件名是其他单位
    """),
    *_kinds(COLLECT, ERROR, """
        columns_changed        表头或列被改动
        column_missing         列被删除
        column_inserted        插入的列有内容
    """),
    *_kinds(COLLECT, WARNING, """
        columns_moved          列被插入或移动
    """),
    *_kinds(COLLECT, WARNING, """
        rows_shifted           表头位置移动
    """),
    *_kinds(COLLECT, ERROR, """
        row_deleted            行被删除
        row_inserted           行被插入
    """),
    *_kinds(COLLECT, WARNING, """
        row_moved              行被移动
    """),
    *_kinds(COLLECT, ERROR, """
        row_duplicated         行重复
        not_lead               非牵头单位填报
        readonly_edited        只读单元格被改
    """),
    *_kinds(COLLECT, WARNING, """
        outside_table          表格外有内容
    """),
    *_kinds(COLLECT, ERROR, """
        formula                公式
        status_invalid         状态不在列表中
        merged_across          跨栏合并单元格
    """),
    *_kinds(COLLECT, WARNING, """
        merged_cells           合并单元格
        same_as_above          同上
    """),
    *_kinds(COLLECT, WARNING, """
        status_normalized      状态含空格或全角
    """),
    *_kinds(COLLECT, ERROR, """
        done_without_progress  已完成未写进展
        done_month_missing     已完成未写完成时间
        status_regressed       已完成后退回
        expected_month_missing 滞后未写预计时间
        month_invalid          年月不对
        month_ambiguous        年月有歧义
        text_too_long          文字超长
        control_chars          控制字符
        actual_invalid         完成值不是数字
        actual_out_of_range    完成值超出范围
    """),
    *_kinds(COLLECT, WARNING, """
        value_converted        日期或数字
        month_inferred         年月按写法推断
        done_month_unused      完成时间未采用
        contact_missing        未写填报人
        plan_revised           方案修订前的回执
        return_not_updated     未更新
        review_not_updated     审核退回未更新
        extension_late         延期申请逾期
    """),
    # the office's review (审核表)
    *_kinds(COLLECT, ERROR, """
        review_invalid         审核表有误
        review_other_quarter   其他季度的审核表
        review_edited          审核表只读内容被改
    """),
    *_kinds(COLLECT, WARNING, """
        review_sent_back       审核退回
        review_doubtful        审核存疑
        extension_invalid      延期申请有误
        extension_refused      延期申请未批准
    """),
    # the report
    *_kinds(REPORT, ERROR, """
        settings_invalid       设置有误
        record_missing         缺少汇总结果
        plan_mismatch          汇总结果属于其他方案
        report_needs_office    生成PDF需要LibreOffice
        report_pdf_failed      PDF未能生成
    """),
]}
"""Every kind of problem planbook reports, by code, in the order the 汇总表 lists them."""


def title_of(code: str) -> str:
    """The short Chinese title of a kind (the code itself for a kind no longer catalogued,
    e.g. in an old record)."""
    kind = CATALOGUE.get(code)
    return kind.title if kind else code


@dataclass(frozen=True)
class Problem:
    kind: str  # a code of CATALOGUE, e.g. "status_invalid"
    message: str  # Chinese, says what is wrong and what to do
    severity: str = ""  # ERROR or WARNING; "" takes the kind's usual severity
    file: str = ""
    sheet: str = ""
    cell: str = ""
    line: int = 0
    agency: str = ""
    task_id: str = ""
    milestone_id: str = ""
    field: str = ""
    value: str = ""
    allowed: str = ""

    def __post_init__(self) -> None:
        if not self.severity:
            kind = CATALOGUE.get(self.kind)
            object.__setattr__(self, "severity", kind.severity if kind else ERROR)

    @property
    def is_error(self) -> bool:
        """An error (the value was not read), not a warning."""
        return self.severity == ERROR

    @property
    def where(self) -> str:
        """``文件 2023Q2_市营商局.xlsx，工作表 一、政务环境，单元格 F5，任务 7，节点 7-2``."""
        parts = []
        if self.file:
            parts.append(f"文件 {self.file}")
        if self.line:
            parts.append(f"第 {self.line} 行")
        if self.sheet:
            parts.append(f"工作表 {self.sheet}")
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        if self.task_id:
            parts.append(f"任务 {self.task_id}")
        if self.milestone_id:
            parts.append(f"节点 {self.milestone_id}")
        if self.field:
            parts.append(f"栏目 {self.field}")
        return "，".join(parts)

    def __str__(self) -> str:
        label = "错误" if self.is_error else "提示"
        where = self.where
        text = f"[{label}] {where}：{self.message}" if where else f"[{label}] {self.message}"
        if self.value:
            text += f"（填写内容：{_clip(self.value)}）"
        if self.allowed:
            text += f"（允许：{self.allowed}）"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready data (every field)."""
        return asdict(self)


def _clip(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


class PlanbookNotice(UserWarning):
    """Something the user should know that stops nothing (a chart left out, a record not
    compared). Raised with :func:`warnings.warn`; the command line prints each once as
    ``[提示] …`` and no other warning (a library's) reaches the user."""


class PlanbookError(Exception):
    """Raised when a stage cannot go on; carries every problem found so far. Its text is
    the Chinese message a user reads: a summary and the errors, located."""

    def __init__(self, problems: Iterable[Problem], summary: str = "") -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        if len(errors) == 1 and summary in ("", errors[0].message):
            lines = [str(errors[0])]
        else:
            lines = [summary or f"发现 {len(errors)} 个错误"] + [str(p) for p in errors[:50]]
        if len(errors) > 50:
            lines.append(f"……另有 {len(errors) - 50} 个错误")
        super().__init__("\n".join(lines))


def fail(kind: str, message: str, **where: Any) -> PlanbookError:
    """A PlanbookError of one located problem (``raise fail(...)``)."""
    return PlanbookError([Problem(kind, message, **where)])


class PlanError(PlanbookError):
    """The plan text could not be read into a model."""


class SettingsError(PlanbookError):
    """A settings file (``templates/*.toml`` or ``--config``) or a template is wrong."""

    def __init__(self, message: str, *, file: str = "", kind: str = "settings_invalid") -> None:
        if file and message.startswith(f"{file}："):  # the file is named once, in the location
            message = message[len(file) + 1:]
        super().__init__([Problem(kind, message, file=file)], message)


class RefusedReturn(PlanbookError):
    """A file cannot be read as a return; ``problem`` says why, in Chinese."""

    def __init__(self, problem: Problem) -> None:
        super().__init__([problem], problem.message)
        self.problem = problem
