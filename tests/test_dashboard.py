"""The leaders' page (驾驶舱): every figure in the rendered page equals the one count, every
answer is reachable with scripts off, nothing points outside the file, hostile text stays
text, the same inputs give the same bytes, and the summary view prints on two A4 landscape
pages. The browser tests share one headless Chromium for the module."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
import re
import time
from pathlib import Path

import pytest

from planbook.plans import seed_plan
from planbook.core.quarter import BLUE, GREEN, RED, YELLOW
from planbook.report.dashboard import COLUMNS, dashboard_path, write_dashboard
from planbook.count.standing import QuarterCount, Tally, count_quarter, keep, kept

from browser import browser_or_skip, pdf_pages, print_pdf
from kit.report import make_record

QUARTERS = ("2023Q1", "2023Q2", "2023Q3")
OFFICE = "大连市营商环境建设局督查室"
HOSTILE = "<script>alert(1)</script>"


def three_quarters(plan, workspace: Path, quarters=QUARTERS, **kw) -> dict[str, tuple[Path, QuarterCount]]:
    """Each quarter reported in turn: its record, its count kept, its 驾驶舱 written."""
    out = {}
    previous = None
    for i, q in enumerate(quarters):
        record = make_record(plan, q, seed=i + 1, previous=previous, **kw)
        folder = workspace / q
        folder.mkdir(parents=True)
        path = write_dashboard(plan, record, folder, previous=previous, office_name=OFFICE)
        count = count_quarter(plan, record, previous)
        keep(count, folder)
        out[q] = (path, count)
        previous = record
    return out


@pytest.fixture(scope="module")
def seed_quarters(tmp_path_factory):
    return three_quarters(seed_plan(), tmp_path_factory.mktemp("dash"))


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    plan = seed_plan()
    record = make_record(plan, "2023Q2", progress=lambda agency, m, rng: HOSTILE + "\x00\ud800<b>粗</b>&amp;")
    folder = tmp_path_factory.mktemp("hostile") / "2023Q2"
    folder.mkdir()
    return write_dashboard(plan, record, folder, office_name="督查室<i>&")


@pytest.fixture(scope="module")
def browser():
    driver = browser_or_skip()
    yield driver
    driver.quit()


# -- the page as a file ----------------------------------------------------------------------------
def _tree(path: Path):
    from lxml import html

    tree = html.fromstring(path.read_bytes())
    for script in tree.xpath("//script"):
        script.getparent().remove(script)
    return tree


def test_with_scripts_stripped_every_milestone_and_lead_answer_is_inside_details_once(seed_quarters):
    plan = seed_plan()
    expected = [(m.id, agency) for t in plan.tasks for m in t.milestones for agency in dict.fromkeys(t.responsible)]
    assert len(expected) == 478
    for path, _ in seed_quarters.values():
        tree = _tree(path)
        answers = tree.xpath('//div[@class="answer"]')
        got = [(a.get("data-m"), a.get("data-agency")) for a in answers]
        assert sorted(got) == sorted(expected)  # each line once
        assert all(a.xpath("ancestor::details[@class='ms']") and a.xpath("ancestor::details[@class='sec']")
                   for a in answers)
        ids = tree.xpath("//@id")
        assert len(ids) == len(set(ids))
        links = {h[1:] for h in tree.xpath("//a/@href")}
        assert links <= set(ids)  # the agency index and the tables link only to what is in the file
        assert len(tree.xpath("//details[@class='agency']//a[starts-with(@href, '#a-')]")) == 478


def test_nothing_in_the_file_points_outside_it(seed_quarters):
    path, _ = seed_quarters["2023Q3"]
    page = path.read_text(encoding="utf-8")
    tree = _tree(path)
    assert all(h.startswith("#") for h in tree.xpath("//@href"))
    assert not tree.xpath("//@src") and not tree.xpath("//link") and not tree.xpath("//iframe|//object|//embed")
    assert not re.search(r"url\s*\(|@import", page, re.I)
    assert set(re.findall(r"https?://[^\"' )]+", page)) <= {"http://www.w3.org/2000/svg"}  # the SVG namespace
    assert len(re.findall(r"<script", page)) == 1
    assert len(re.search(r"<script>(.*?)</script>", page, re.S).group(1).encode("utf-8")) <= 30_000


def test_hostile_text_is_escaped_and_cleaned(hostile_page):
    page = hostile_page.read_bytes().decode("utf-8")  # lone surrogates removed: valid UTF-8
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script") == 1 and "<b>粗</b>" not in page and "<i>&" not in page
    assert "\x00" not in page


def test_the_same_inputs_give_the_same_bytes_and_the_file_is_left_alone(seed_quarters, tmp_path):
    plan = seed_plan()
    q1 = make_record(plan, "2023Q1", seed=1)
    q2 = make_record(plan, "2023Q2", seed=2, previous=q1)
    path, _ = seed_quarters["2023Q2"]
    earlier = {"2023Q1": kept(path.parent.parent / "2023Q1")}
    again = write_dashboard(plan, q2, tmp_path, previous=q1, previous_counts=earlier, office_name=OFFICE)
    assert again == dashboard_path(tmp_path, "2023Q2") and again.name == "2023Q2_驾驶舱.html"
    assert again.read_bytes() == path.read_bytes()
    before = again.stat().st_mtime_ns
    time.sleep(0.01)
    write_dashboard(plan, q2, tmp_path, previous=q1, previous_counts=earlier, office_name=OFFICE)
    assert again.stat().st_mtime_ns == before


def test_the_seed_page_is_under_a_megabyte_and_trends_read_the_kept_counts(seed_quarters):
    path, count = seed_quarters["2023Q3"]
    assert path.stat().st_size <= 1_000_000
    tree = _tree(path)
    heads = [th.text_content() for th in tree.xpath("//table[@id='trend-sections']/thead//th")]
    assert heads == ["板块", *QUARTERS, "走势"]
    kept_q1 = kept(seed_quarters["2023Q1"][0].parent)
    first = kept_q1["sections"][0]
    row = tree.xpath("//table[@id='trend-sections']/tbody/tr[1]/td")
    assert row[0].text_content() == f"{100 * first['done'] / first['due']:.1f}%"
    assert len(tree.xpath("//section[@id='trends']//svg")) >= 1 + len(count.sections)


# -- the page in a real browser ------------------------------------------------------------------
READ_FIGURES = """
const out = {headline: {}, sections: {}, agencies: {}};
for (const e of document.querySelectorAll('#headline [data-figure]')) out.headline[e.dataset.figure] = e.innerText.trim();
for (const [table, into] of [['sections', out.sections], ['agencies', out.agencies]]) {
  for (const tr of document.querySelectorAll('#' + table + ' tbody tr')) {
    const row = into[tr.dataset.key] = {};
    for (const td of tr.querySelectorAll('td[data-figure]')) row[td.dataset.figure] = td.innerText.trim();
  }
}
return JSON.stringify(out);
"""


def _expected_row(tally: dict, lights: dict[str, int] | None) -> dict[str, str]:
    """A tally (as ``count.json`` keeps it) as the page must show it; lights when known."""
    row = {key: str(tally[key]) for key, _ in COLUMNS if key not in ("on_time", "rate", "on_time_rate")}
    due, done, on_time = tally["due"], tally["done"], tally["done"] - tally["done_late"]
    def half_up(part: int) -> str:  # as an office rounds: 56.25% -> 56.3%
        return f"{(Decimal(100 * part) / Decimal(due)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"

    row |= {"on_time": str(on_time), "rate": half_up(done) if due else "—",
            "on_time_rate": half_up(on_time) if due else "—"}
    if lights is not None:
        names = {RED: "红灯", YELLOW: "黄灯", BLUE: "蓝灯", GREEN: "绿灯"}
        row |= {f"light-{c}": f"{names[c]} {lights.get(c, 0)}" for c in (RED, YELLOW, BLUE, GREEN)}
    return row


def figure_differences(driver, path: Path, count: QuarterCount | dict, missing: int | None = None) -> list[str]:
    """Every headline, section and agency figure the rendered page shows that differs from the
    count: a QuarterCount (lights checked too), or the ``count.json`` a 通报 kept."""
    driver.get(path.as_uri())
    shown = json.loads(driver.execute_script(READ_FIGURES))
    counted = count.to_dict() if isinstance(count, QuarterCount) else count
    lights: dict[str, dict[str, int]] | None = None
    if isinstance(count, QuarterCount):
        lights = {}
        for s in count.milestones:
            for key in ["", s.section.title, *dict.fromkeys(lead.agency for lead in s.leads)]:
                lights.setdefault(key, {}).setdefault(s.light, 0)
                lights[key][s.light] += 1
    expected = _expected_row(counted["total"], None)
    expected.pop("tasks")
    expected["milestones"] = str(counted["total"]["milestones"])
    if lights is not None:
        expected |= {f"light-{c}": str(lights[""].get(c, 0)) for c in (RED, YELLOW, BLUE, GREEN)}
    if missing is not None:
        expected["missing_agencies"] = str(missing)
    expected = {k: v for k, v in expected.items() if k not in ("on_track",)}  # no headline card of its own
    diffs = [f"总体 {k}: {shown['headline'].get(k)} != {v}" for k, v in expected.items() if shown["headline"].get(k) != v]
    for kind, key in (("sections", "section"), ("agencies", "agency")):
        rows = counted[kind]
        assert len(shown[kind]) == len(rows)
        for block in rows:
            name = block[key]
            want = _expected_row(block, None if lights is None else lights.get(name, {}))
            got = shown[kind].get(name, {})
            diffs += [f"{name} {k}: {got.get(k)} != {v}" for k, v in want.items() if got.get(k) != v]
    return diffs


def demo_differences(driver, workspace: Path) -> dict[str, list[str]]:
    """Each demo quarter's 驾驶舱 (written here unless the demo wrote it) against the count
    its 通报 kept: quarter -> differences."""
    from planbook.tools.demo import RENAMED, _renamed
    from planbook.ledger.lines import Ledger
    from planbook.store.record import QuarterRecord
    from planbook.supervision.register import Register

    seed = seed_plan()
    out, previous = {}, None
    for folder in sorted((p for p in workspace.iterdir() if re.fullmatch(r"\d{4}Q[1-4]", p.name)), key=lambda p: p.name):
        record = QuarterRecord.load(folder)
        plan = seed if record.plan_fingerprint == seed.fingerprint else _renamed(seed, *RENAMED)
        path = dashboard_path(folder, folder.name)
        if not path.exists():
            same = previous is not None and previous.plan_fingerprint == plan.fingerprint
            write_dashboard(plan, record, folder, previous=previous if same else None, ledger=Ledger.load(workspace),
                            register=Register.load(workspace))
        out[folder.name] = figure_differences(driver, path, kept(folder), missing=len(record.missing_agencies))
        previous = record
    return out


@pytest.mark.browser
def test_every_figure_in_the_rendered_page_equals_the_one_count(browser, seed_quarters):
    for path, count in seed_quarters.values():
        assert figure_differences(browser, path, count, missing=2) == []
        assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


@pytest.mark.browser
def test_a_drill_down_opens_and_lights_show_their_colours(browser, seed_quarters):
    path, count = seed_quarters["2023Q3"]
    browser.get(path.as_uri())
    section = browser.find_element("css selector", "details.sec")
    assert section.get_attribute("open") is None
    section.find_element("tag name", "summary").click()
    assert section.get_attribute("open") is not None
    red = next(s for s in count.milestones if s.light == RED)
    link = browser.find_element("css selector", f"details.agency a[href^='#a-{red.milestone.id}-']")
    browser.execute_script("arguments[0].click()", link)  # the index is closed: follow its anchor
    answer = browser.find_element("id", link.get_attribute("href").split("#")[1])
    assert answer.is_displayed() and "完成状态" in answer.text
    colours = json.loads(browser.execute_script("""
        const out = {};
        for (const c of ['red', 'yellow', 'green']) out[c] = getComputedStyle(document.querySelector('.light.' + c)).backgroundColor;
        return JSON.stringify(out);"""))
    assert colours == {"red": "rgb(198, 40, 40)", "yellow": "rgb(242, 194, 0)", "green": "rgb(46, 125, 50)"}
    first = browser.find_element("css selector", "#agencies thead th:nth-child(5)")  # 已完成
    first.click()
    done = [int(td.text) for td in browser.find_elements("css selector", "#agencies tbody td[data-figure='done']")]
    assert done == sorted(done)


@pytest.mark.browser
def test_a_script_tag_in_an_answer_shows_as_text(browser, hostile_page):
    from selenium.common.exceptions import NoAlertPresentException

    browser.get(hostile_page.as_uri())
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    answer = browser.find_element("css selector", ".answer dd:nth-of-type(2)")
    assert HOSTILE in answer.text
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text


@pytest.mark.browser
def test_the_summary_view_prints_on_two_a4_landscape_pages(browser, seed_quarters):
    path, _ = seed_quarters["2023Q3"]
    browser.get(path.as_uri())
    browser.find_element("id", "only-summary").click()
    pages = pdf_pages(print_pdf(browser))
    assert 1 <= len(pages) <= 2
    assert all(abs(w - 841.9) < 2 and abs(h - 595.3) < 2 for w, h in pages)
    browser.find_element("id", "only-summary").click()
    assert len(pdf_pages(print_pdf(browser))) > 2  # the whole page: trends and drill-downs follow


@pytest.mark.browser
@pytest.mark.slow
def test_x20_three_quarters_render_with_the_count_figures(browser, tmp_path):
    from planbook.tools.synth import SCALES, synthetic_plan

    plan = synthetic_plan(*SCALES["x20"])
    for path, count in three_quarters(plan, tmp_path, quarters=("2024Q2", "2024Q3", "2024Q4")).values():
        assert path.stat().st_size <= 10_000_000
        assert figure_differences(browser, path, count) == []


@pytest.mark.browser
@pytest.mark.slow
def test_the_demo_pages_equal_the_counts_its_reports_kept(browser, tmp_path):
    from planbook.tools.demo import run_demo

    run_demo(tmp_path / "demo", jobs=1)
    found = demo_differences(browser, tmp_path / "demo")
    assert list(found) == ["2023Q2", "2023Q3", "2023Q4"]
    assert found == {q: [] for q in found}


def test_an_answer_shows_its_earlier_answers_its_extension_and_its_duban_numbers(tmp_path):
    from planbook.ledger.lines import Ledger
    from planbook.supervision.register import DUBAN, Issue, Register

    plan = seed_plan()
    q1 = make_record(plan, "2023Q1", seed=1)
    q2 = make_record(plan, "2023Q2", seed=2, previous=q1)
    ledger = Ledger()
    ledger.record(q1)
    ledger.record(q2)
    task = next(t for t in plan.tasks if t.milestones[0].deadline is not None)
    m, agency = task.milestones[0], task.leads[0]
    ledger.extend(plan, m.id, agency, "2025年6月", reason="资金未到位", ref="市政府批复〔2023〕3号")
    register = Register([Issue(DUBAN, 2023, n, f"大营商督〔2023〕{n}号", agency, q, [{"milestone_id": m.id}])
                         for n, q in ((1, "2023Q1"), (4, "2023Q2"), (9, "2023Q3"))])
    q3 = make_record(plan, "2023Q3", seed=3, previous=q2)
    path = write_dashboard(plan, q3, tmp_path, previous=q2, ledger=ledger, register=register)
    tree = _tree(path)
    answer = tree.xpath(f"//div[@class='answer'][@data-m='{m.id}'][@data-agency='{agency}']")[0]
    said = dict(zip([dt.text_content() for dt in answer.xpath(".//dt")], [dd.text_content() for dd in answer.xpath(".//dd")]))
    assert said["延期"] == "批准延期至2025-06；资金未到位（市政府批复〔2023〕3号）"
    status = {q: ledger.lines[(m.id, agency)].answers[q].status for q in ("2023Q1", "2023Q2")}
    assert said["历次填报"] == f"2023Q1 {status['2023Q1']} → 2023Q2 {status['2023Q2']}"
    duban = [dd.text_content() for dt, dd in zip(answer.xpath(".//dt"), answer.xpath(".//dd")) if dt.text_content() == "督办单"]
    assert duban == ["大营商督〔2023〕1号（2023Q1，第1次督办）", "大营商督〔2023〕4号（2023Q2，第2次督办）",
                     "大营商督〔2023〕9号（2023Q3，第3次督办）"]


def test_a_milestones_history_reads_the_kept_counts_with_their_lights_when_kept(seed_quarters, tmp_path):
    plan = seed_plan()
    path, count = seed_quarters["2023Q2"]
    earlier = kept(path.parent.parent / "2023Q1")
    first = earlier["milestones"][0]
    first["light"] = RED
    q1 = make_record(plan, "2023Q1", seed=1)
    q2 = make_record(plan, "2023Q2", seed=2, previous=q1)
    page = write_dashboard(plan, q2, tmp_path, previous=q1, previous_counts={"2023Q1": earlier})
    tree = _tree(page)
    history = tree.xpath(f"//details[@id='m-{first['id']}']/p[@class='meta'][2]")[0].text_content()
    state = "逾期未完成" if first["overdue"] else first["status"]
    assert history == f"历季度：2023Q1 红灯 {state}"
    second = earlier["milestones"][1]  # the light each quarter's count kept with it
    history = tree.xpath(f"//details[@id='m-{second['id']}']/p[@class='meta'][2]")[0].text_content()
    from planbook.report.dashboard import LIGHT_WORDS

    word = LIGHT_WORDS[second["light"]]
    assert history == f"历季度：2023Q1 {word} {'逾期未完成' if second['overdue'] else second['status']}"
    del second["light"]  # a count kept before lights were kept: the state alone
    page = write_dashboard(plan, q2, tmp_path, previous=q1, previous_counts={"2023Q1": earlier})
    history = _tree(page).xpath(f"//details[@id='m-{second['id']}']/p[@class='meta'][2]")[0].text_content()
    assert history == f"历季度：2023Q1 {'逾期未完成' if second['overdue'] else second['status']}"
