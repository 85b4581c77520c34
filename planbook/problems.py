"""Problems are values: where (file, sheet, cell or line, task, milestone, field), what was
found, what is allowed, and a message in Chinese for the office worker who must fix it.

Every stage collects them instead of raising on the first one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    kind: str  # stable machine code, e.g. "status_invalid"
    message: str  # Chinese, says what is wrong and what to do
    severity: str = ERROR
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

    @property
    def is_error(self) -> bool:
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
        return asdict(self)


def _clip(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


class PlanbookError(Exception):
    """Raised when a stage cannot go on; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem], summary: str = ""):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        head = summary or f"发现 {len(errors)} 个错误"
        lines = [head] + [str(p) for p in errors[:50]]
        if len(errors) > 50:
            lines.append(f"……另有 {len(errors) - 50} 个错误")
        super().__init__("\n".join(lines))


class PlanError(PlanbookError):
    """The plan text could not be read into a model."""
