"""The report's charts (planbook.report.charts): what they show and how they are drawn."""

from __future__ import annotations

import io

from kit.report import make_record
from planbook.core.statuses import BEHIND, DONE, ON_TRACK
from planbook.plans import seed_plan
from planbook.report import load_settings, report_data
from planbook.report.charts import NO_FONT_NOTICE, chart_font, chart_specs, chart_text, stacked_bars


def test_chart_is_drawn_at_print_size():
    from PIL import Image

    png = stacked_bars(["政务环境", "法治环境"], [{DONE: 3, BEHIND: 1}, {ON_TRACK: 2}], [DONE, ON_TRACK, BEHIND],
                       width_mm=156, height_mm=60)
    im = Image.open(io.BytesIO(png))
    assert abs(im.width - 156 / 25.4 * 300) <= 1
    assert round(im.info["dpi"][0]) == 300


def test_the_agency_chart_shows_the_agencies_with_most_milestones_due():
    plan = seed_plan()
    data = report_data(plan, make_record(plan, "2023Q2"))
    specs = chart_specs(data, load_settings({"body": {"chart_max_agencies": 5}}))
    labels, counts, options = specs["agencies"]
    due = sorted((a.stats.due for a in data.agencies), reverse=True)
    assert len(labels) == 5 and sorted((sum(c.values()) for c in counts), reverse=True) == due[:5]
    assert options["width_mm"] == 225  # the turned type area
    assert specs["sections"][0] == [s.short_title for s in plan.sections]


def test_nothing_due_draws_no_section_chart():
    plan = seed_plan()
    data = report_data(plan, make_record(plan, "2021Q4"))
    assert data.total.due == 0 and chart_specs(data, load_settings()) == {}


# fonts: checked, not assumed -------------------------------------------------------------------
NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{empty}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def _report_in_a_fresh_process(tmp_path, *, fonts: bool):
    """``planbook report`` on a collected seed quarter, in a new process with an empty
    matplotlib cache; without ``fonts`` fontconfig sees no font at all."""
    import os
    import subprocess
    import sys

    from planbook.plans import seed_plan as load_seed

    from kit.office import write_office

    folder = tmp_path / "output" / "2023Q2"
    plan = load_seed()
    make_record(plan, "2023Q2").save(folder)
    write_office(folder.parent)  # the workspace's own office: documents are not held back
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl")}
    if not fonts:
        (tmp_path / "empty").mkdir()
        conf = tmp_path / "fonts.conf"
        conf.write_text(NO_FONTS_CONF.format(empty=tmp_path / "empty", cache=tmp_path / "fc"), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(conf)
    charts = tmp_path / "charts.toml"
    charts.write_text("[options]\ncharts = true\n", encoding="utf-8")  # the charts are an option
    done = subprocess.run([sys.executable, "-m", "planbook.cli", "report", "-q", "2023Q2", "-d", str(folder),
                           "--config", str(charts)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    return done, folder


def _pictures(docx) -> list[str]:
    import zipfile

    return [n for n in zipfile.ZipFile(docx).namelist() if n.startswith("word/media/")]


def test_without_a_chinese_font_the_charts_are_left_out_with_one_notice(tmp_path):
    import shutil

    import pytest

    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig steers the fonts in this test")
    done, folder = _report_in_a_fresh_process(tmp_path, fonts=False)
    assert done.returncode == 0, done.stderr[-2000:]
    notices = [ln for ln in done.stderr.splitlines() if ln.startswith("[提示]")]
    assert notices == [f"[提示] {NO_FONT_NOTICE}"]
    assert "Warning" not in done.stderr and "Glyph" not in done.stderr and "Traceback" not in done.stderr
    assert _pictures(next(folder.glob("*督查通报.docx"))) == []


def test_with_a_chinese_font_every_label_is_drawn_in_it(tmp_path):
    """The glyphs, not only the exit code: the font the chart uses has every character of
    every label, and matplotlib (in a fresh process, empty cache) warns of no missing glyph."""
    from matplotlib.ft2font import FT2Font

    done, folder = _report_in_a_fresh_process(tmp_path, fonts=True)
    assert done.returncode == 0 and "[提示]" not in done.stderr and "Warning" not in done.stderr, done.stderr
    assert _pictures(next(folder.glob("*督查通报.docx")))
    plan = seed_plan()
    specs = chart_specs(report_data(plan, make_record(plan, "2023Q2")), load_settings())
    text = chart_text(specs)
    font = chart_font(text)
    assert font is not None
    face = FT2Font(font)
    assert [ch for ch in set(text) if not ch.isspace() and not face.get_char_index(ord(ch))] == []
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_chart_of_counts_has_whole_ticks(monkeypatch):
    """Small counts (0–3) would get ticks 0.5, 1.5 … by default: a count is whole."""
    from matplotlib.figure import Figure

    ticks: list[float] = []
    real = Figure.savefig

    def capture(self, *args, **kwargs):
        ax = self.axes[0]
        ticks.extend(t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", capture)
    stacked_bars(["政务环境", "法治环境"], [{DONE: 2, BEHIND: 1}, {ON_TRACK: 1}], [DONE, ON_TRACK, BEHIND],
                 width_mm=156, height_mm=60)
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
