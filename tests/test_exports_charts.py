"""Charts where people look first: the XLSX 图表 sheet, the HTML report's inline SVG, the Markdown
report's bars, and the review report's order (the seeds' review, charts at the head of their section)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest

from core import rules
from core.model import Action, ActionStatus
from db import queries
from exports.charts import Chart, chart_lines, chart_svg, meeting_charts, text_bar
from exports.write import export_meeting
from tests.conftest import TODAY


def _charts(db, demo, lang="zh"):
    return {c.key: c for c in meeting_charts(db, demo.id, lang, TODAY)}


def test_presenter_achievement_is_the_mean_of_the_indicator_rates():
    from core.model import Direction, Indicator

    def assessed(target, actual, direction=Direction.HIGHER):
        return rules.Assessment(Indicator(1, "x", direction=direction), "张伟", "H1", target, actual)

    # the seed oracles: 76 %, 60 %, 108 % and 68 % (lower is better); a missing value is left out
    rates = [assessed(500, 380), assessed(20, 12), assessed(60, 65), assessed(15, 22, Direction.LOWER),
             assessed(None, 5), assessed(0, 5)]
    assert rules.presenter_achievement(rates) == pytest.approx((0.76 + 0.60 + 65 / 60 + 15 / 22) / 4)
    assert rules.presenter_achievement([assessed(None, 1)]) is None


def test_the_demo_charts_show_the_seed_figures_and_rank_presenters(db, demo):
    charts = _charts(db, demo)
    sales = next(c for c in charts.values() if c.title.startswith("销售额"))
    assert sales.series[0][0] == "目标值" and sales.series[1][0] == "实际值"
    zhang = sales.categories.index("张伟")
    assert (sales.series[0][1][zhang], sales.series[1][1][zhang]) == (500, 380)  # seed 001: 76 %
    ranking = charts["ranking"]
    assert ranking.percent and ranking.categories[-1] == "张伟"
    values = ranking.series[0][1]
    assert values == sorted(values, reverse=True)
    periods = rules.headline_periods(queries.periods_for(db, demo.id), demo.period)
    expected = rules.presenter_achievement(queries.review_for(db, demo.id, "张伟", periods))
    assert values[-1] == pytest.approx(expected)
    coverage = charts["coverage"]
    plan = queries.catchup_plans_for(db, demo.id)[0]
    assert coverage.series[0][1][coverage.categories.index(plan.presenter)] == pytest.approx(rules.coverage(plan))
    statuses = dict(zip(charts["actions"].categories, charts["actions"].series[0][1]))
    earlier = [a for a in queries.actions_for(db, 1)]
    assert statuses["逾期"] == sum(rules.is_overdue(a, TODAY) for a in earlier)
    assert sum(statuses.values()) == len(earlier)


def test_xlsx_has_a_chart_sheet_first_with_one_native_chart_per_chart(db, demo, tmp_path):
    [path] = export_meeting(db, demo.id, "xlsx", tmp_path / "out.xlsx", lang="zh", today=TODAY)
    charts = meeting_charts(db, demo.id, "zh", TODAY)
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        chart_xml = [book.read(n).decode() for n in sorted(names) if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        workbook = book.read("xl/workbook.xml").decode()
    assert len(chart_xml) == len(charts) >= 4
    assert re.search(r'<sheet name="图表" sheetId="1"', workbook)
    assert sum("<c:barChart>" in x for x in chart_xml) == len(charts)  # column and bar charts alike
    assert any("<c:barDir val=\"col\"/>" in x for x in chart_xml)  # target vs actual, side by side
    assert any("汇报人达成率排名" in x for x in chart_xml)
    from openpyxl import load_workbook

    sheet = load_workbook(path)["图表"]
    assert sheet["K1"].value == charts[0].title and sheet["K2"].value == charts[0].categories[0]
    assert sheet["L2"].value == pytest.approx(charts[0].series[0][1][0])


def test_a_partial_export_has_no_chart_sheet(db, demo, tmp_path):
    [path] = export_meeting(db, demo.id, "xlsx", tmp_path / "out.xlsx", lang="zh", today=TODAY,
                            tables=["actions"])
    with zipfile.ZipFile(path) as book:
        assert not [n for n in book.namelist() if n.startswith("xl/charts/")]


def test_html_report_has_the_charts_as_svg_and_nothing_from_the_network(db, demo, tmp_path):
    queries.save_action(db, Action(demo.id, "张伟", "看 https://example.com/x", owner="张伟"))
    [path] = export_meeting(db, demo.id, "html", tmp_path, lang="zh", today=TODAY)
    page = path.read_text(encoding="utf-8")
    charts = meeting_charts(db, demo.id, "zh", TODAY)
    assert page.count("<svg") == len(charts) and page.count("</svg>") == len(charts)
    for chart in charts:
        assert f"<figcaption>{chart.title}</figcaption>" in page
    # the only URL is the one a user typed, shown as text; nothing is fetched or linked
    assert re.findall(r"https?://[^\s<\"']+", page) == ["https://example.com/x"]
    for loader in ("<script", "<link", "<img", "<iframe", "@import", "url(", " src=", " href=", "xlink"):
        assert loader not in page, loader
    assert '"Noto Sans CJK SC"' in page and "PingFang SC" in page and "sans-serif" in page
    assert "@page" in page and "A4" in page and "@media print" in page
    assert re.search(r'<td class="(?:overdue )?n">2026-\d\d-\d\d</td>', page)  # dates do not wrap on paper


def test_user_text_in_an_svg_chart_is_escaped():
    chart = Chart("ranking", "<b>排名</b>", ['<script>alert(1)</script>', "张伟 & 李娜"],
                  [("达成率", [0.5, None])], percent=True)
    svg = chart_svg(chart)
    assert "<script" not in svg and "&lt;script&gt;" in svg and "张伟 &amp; 李娜" in svg
    assert "&lt;b&gt;排名&lt;/b&gt;" in svg and "—" in svg  # a missing value is shown as —


def test_text_bars_are_proportional_to_an_eighth_of_a_cell():
    assert text_bar(0.5, 1.0, 10) == "█████"
    assert text_bar(1.0 / 16, 1.0, 10) == "▋"  # 5/8 of a cell
    assert text_bar(2.0, 1.0, 4) == "████"  # capped
    assert text_bar(-1, 1.0, 4) == "" and text_bar(1, 0, 4) == ""
    lines = chart_lines(Chart("c", "t", ["张伟", "Li"], [("a", [0.5, 1.0])], percent=True), width=8)
    assert lines == ["张伟 ████     50%", "Li   ████████ 100%"]


def test_report_follows_the_seeds_review_with_charts_first(db, demo, tmp_path):
    [path] = export_meeting(db, demo.id, "report", tmp_path, lang="zh", today=TODAY)
    content = path.read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", content, re.M)
    assert sections == ["销售业绩数据复盘表", "差距优先级", "重点工作复盘表", "问题根因分析表", "经验教训总结表", "行动计划跟踪表",
                        "追赶计划", "上次行动跟踪", "指标趋势", "时间记录"]
    review = content[content.index("## 销售业绩数据复盘表"):content.index("## 重点工作复盘表")]
    assert review.index("**汇报人达成率排名") < review.index("### 汇报人：张伟")
    assert "```text\n李娜" in review  # the best presenter's bar first
    previous = content[content.index("## 上次行动跟踪"):content.index("## 时间记录")]
    for action in queries.actions_for(db, 1):
        assert action.measure in previous
    # the goal comes first, as the seeds' review starts from it
    assert content.index("目标") < content.index("## 销售业绩数据复盘表")


def test_report_without_earlier_meetings_has_no_previous_actions_section(db, tmp_path):
    from core.meeting import Meeting

    meeting = queries.save_meeting(db, Meeting("新会", "分析三季度销售额未达标原因"))
    queries.save_action(db, Action(meeting.id, "张伟", "跟进", owner="张伟", status=ActionStatus.DONE))
    [path] = export_meeting(db, meeting.id, "html", tmp_path, lang="en", today=TODAY)
    page = path.read_text(encoding="utf-8")
    assert "Last review:" not in page and "Actions by status" in page


# --- printed by Chromium, as a director would print it -------------------------------------------------

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
                None)


@pytest.mark.skipif(CHROMIUM is None or shutil.which("pdftotext") is None,
                    reason="Chromium or pdftotext is not installed")
def test_chromium_prints_the_report_without_cutting_a_table(db, demo, tmp_path):
    long_word = "X" * 180  # a word that cannot wrap at a space: it must still stay on the page
    queries.save_action(db, Action(1, "张伟", long_word, owner="张伟", standard="很长的衡量标准" * 12))
    [path] = export_meeting(db, demo.id, "html", tmp_path, lang="zh", today=TODAY)
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", path.as_uri()],
                   check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)", info)  # A4 landscape
    printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page = path.read_text(encoding="utf-8")
    # Every character of every table cell is on paper (wrapped cells come out line by line, so the
    # characters are counted rather than the cells matched): a column past the page edge would be lost.
    import html as html_lib
    from collections import Counter

    cells = "".join(html_lib.unescape(c) for c in re.findall(r"<t[hd](?: [^>]*)?>(.*?)</t[hd]>", page))
    # (pdftotext joins a hyphen that ends a line to the next line, as a word broken by hyphenation)
    lost = Counter(re.sub(r"[\s-]+", "", cells)) - Counter(re.sub(r"[\s-]+", "", printed))
    assert lost == Counter()
    # and no word is drawn past the right edge of the page (Chromium keeps clipped text in the file)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    widths = [float(w) for w in re.findall(r'<page width="([\d.]+)"', boxes)]
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
    assert right <= min(widths)
    assert long_word[:40] in printed.replace("\n", "")
