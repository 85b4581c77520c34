"""The Excel form of a plan: each sheet of an .xlsx as a grid, merged ranges expanded.

python-calamine reads the values and the merged ranges (fast: a 2,000-task sheet in tens of
milliseconds); openpyxl is the fallback for an old calamine without merged ranges. Either
loads only when an .xlsx is read. Real Excel dates stay dates; formulas give their values.
"""

from __future__ import annotations

from pathlib import Path

from planbook.base.problems import PlanError, Problem
from planbook.plans.table import Grid, make_grid


def read_xlsx(path: Path, sheets: list[str] | None = None) -> list[Grid]:
    """The visible sheets of the workbook (or the ones named in ``sheets``), in order."""
    try:
        import python_calamine
    except ImportError:  # pragma: no cover - calamine is a dependency
        return _read_openpyxl(path, sheets)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # a broken or foreign file: say which, never a traceback
        raise _unreadable(path, exc) from None
    metas = book.sheets_metadata
    if metas and not hasattr(book.get_sheet_by_name(metas[0].name), "merged_cell_ranges"):
        return _read_openpyxl(path, sheets)  # pragma: no cover - calamine < 0.3
    names = _pick([m.name for m in metas], [m.name for m in metas if "hidden" not in str(m.visible).lower()], sheets,
                  path)
    grids = []
    for name in names:
        try:
            sheet = book.get_sheet_by_name(name)
            values = sheet.to_python(skip_empty_area=False)
            merges = [((a[0], a[1]), (b[0], b[1])) for a, b in (sheet.merged_cell_ranges or [])]
        except Exception as exc:
            raise _unreadable(path, exc) from None
        grids.append(make_grid([list(row) for row in values], merges, f"工作表“{name}”", sheet=name))
    return grids


def _read_openpyxl(path: Path, sheets: list[str] | None) -> list[Grid]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(str(path), data_only=True)
    except Exception as exc:
        raise _unreadable(path, exc) from None
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    grids = []
    for name in _pick([ws.title for ws in book.worksheets], visible, sheets, path):
        ws = book[name]
        values = [list(row) for row in ws.iter_rows(values_only=True)]
        merges = [((m.min_row - 1, m.min_col - 1), (m.max_row - 1, m.max_col - 1)) for m in ws.merged_cells.ranges]
        grids.append(make_grid(values, merges, f"工作表“{name}”", sheet=name))
    return grids


def _pick(names: list[str], visible: list[str], wanted: list[str] | None, path: Path) -> list[str]:
    if not wanted:
        return visible or names
    missing = [w for w in wanted if w not in names]
    if missing:
        raise PlanError([Problem("mapping_invalid", f"映射文件要读的工作表“{'、'.join(missing)}”不在工作簿中"
                                 f"（有：{'、'.join(names)}）", file=path.name)])
    return [n for n in names if n in wanted]


def _unreadable(path: Path, exc: Exception) -> PlanError:
    return PlanError([Problem("plan_unreadable", f"无法打开这个 Excel 文件（文件损坏、已加密或不是 .xlsx）：{type(exc).__name__}",
                              file=path.name)])
