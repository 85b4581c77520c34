"""The 驾驶舱's charts, drawn as inline SVG by planbook itself: an offline file cannot load a
chart library, and a printed page keeps vector lines. Only numbers and escaped labels go in."""

from __future__ import annotations

from html import escape
from typing import Sequence

from planbook.count.standing import percent

SERIES_COLOURS = ("#1a5fb4", "#c01c28", "#26a269", "#e5a50a", "#613583", "#63452c")
"""Line colours, told apart also by the legend's words (a printout may be black and white)."""


def _fmt(x: float) -> str:
    """A coordinate with one decimal, the same text on every machine."""
    return f"{x:.1f}"


def rate_chart(quarters: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
               width: int = 640, height: int = 220, title: str = "") -> str:
    """Lines of percentages (0–100) across quarters, one per series; a gap where a quarter has none."""
    left, right, top, bottom = 44, 150, 24, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(quarters)

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / 100)

    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for v in (0, 25, 50, 75, 100):
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_fmt(y(v))}" y2="{_fmt(y(v))}" class="grid"/>'
                   f'<text x="{left - 6}" y="{_fmt(y(v) + 4)}" text-anchor="end">{v}%</text>')
    for i, q in enumerate(quarters):
        out.append(f'<text x="{_fmt(x(i))}" y="{height - 8}" text-anchor="middle">{escape(q)}</text>')
    for k, (name, values) in enumerate(series):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        runs: list[list[str]] = [[]]
        for i, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{_fmt(x(i))},{_fmt(y(value))}")
            out.append(f'<circle cx="{_fmt(x(i))}" cy="{_fmt(y(value))}" r="3" fill="{colour}">'
                       f'<title>{escape(name)} {escape(quarters[i])}：{percent(value / 100)}</title></circle>')
        for run in runs:
            if len(run) > 1:
                out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(run)}"/>')
        ly = top + 14 + 18 * k
        out.append(f'<line x1="{left + plot_w + 12}" x2="{left + plot_w + 30}" y1="{ly - 4}" y2="{ly - 4}" '
                   f'stroke="{colour}" stroke-width="2"/><text x="{left + plot_w + 34}" y="{ly}">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def sparkline(values: Sequence[float | None], *, width: int = 90, height: int = 22) -> str:
    """A small line of percentages (0–100) for a table cell; the figures stand beside it."""
    n = len(values)
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return ""

    def x(i: int) -> float:
        return 3 + ((width - 6) * i / (n - 1) if n > 1 else (width - 6) / 2)

    def y(v: float) -> float:
        return 3 + (height - 6) * (1 - v / 100)

    line = " ".join(f"{_fmt(x(i))},{_fmt(y(v))}" for i, v in points)
    last_i, last_v = points[-1]
    return (f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg" aria-hidden="true">'
            f'<polyline fill="none" stroke="#1a5fb4" stroke-width="1.5" points="{line}"/>'
            f'<circle cx="{_fmt(x(last_i))}" cy="{_fmt(y(last_v))}" r="2" fill="#1a5fb4"/></svg>')


def light_bar(counts: Sequence[tuple[str, str, int]], *, width: int = 300, height: int = 16) -> str:
    """One bar split by light colour: (css class, word, count) in order; each part titled in words."""
    total = sum(c for _, _, c in counts)
    if not total:
        return ""
    out = [f'<svg class="lightbar" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'xmlns="http://www.w3.org/2000/svg">']
    x = 0.0
    for css, word, c in counts:
        w = width * c / total
        if c:
            out.append(f'<rect class="{css}" x="{_fmt(x)}" y="0" width="{_fmt(w)}" height="{height}">'
                       f'<title>{escape(word)} {c}</title></rect>')
        x += w
    out.append("</svg>")
    return "".join(out)
