"""The report's charts: horizontal stacked bars of status counts, drawn with matplotlib
(Agg backend, imported only when a chart is drawn) at print resolution, in a worker
process while the document is built.

:func:`chart_specs` says what each chart shows, computed up front from the figures;
:class:`Charts` draws them (matplotlib's import and drawing are most of a report's time)
and hands each PNG over when the document needs it.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
from typing import Any, Mapping, Sequence

from ..layout import BEHIND, DONE, NOT_STARTED, ON_TRACK
from . import gbt9704 as std
from .figures import STATUS_CATEGORIES, UNREPORTED, ReportData
from .settings import Settings

CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UKai CN", "SimHei", "Microsoft YaHei")
PRINT_DPI = 300

STATUS_COLOURS = {
    DONE: "#2e7d32",  # green
    ON_TRACK: "#1f6fb2",  # blue
    BEHIND: "#f0a202",  # amber
    NOT_STARTED: "#c62828",  # red
    UNREPORTED: "#9e9e9e",  # grey: no answer
}


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The first installed CJK font matplotlib knows of, or None (the chart is still drawn;
    Chinese labels then show as boxes)."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in CJK_FONTS if n in names), None)


def stacked_bars(
    labels: Sequence[str],
    counts: Sequence[Mapping[str, int]],
    categories: Sequence[str],
    *,
    width_mm: float = std.TYPE_WIDTH_MM,
    height_mm: float | None = None,
    title: str = "",
    xlabel: str = "",
    dpi: int = PRINT_DPI,
    font_size: float = 9.0,
) -> bytes:
    """A PNG of one horizontal bar per label, stacked by category, first label on top.

    The figure is exactly ``width_mm`` wide at ``dpi`` so it can be placed at full size in
    the type area; the height grows with the number of bars unless given."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    n = max(len(labels), 1)
    if height_mm is None:
        height_mm = min(max(30.0 + 7.0 * n, 55.0), 215.0)
    font = cjk_font()
    rc: dict[str, Any] = {"font.size": font_size, "axes.unicode_minus": False}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    with matplotlib.rc_context(rc):  # type: ignore[arg-type, unused-ignore]  # matplotlib types the keys as a Literal
        width_in, height_in = width_mm / std.MM_PER_INCH, height_mm / std.MM_PER_INCH
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        # margins computed, not solved by constrained layout (a third of the drawing time):
        # labels are CJK, one em per character
        label_pt = font_size if n <= 30 else font_size * 0.8
        label_in = (max((len(str(x)) for x in labels), default=2) * label_pt + 10) / 72
        top_in = (font_size * 2.6 + (font_size * 1.6 if title else 0)) / 72
        bottom_in = (font_size * (3.6 if xlabel else 2.2)) / 72
        fig.subplots_adjust(left=min(label_in / width_in, 0.45), right=0.98,
                            top=1 - top_in / height_in, bottom=bottom_in / height_in)
        ax = fig.add_subplot()
        y = list(range(len(labels)))
        left = [0] * len(labels)
        bar_height = 0.62 if len(labels) < 30 else 0.75
        for cat in categories:
            values = [int(c.get(cat, 0)) for c in counts]
            if not any(values):
                continue
            bars = ax.barh(y, values, left=left, height=bar_height, label=cat,
                           color=STATUS_COLOURS.get(cat), edgecolor="white", linewidth=0.4)
            if len(labels) <= 30:
                texts = [str(v) if v else "" for v in values]
                ax.bar_label(bars, labels=texts, label_type="center", color="white",
                             fontsize=font_size * 0.85)
            left = [a + b for a, b in zip(left, values)]
        ax.set_yticks(y, list(labels))
        ax.set_ylim(len(labels) - 0.5, -0.5)  # first label on top, no empty band
        ax.tick_params(axis="y", labelsize=font_size if n <= 30 else font_size * 0.8, length=0)
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.grid(True, color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        ax.set_xlim(0, max(max(left, default=0), 1) * 1.02)
        if xlabel:
            ax.set_xlabel(xlabel)
        if title:
            ax.set_title(title, fontsize=font_size * 1.15)
        drawn = len(ax.containers)
        if drawn:
            ax.legend(ncols=drawn, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                      frameon=False, fontsize=font_size * 0.9, handlelength=1.2,
                      columnspacing=1.2)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})  # speed over bytes
    return buf.getvalue()


ChartSpec = tuple[list[str], list[dict[str, int]], dict[str, Any]]
"""(labels, counts per label, drawing options): what :func:`stacked_bars` is called with."""

SECTIONS_WIDTH_MM = std.TYPE_WIDTH_MM  # in the body: the type area's width
AGENCIES_WIDTH_MM = std.LANDSCAPE_WIDTH_MM  # in the landscape attachment


def chart_width_mm(key: str) -> float:
    return AGENCIES_WIDTH_MM if key == "agencies" else SECTIONS_WIDTH_MM


def chart_specs(data: ReportData, settings: Settings) -> dict[str, ChartSpec]:
    """What each chart shows: key -> (labels, counts per label, drawing options). Computed
    up front so the charts can be drawn in another process while the document is built."""
    specs: dict[str, ChartSpec] = {}
    if data.total.due:  # nothing due yet: an empty chart says nothing
        labels = [s.short_title for s, _, _ in data.sections]
        specs["sections"] = (labels, [st.by_category() for _, st, _ in data.sections],
                             {"width_mm": SECTIONS_WIDTH_MM, "height_mm": min(28 + 10 * len(labels), 150)})
    agencies = [a for a in data.agencies if a.stats.due]
    limit = settings.body.chart_max_agencies
    agencies = sorted(agencies, key=lambda a: -a.stats.due)[:limit] if len(agencies) > limit else agencies
    if agencies:
        # fits the turned type area (156 mm high) with its caption
        specs["agencies"] = ([a.name for a in agencies], [a.stats.by_category() for a in agencies],
                             {"width_mm": AGENCIES_WIDTH_MM, "height_mm": min(30 + 4.2 * len(agencies), 132),
                              "font_size": 7.5 if len(agencies) > 20 else 9})
    return specs


def draw_chart(spec: ChartSpec) -> bytes:
    labels, counts, options = spec
    return stacked_bars(labels, counts, STATUS_CATEGORIES, **options)


class Charts:
    """Draws the report's charts in a worker process while the document is built; falls
    back to drawing here."""

    def __init__(self, specs: dict[str, ChartSpec]):
        self.specs = specs
        self.futures: dict[str, Any] = {}
        self.pool = None
        if specs and (os.cpu_count() or 1) > 1:
            try:
                from concurrent.futures import ProcessPoolExecutor

                self.pool = ProcessPoolExecutor(1)
                self.futures = {key: self.pool.submit(draw_chart, spec) for key, spec in specs.items()}
            except (OSError, RuntimeError, ImportError):  # no processes here: draw inline
                self.pool = None

    def png(self, key: str) -> bytes:
        future = self.futures.get(key)
        if future is not None:
            try:
                png: bytes = future.result()
                return png
            except Exception:  # a worker that died: draw here, with the same inputs
                pass
        return draw_chart(self.specs[key])

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
