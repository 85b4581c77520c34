"""Charts for the report: horizontal stacked bars of status counts, drawn with matplotlib
(Agg backend, imported only when a chart is drawn) at print resolution."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Mapping, Sequence

CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UKai CN", "SimHei", "Microsoft YaHei")
MM_PER_INCH = 25.4
PRINT_DPI = 300

# status -> colour: green done, blue on track, amber behind, red not started, grey no answer
STATUS_COLOURS = {
    "已完成": "#2e7d32",
    "正常推进": "#1f6fb2",
    "进度滞后": "#f0a202",
    "未启动": "#c62828",
    "未报送": "#9e9e9e",
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
    width_mm: float = 156.0,
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
    rc = {"font.size": font_size, "axes.unicode_minus": False}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    with matplotlib.rc_context(rc):
        width_in, height_in = width_mm / MM_PER_INCH, height_mm / MM_PER_INCH
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
