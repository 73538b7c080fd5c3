"""The command line speaks the user's language: every --help, click's own usage errors and fupan's
messages are Chinese under `--lang zh` (wherever --lang stands) and English under `--lang en`."""

from __future__ import annotations

import re

import click
import pytest
from wcwidth import wcswidth

from core.i18n import text
from core.meeting import Scenario
from core.model import ActionStatus
from exports.tables import REPORT_TABLE_KEYS
from exports.write import FORMATS
from tests.drivers import run_cli
from tui.cli import cli

# Words a Chinese user meets as they type them: the commands, the values an option takes, table keys,
# product and file-format names, the environment variable and period codes (H1, Q3).
PRODUCT_WORDS = {"fupan", "CSV", "XLSX", "Markdown", "FUPAN_DB", "db", "H", "Q"}


def _command_paths() -> list[list[str]]:
    ctx = click.Context(cli)
    paths: list[list[str]] = [[]]
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        paths.append([name])
        if isinstance(command, click.Group):
            paths += [[name, sub] for sub in command.commands]
    return paths


COMMAND_PATHS = _command_paths()
ALLOWED = (PRODUCT_WORDS | {word for path in COMMAND_PATHS for word in path} | set(REPORT_TABLE_KEYS)
           | {s.value for s in ActionStatus} | {s.value for s in Scenario} | set(FORMATS))


def latin_words(shown: str) -> set[str]:
    """Latin words outside option names (--out, -h) and lists of values typed as they are ([zh|en])."""
    shown = re.sub(r"(?<![\w])--?[a-z][a-z-]*|\[[a-z_|]+\]", " ", shown)
    return set(re.findall(r"[A-Za-z][A-Za-z_]*", shown))


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda path: " ".join(path) or "fupan")
def test_every_help_is_chinese_under_zh_and_english_under_en(capsys, path):
    code, zh, _ = run_cli(capsys, *path, "--help", "--lang", "zh")  # --lang after --help still counts
    assert code == 0
    assert zh.startswith("用法: fupan") and "选项:" in zh and "显示本帮助并退出。" in zh
    assert latin_words(zh) <= ALLOWED, latin_words(zh) - ALLOWED
    assert not re.search(r"cli\.(help|metavar)\.", zh)  # no key shown in place of a text
    code, en, _ = run_cli(capsys, "--lang", "en", *path, "--help")
    assert code == 0
    assert en.startswith("Usage: fupan") and "Show this message and exit." in en
    english = text("cli.help." + ".".join(["fupan", *path]), "en").split("\n\n")[0]
    assert re.sub(r"\s", "", en.split("\n\n")[1]) == re.sub(r"\s", "", english)  # the summary, in English
    assert not re.search(r"cli\.(help|metavar)\.", en)


def test_every_option_has_its_help_in_both_languages(capsys):
    for path in COMMAND_PATHS:
        for lang in ("zh", "en"):
            _, shown, _ = run_cli(capsys, "--lang", lang, *path, "--help")
            options = [line for line in shown.splitlines() if line.lstrip().startswith("-")]
            # an option's help is on its line, or on the next one when the option itself is long
            lines = shown.splitlines()
            for line in options:
                i = lines.index(line)
                rest = line.strip().split("  ", 1)
                assert len(rest) == 2 and rest[1].strip() or lines[i + 1].strip(), (path, lang, line)


def test_help_columns_line_up_in_terminal_cells(capsys):
    _, shown, _ = run_cli(capsys, "--lang", "zh", "actions", "--help")
    starts = set()
    for line in shown.splitlines():
        match = re.match(r"(  --?[^\s]+(?: [^\s]+)?\s+)(\S)", line)
        if match:
            starts.add(wcswidth(match.group(1)))
    assert len(starts) == 1  # the help column starts in one terminal column, 会议 counting two cells each
    assert all(wcswidth(line) <= 80 for line in shown.splitlines())


def test_a_group_alone_shows_its_help_in_chinese(capsys, db_path):
    code, _, err = run_cli(capsys, "--db", str(db_path), "--lang", "zh", "import")
    assert code == 2 and err.startswith("用法: fupan import [选项] 命令 [参数]...")
    assert "导入指标表" in err


@pytest.mark.parametrize(("argv", "says"), [
    (["export", "1", "--bogus"], "没有选项 '--bogus'"),
    (["open"], "缺少参数 '会议'"),
    (["open", "abc"], "'会议' 的值无效：'abc' 不是有效的数字"),
    (["meetingz"], "没有命令 'meetingz'"),
    (["export", "1", "--format", "pdf"], "'--format' 的值无效：'pdf' 不是"),
    (["meetings", "extra"], "多余的参数（extra）"),
    (["actions", "--meeting", "0"], "超出范围"),
    (["actions", "update", "999", "done"], "没有编号为 999 的行动；没有任何改动"),
    (["actions", "update", "1", "bogus"], "'bogus'：应为以下之一：not_started/未开始"),
    (["export", "999"], "没有编号为 999 的会议"),
    (["new"], "缺少选项 --title"),
    (["new", "--title", "x", "--goal", "随便聊聊"], "太笼统"),
    (["new", "--title", "x", "--goal", "分析Q3销售额未达标原因", "--date", "2026-02-30"], "应为日期"),
    (["new", "--title", "x", "--goal", "分析Q3销售额未达标原因", "--presenter", "张伟:0"], "冒号后为 1 到 120 的整数分钟"),
    (["new", "--title", "x" * 201, "--goal", "分析Q3销售额未达标原因"], "太长：201 个字符，最多 200 个"),
    (["--db", "", "meetings"], "路径为空"),
])
def test_a_bad_argument_under_zh_is_one_chinese_line(capsys, db_path, argv, says):
    run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    before = run_cli(capsys, "--db", str(db_path), "--lang", "en", "meetings")[1]
    code, out, err = run_cli(capsys, "--db", str(db_path), *argv, "--lang", "zh")
    assert code == 2 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith("错误：") and says in line, line
    assert "Traceback" not in err
    assert latin_words(line) - ALLOWED <= {"bogus", "meetingz", "pdf", "extra", "abc", "w"}, line
    assert run_cli(capsys, "--db", str(db_path), "--lang", "en", "meetings")[1] == before  # nothing changed


def test_the_same_errors_stay_english_under_en(capsys, db_path):
    code, _, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "open", "abc")
    assert code == 2 and err == "error: fupan open: Invalid value for 'MEETING': 'abc' is not a valid integer.\n"
    code, _, err = run_cli(capsys, "--db", str(db_path), "export", "1", "--bogus", "--lang", "en")
    assert err.startswith("error: fupan export: No such option '--bogus'.")


def test_messages_of_a_successful_command_follow_the_language(capsys, db_path):
    code, out, _ = run_cli(capsys, "--db", str(db_path), "--lang", "zh", "meetings")
    assert code == 0 and out.strip() == "还没有复盘会 — 试试 `fupan demo`"
    code, out, _ = run_cli(capsys, "--db", str(db_path), "demo", "--no-open", "--lang", "zh")
    assert out.startswith("示例会议 ")
    code, out, _ = run_cli(capsys, "--db", str(db_path), "new", "--title", "华东 Q3 复盘会", "--goal",
                           "分析Q3销售额未达标原因", "--presenter", "张伟", "--lang", "zh")
    assert code == 0 and out.strip().endswith("华东 Q3 复盘会\t1 位汇报人")


def test_version_follows_the_language(capsys):
    assert run_cli(capsys, "--version", "--lang", "zh")[1].startswith("fupan 版本 ")
    assert run_cli(capsys, "--lang", "en", "--version")[1].startswith("fupan, version ")


def test_a_rejected_sheet_lists_its_problems_in_chinese(capsys, db_path, tmp_path):
    run_cli(capsys, "--db", str(db_path), "demo", "--no-open")
    sheet = tmp_path / "指标.csv"
    sheet.write_text("汇报人,指标,单位,期间,目标,实际\n张伟,销售额,万元,1月,500,abc\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "zh", "import", "indicators", str(sheet),
                             "--meeting", "2")
    assert code == 2 and out == ""
    assert err.splitlines() == ["指标.csv，第 2 行，实际列：“abc”，应为 数字，如 500、500万、1.2亿、￥1,234 或 76%",
                                "错误：指标.csv 中有 1 个问题；没有写入任何数据"]


@pytest.mark.parametrize(("argv", "zh_shown", "en_shown"), [
    (["serve", "--help"], "[默认：8000; 范围：1–65535]", "1<=x<=65535]"),
    (["actions", "--help"], "[范围：≥1]", "[x>=1]"),
    (["serve", "--port", "0"], "0 超出范围：1–65535。", "0 is not in the range 1<=x<=65535."),
    (["actions", "--meeting", "0"], "0 超出范围：≥1。", "0 is not in the range x>=1."),
])
def test_a_numbers_range_is_written_in_chinese_under_zh(capsys, argv, zh_shown, en_shown):
    """click writes a range as "1<=x<=65535" in help and errors; under zh it is 范围：1–65535 (an id has no
    upper bound a user means: ≥1), under en click's own notation."""
    code, out, err = run_cli(capsys, "--lang", "zh", *argv)
    shown = re.sub(r"\s+", " ", out + err)
    assert zh_shown in shown and "<=" not in shown and "x>=" not in shown, shown
    code, out, err = run_cli(capsys, "--lang", "en", *argv)
    assert en_shown in re.sub(r"\s+", " ", out + err)


@pytest.mark.parametrize(("argv", "says"), [
    (["open"], "缺少参数 '会议'。"),  # click writes the full stop into its format: an English "." before
    (["import", "indicators", "missing.csv", "--meeting"], "missing.csv：应为 已存在的文件"),
    (["import", "agenda", "old.xls", "--meeting"], "应为 已存在的文件"),
])
def test_a_sweep_as_a_chinese_facilitator_meets_no_english_in_these_errors(capsys, db_path, demo, argv, says):
    if argv[-1] == "--meeting":
        argv = [*argv, str(demo.id)]
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "zh", *argv)
    assert code != 0 and says in out + err, out + err
    assert not latin_words(re.sub(r"\S+\.(csv|xls)", "", out + err)) - ALLOWED, out + err


@pytest.mark.parametrize(("name", "content", "says"), [
    ("empty.csv", "", "表头行和数据：文件是空的"),
    ("old.xls", "x", ".xlsx 或 .csv 文件（请把旧的 .xls 另存为 .xlsx 或 CSV）"),
])
def test_a_sheet_s_problem_is_chinese_under_zh(capsys, db_path, demo, tmp_path, name, content, says):
    sheet = tmp_path / name
    sheet.write_text(content)
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "zh", "import", "indicators", str(sheet),
                             "--meeting", str(demo.id))
    assert code != 0 and says in out + err, out + err


def _xlsx(path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "指标"
    book.active.append(["汇报人", "指标", "期间", "目标值", "实际值"])
    book.save(path)
    return path


@pytest.mark.parametrize(("name", "content", "extra", "says"), [
    ("无表头.csv", "甲,乙\n1,2\n", [], "前 10 行中的表头行"),
    ("坏.xlsx", "x", [], "可读的 .xlsx 文件"),
    ("表.xlsx", None, ["--sheet", "不存在"], "工作表名，以下之一：指标"),
    ("引号.csv", '汇报人,指标,期间,目标值\n张伟,"' + "长" * 140_000 + "\n", [], "本行起有一格超过"),
    ("两种.csv", "汇报人,指标,期间,目标值,实际值,1月目标\n张伟,销售额,1月,1,1,1\n", [], "每个工作表只用一种格式"),
    ("重复.csv", "汇报人,指标,1月目标,一月目标\n张伟,销售额,1,1\n", [], "每期每项只要一列"),
])
def test_a_sheet_s_problem_with_values_is_chinese_under_zh(capsys, db_path, demo, tmp_path, name, content, extra,
                                                           says):
    """A sheet's problems built with a value (the scanned rows, a sheet's names, the limit) read in Chinese too."""
    sheet = tmp_path / name
    if content is None:
        _xlsx(sheet)
    else:
        sheet.write_text(content, encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "zh", "import", "indicators", str(sheet),
                             "--meeting", str(demo.id), *extra)
    assert code != 0 and says in out + err, out + err
    shown = re.sub(r"\S+\.(csv|xlsx)", "", out + err)
    assert not latin_words(shown) - ALLOWED - {"BadZipFile", "C", "D"}, out + err  # column letters as Excel shows
    code, out, err = run_cli(capsys, "--db", str(db_path), "--lang", "en", "import", "indicators", str(sheet),
                             "--meeting", str(demo.id), *extra)
    assert code != 0 and "expected" in out + err and "应为" not in out + err, out + err
