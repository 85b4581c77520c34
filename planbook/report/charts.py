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

from planbook.core.statuses import BEHIND, DONE, NOT_STARTED, ON_TRACK
from planbook.report import gbt9704 as std
from planbook.report.figures import STATUS_CATEGORIES, UNREPORTED, ReportData
from planbook.report.settings import Settings

CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UKai CN", "SimHei", "Microsoft YaHei")
PRINT_DPI = 300

STATUS_COLOURS = {
    DONE: "#2e7d32",  # green
    ON_TRACK: "#1f6fb2",  # blue
    BEHIND: "#f0a202",  # amber
    NOT_STARTED: "#c62828",  # red
    UNREPORTED: "#9e9e9e",  # grey: no answer
}


NO_FONT_NOTICE = ("没有找到能显示中文的字体，通报中的图表已略去（正文和附件表格不受影响）。"
                  "请安装中文字体后重新生成：Debian/Ubuntu 执行 apt-get install fonts-noto-cjk，"
                  "Windows 自带的黑体（SimHei）、微软雅黑即可。")


def _fontconfig_files() -> list[str] | None:
    """The Chinese font files fontconfig offers (``FONTCONFIG_FILE`` steers it), best first by
    the order of :data:`CJK_FONTS`; None where there is no fontconfig (Windows)."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":lang=zh", "-f", "%{file}\t%{family}\t%{style}\n"], capture_output=True,
                             text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found: list[tuple[int, bool, str]] = []
    for line in out.splitlines():
        path, _, rest = line.partition("\t")
        families, _, style = rest.partition("\t")
        names = [n.strip() for n in families.split(",")]
        rank = min((CJK_FONTS.index(n) for n in names if n in CJK_FONTS), default=len(CJK_FONTS))
        found.append((rank, "regular" not in style.lower(), path.strip()))
    ordered = [path for *_, path in sorted(found) if path.lower().endswith((".ttf", ".otf", ".ttc"))]
    return list(dict.fromkeys(ordered))


def _matplotlib_files() -> list[str]:
    """The Chinese fonts matplotlib's own list knows (where there is no fontconfig); the list is
    rebuilt once when it knows none (a cache older than the fonts)."""
    from matplotlib import font_manager

    def known() -> list[str]:
        by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist}
        return [by_name[n] for n in CJK_FONTS if n in by_name]

    files = known()
    if not files:
        rebuild = getattr(font_manager, "_load_fontmanager", None)  # private, in matplotlib since 3.3
        if rebuild is None:
            return []
        try:  # a stale cache: the fonts were installed after matplotlib last looked
            font_manager.fontManager = rebuild(try_read_cache=False)
        except Exception:  # a matplotlib whose loader changed: keep what it has
            return []
        files = known()
    return files


def covers(path: str, text: str) -> bool:
    """Whether the font file has a glyph for every character of ``text`` (spaces aside)."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in set(text) if not ch.isspace())


@lru_cache(maxsize=8)
def chart_font(text: str) -> str | None:
    """The file of the first Chinese font that covers every character of ``text``, or None
    (then no chart is drawn: a chart of boxes is worse than none). Fontconfig decides which
    fonts exist where it is installed; elsewhere matplotlib's own list does."""
    files = _fontconfig_files()
    if files is None:
        files = _matplotlib_files()
    return next((f for f in files if covers(f, text)), None)


@lru_cache(maxsize=8)
def _family(path: str) -> str:
    """The family matplotlib knows ``path`` by, once added: the simplified-Chinese face of a
    collection (.ttc) where matplotlib reads every face, else the file's first face."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    names = [f.name for f in font_manager.fontManager.ttflist if f.fname == path]
    return next((n for n in CJK_FONTS if n in names), None) or font_manager.FontProperties(fname=path).get_name()


def chart_text(specs: Mapping[str, "ChartSpec"]) -> str:
    """Every character the charts of ``specs`` will draw: labels, titles and the legend."""
    parts = ["".join(STATUS_CATEGORIES), "0123456789"]
    for labels, _, options in specs.values():
        parts.extend(str(x) for x in labels)
        parts.extend(str(options.get(k, "")) for k in ("title", "xlabel"))
    return "".join(parts)


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
    font_file: str | None = None,
) -> bytes:
    """A PNG of one horizontal bar per label, stacked by category, first label on top.

    The figure is exactly ``width_mm`` wide at ``dpi`` so it can be placed at full size in
    the type area; the height grows with the number of bars unless given."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    n = max(len(labels), 1)
    if height_mm is None:
        height_mm = min(max(30.0 + 7.0 * n, 55.0), 215.0)
    import warnings

    rc: dict[str, Any] = {"font.size": font_size, "axes.unicode_minus": False}
    text = "".join(map(str, labels)) + "".join(categories) + title + xlabel
    font = font_file or chart_font(text)
    if font:
        rc["font.family"] = [_family(font), "DejaVu Sans"]
    with matplotlib.rc_context(rc), warnings.catch_warnings():  # type: ignore[arg-type, unused-ignore]
        warnings.simplefilter("ignore")  # coverage is checked above: a glyph warning is noise  # type: ignore[arg-type, unused-ignore]  # matplotlib types the keys as a Literal
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
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole ticks, never 0.5
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


def draw_chart(spec: ChartSpec, font_file: str | None = None) -> bytes:
    labels, counts, options = spec
    return stacked_bars(labels, counts, STATUS_CATEGORIES, font_file=font_file, **options)


class Charts:
    """Draws the report's charts in a worker process while the document is built; falls
    back to drawing here. Without a font that covers their text, no chart is drawn and
    :data:`NO_FONT_NOTICE` is given once (a :class:`~planbook.base.problems.PlanbookNotice`)."""

    def __init__(self, specs: dict[str, ChartSpec]):
        self.font = chart_font(chart_text(specs)) if specs else None
        if specs and self.font is None:
            import warnings

            from planbook.base.problems import PlanbookNotice

            warnings.warn(NO_FONT_NOTICE, PlanbookNotice, stacklevel=2)
            specs = {}
        self.specs = specs
        self.futures: dict[str, Any] = {}
        self.pool = None
        if specs and (os.cpu_count() or 1) > 1:
            try:
                from concurrent.futures import ProcessPoolExecutor

                self.pool = ProcessPoolExecutor(1)
                self.futures = {key: self.pool.submit(draw_chart, spec, self.font) for key, spec in specs.items()}
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
        return draw_chart(self.specs[key], self.font)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
