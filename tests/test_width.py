"""One display width (core.width) for the terminal, the exports' columns and the charts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from core.width import display_width, pad


def test_wide_characters_count_twice():
    assert display_width("abc") == 3
    assert display_width("销售额") == 6
    assert display_width("Ｑ３销售") == 8
    assert display_width("e\u0301") == 1  # a combining accent takes no column of its own


@pytest.mark.parametrize("value", ["华东区 Q3 复盘会", "✎ 草稿（未保存）", "张三·销售部", "达成率 76.0%", "▶ 李四",
                                   "█▉▏", "—", "✓ 张伟 ⚑", "↷ 李娜", "ａｂｃ", "연습", "カタカナ", "Crème brûlée"])
def test_the_terminal_draws_what_the_measure_says(value):
    assert display_width(value) == cell_len(value)


@given(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Mn", "Nd", "Zs", "Po", "Sm"),
                                      max_codepoint=0xFFFF)))
def test_the_measure_agrees_with_rich_on_letters_digits_and_punctuation(value):
    assert display_width(value) == cell_len(value)


def test_pad_fills_to_the_width_and_never_cuts():
    assert pad("张三", 6) == "张三  "
    assert pad("张三李四", 4) == "张三李四"


def test_every_character_of_the_blocks_measured_without_wcwidth_has_that_width_in_wcwidth_and_rich():
    """core.width skips loading wcwidth for Chinese text and the usual marks (start-up): each block's
    width must be every one of its characters' width in wcwidth's tables and in what Rich draws."""
    from rich.cells import get_character_cell_size
    from wcwidth import wcwidth

    from core.width import BLOCKS

    for first, last, cells in BLOCKS:
        for code in range(ord(first), ord(last) + 1):
            assert wcwidth(chr(code)) == cells == get_character_cell_size(chr(code)), hex(code)


def test_chinese_text_is_measured_without_loading_wcwidth():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; from core.width import display_width; "
            "assert display_width('华东销售中心 2026 年上半年复盘会（Ｈ１）') == 40; "
            "assert 'wcwidth' not in sys.modules; assert display_width('…·▶—') == 4; assert 'wcwidth' not in sys.modules; "
            "display_width('⚑'); assert 'wcwidth' in sys.modules")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr
