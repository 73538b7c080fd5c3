"""The XLSX as people print it and send it back: page setup, wrapped text, live colours, drop-downs.

The file's own settings are read back with openpyxl; when LibreOffice is installed, the demo export is
also converted to PDF (as a client would print it) and its pages counted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from core.model import Action, ActionStatus
from core.width import display_width
from db import queries
from exports.widths import LINE_HEIGHT, WRAP_WIDTH, wrap_lines
from exports.write import export_actions, export_meeting
from tests.conftest import TODAY

LONG = "每周复盘商机推进，清理僵尸商机，并把每个商机的下一步、负责人和预计成交时间写进系统" * 2


def _book(path: Path):
    from openpyxl import load_workbook

    return load_workbook(path)


def _rules(sheet) -> dict[str, list[str]]:
    """Conditional formats by cell range → their formulas."""
    return {str(cf.sqref): [f for rule in cf.rules for f in rule.formula] for cf in sheet.conditional_formatting}


def test_every_sheet_prints_landscape_a4_one_page_wide_with_header_row_and_page_numbers(db, demo, tmp_path):
    [path] = export_meeting(db, demo.id, "xlsx", tmp_path / "out.xlsx", lang="zh", today=TODAY)
    book = _book(path)
    tables = [name for name in book.sheetnames if name != "图表"]
    assert len(tables) == 8  # the seven tables and 上次行动跟踪
    for name in tables:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0  # 1 is the default
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddHeader.left.text == "华东销售中心 2026 年上半年复盘会"
        assert sheet.oddHeader.right.text == name
        assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_page_header_survives_an_ampersand_in_the_title_and_speaks_english(db, demo, tmp_path):
    meeting = queries.get_meeting(db, demo.id)
    meeting.title = "R&D 复盘"
    queries.save_meeting(db, meeting)
    [path] = export_meeting(db, demo.id, "xlsx", tmp_path, lang="en", today=TODAY, tables=["timing"])
    sheet = _book(path)["Timing"]
    assert sheet.oddHeader.left.text == "R&&D 复盘"  # a single & would start a header code
    assert sheet.oddFooter.center.text == "Page &P of &N"


def test_long_text_wraps_in_a_bounded_column_and_its_row_is_tall_enough(db, demo, tmp_path):
    queries.save_action(db, Action(demo.id, "张伟", LONG, owner="张伟", standard="第一行\n第二行\n第三行"))
    [path] = export_meeting(db, demo.id, "xlsx", tmp_path, lang="zh", today=TODAY, tables=["actions"])
    sheet = _book(path)["行动计划跟踪表"]
    assert sheet["C2"].value == LONG and sheet["C2"].alignment.wrap_text
    assert sheet["C2"].alignment.vertical == "top"
    width = sheet.column_dimensions["C"].width
    assert width < WRAP_WIDTH + 3  # xlsxwriter stores 0.71 more than asked
    lines = wrap_lines(LONG, int(width))
    assert lines >= display_width(LONG) // int(width)
    assert sheet.row_dimensions[2].height >= lines * LINE_HEIGHT - 1  # stored in whole pixels
    assert all(cell.alignment.wrap_text for cell in sheet[1])  # headers wrap too
    assert sheet.cell(2, 1).alignment.wrap_text is not True  # numbers do not


def test_overdue_and_due_soon_are_conditional_formats_that_follow_the_status(db, demo, tmp_path):
    [path] = export_meeting(db, 1, "xlsx", tmp_path, lang="zh", today=TODAY, tables=["actions"])
    sheet = _book(path)["行动计划跟踪表"]
    last = 1 + len(queries.actions_for(db, 1))
    rules = _rules(sheet)
    open_check = '$J2<>"已完成",$J2<>"已取消"'
    assert rules[f"J2:J{last}"] == [f"AND(ISNUMBER($F2),$F2<TODAY(),{open_check})"]
    assert rules[f"F2:F{last}"] in (
        [f"AND(ISNUMBER($F2),$F2<TODAY(),{open_check})",
         f"AND(ISNUMBER($F2),$F2>=TODAY(),$F2-TODAY()<=7,{open_check})"],
    )
    # no fixed fill anywhere: a fill would stay red after the owner picks 已完成
    assert {sheet.cell(r, c).fill.fgColor.rgb for r in range(2, last + 1) for c in (6, 10)} == {"00000000"}


def test_status_is_a_drop_down_of_the_statuses_and_dates_must_be_dates(db, demo, tmp_path):
    for lang, statuses in (("zh", "未开始,进行中,已完成,已取消"), ("en", "not started,in progress,done,cancelled")):
        [path] = export_meeting(db, 1, "xlsx", tmp_path / f"{lang}.xlsx", lang=lang, today=TODAY,
                                tables=["actions"])
        sheet = _book(path).worksheets[0]
        last = 1 + len(queries.actions_for(db, 1))
        checks = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
        status = checks[f"J2:J{last}"]
        assert status.type == "list" and status.formula1 == f'"{statuses}"'
        assert status.errorStyle in (None, "stop") and status.showErrorMessage
        assert status.showDropDown in (None, False)  # openpyxl's name for "hide the arrow"
        for col in ("E", "F"):
            date_check = checks[f"{col}2:{col}{last}"]
            assert date_check.type == "date" and date_check.showErrorMessage
            assert date_check.error


def test_cross_meeting_sheet_has_the_drop_down_in_its_own_status_column(db, demo, tmp_path):
    [path] = export_actions(db, tmp_path / "a.xlsx", "xlsx", lang="zh", today=TODAY,
                            statuses=[ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED])
    sheet = _book(path).worksheets[0]
    status_col = [c.value for c in sheet[1]].index("当前状态")
    letter = "ABCDEFGHIJKLMNOP"[status_col]
    checks = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    assert checks[f"{letter}2"].type == "list"
    assert any(f"${letter}2" in f for formulas in _rules(sheet).values() for f in formulas)


def test_shortfall_under_coverage_and_unmet_key_work_are_conditional(db, demo, tmp_path):
    [path] = export_meeting(db, demo.id, "xlsx", tmp_path, lang="zh", today=TODAY,
                            tables=["indicators", "key_work", "catchup"])
    book = _book(path)
    review = book["销售业绩数据复盘表"]
    last = review.max_row
    formulas = _rules(review)
    for col in "HIJ":
        assert formulas[f"{col}2:{col}{last}"] == ["AND(ISNUMBER($I2),$I2>0)"]
    assert review["H2"].fill.fgColor.rgb == "00000000"  # 张伟 1月 falls short, coloured by the rule
    catchup = book["追赶计划"]
    assert ["AND(ISNUMBER($I2),$I2<1)"] in _rules(catchup).values() or catchup.max_row == 1


def test_empty_tables_get_no_rules_and_still_print(db, demo, tmp_path):
    [path] = export_meeting(db, demo.id, "xlsx", tmp_path, lang="zh", today=TODAY, tables=["actions"])
    sheet = _book(path).worksheets[0]
    assert sheet.max_row == 1 and not sheet.data_validations.dataValidation
    assert sheet.page_setup.orientation == "landscape"


# --- printed by LibreOffice, as a client opens it ----------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def pdf_pages(path: Path) -> int:
    """Pages in a PDF without a PDF library: LibreOffice writes one `/Type /Page` object per page."""
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def to_pdf(paths: list[Path], out: Path) -> list[Path]:
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to",
                    "pdf", "--outdir", str(out), *map(str, paths)], check=True, capture_output=True,
                   timeout=240)
    return [out / (p.stem + ".pdf") for p in paths]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_demo_tracking_sheet_on_two_pages_and_names_beside_numbers(db, demo, tmp_path):
    files = [
        *export_meeting(db, demo.id, "xlsx", tmp_path / "indicators.xlsx", lang="zh", today=TODAY,
                        tables=["indicators"]),
        *export_meeting(db, 1, "xlsx", tmp_path / "tracking.xlsx", lang="zh", today=TODAY, tables=["actions"]),
        *export_actions(db, tmp_path / "all-actions.xlsx", "xlsx", lang="zh", today=TODAY),
        *export_meeting(db, demo.id, "xlsx", tmp_path / "whole.xlsx", lang="zh", today=TODAY),
    ]
    indicators, tracking, everything, whole = to_pdf(files, tmp_path)
    assert pdf_pages(tracking) <= 2 and pdf_pages(everything) <= 2
    assert pdf_pages(whole) < 22 + 1  # the count before print setup, plus one page of 上次行动跟踪
    pages = pdf_pages(indicators)
    if shutil.which("pdftotext"):
        names = {s.presenter for s in queries.slots_for(db, demo.id)}
        for page in range(1, pages + 1):
            words = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(indicators), "-"],
                                   capture_output=True, text=True, check=True).stdout
            assert "达成率" in words and "具体指标" in words  # the header row, repeated
            assert names & set(words.split()), f"page {page} has numbers without names"
            assert "差异分析" in words  # one page wide: the last column is on every page
