"""Export file names: the meeting's title and the table's name, in the UI language, safe on every system."""

from __future__ import annotations

import os
import tempfile
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.files import FALLBACK_STEM, MAX_NAME_BYTES, export_file_name, safe_file_name

WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
SUFFIXES = st.sampled_from([".xlsx", ".csv", ".md", ".html", ""])
TITLES = st.text(st.characters(codec="utf-8"), max_size=300) | st.sampled_from(
    ["CON", "nul", "Com1 ", "lpt9.", "..", " . ", "a/b\\c", "华东销售中心2026上半年复盘会", "\x00\x1b[2J"])


def assert_safe_everywhere(name: str, suffix: str) -> None:
    assert name.endswith(suffix) and name != suffix
    assert not WINDOWS_FORBIDDEN & set(name)
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in name)
    assert name == name.strip(" ") and not name.endswith(".") and not name.startswith(".")
    assert name.split(".")[0].strip(" ").upper() not in RESERVED
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert len(name.encode("utf-16-le")) // 2 <= 255  # NTFS counts UTF-16 units


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(title=TITLES, suffix=SUFFIXES)
@example(title="CON", suffix=".xlsx")
@example(title="长" * 300, suffix=".xlsx")
def test_any_title_becomes_a_name_every_system_accepts_and_cleaning_it_again_changes_nothing(title, suffix):
    name = safe_file_name(title, suffix)
    assert_safe_everywhere(name, suffix)
    assert safe_file_name(name[: len(name) - len(suffix)], suffix) == name


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(title=TITLES, part=st.sampled_from(["行动计划跟踪表", "复盘报告", "Action tracking", "Review tables"]),
       suffix=SUFFIXES.filter(bool))
def test_an_export_is_named_by_its_title_then_its_part_which_is_never_cut(title, part, suffix):
    name = export_file_name(title, part, suffix)
    assert_safe_everywhere(name, suffix)
    assert name.endswith(f"{part}{suffix}")
    with tempfile.TemporaryDirectory() as folder:  # and the file system really takes it
        with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
            file.write("ok")
        assert os.listdir(folder) == [name]


def test_a_plain_title_is_kept_as_typed():
    assert export_file_name("华东销售中心2026上半年复盘会", "行动计划跟踪表", ".xlsx") == \
        "华东销售中心2026上半年复盘会-行动计划跟踪表.xlsx"
    assert export_file_name("East China H1 review", "Action tracking", ".csv") == \
        "East China H1 review-Action tracking.csv"
    assert export_file_name("华东 2026 年上半年复盘会", "复盘报告", ".html") == "华东 2026 年上半年复盘会-复盘报告.html"


@pytest.mark.parametrize(("title", "expected"), [
    ('Q3: 华东/华南 "冲刺"?', 'Q3_ 华东_华南 _冲刺__-行动计划跟踪表.csv'),
    ("复盘会.  ", "复盘会-行动计划跟踪表.csv"),
    ("a\tb\x1b[2Jc\nd", "a b_[2Jc d-行动计划跟踪表.csv"),
    ("", "行动计划跟踪表.csv"),
    ("???", "___-行动计划跟踪表.csv"),
    (" .. ", "行动计划跟踪表.csv"),
])
def test_what_windows_refuses_is_replaced_and_nothing_is_left_at_the_ends(title, expected):
    assert export_file_name(title, "行动计划跟踪表", ".csv") == expected


@pytest.mark.parametrize("stem", ["CON", "con", "Nul", "COM1", "lpt9", "AUX "])
def test_windows_device_names_get_a_prefix(stem):
    assert safe_file_name(stem, ".xlsx") == f"_{stem.strip()}.xlsx"
    assert safe_file_name(stem) == f"_{stem.strip()}"


def test_a_long_title_is_shortened_at_a_character_and_an_empty_one_falls_back():
    name = export_file_name("华" * 200, "行动计划跟踪表", ".xlsx")
    assert name.endswith("华-行动计划跟踪表.xlsx") and len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert safe_file_name("", ".md") == f"{FALLBACK_STEM}.md"
