"""Markdown exports are inert: whatever a user typed renders as typed, never as a link, emphasis, a
table, a heading or HTML. Checked by rendering the export with markdown-it (CommonMark + GFM tables)."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from core.model import Action, Lesson, LessonKind
from db import queries
from exports.write import export_meeting
from tests.conftest import TODAY

INJECTIONS = [
    "[点我](javascript:alert(1))",
    "**粗体**",
    "a | b | c",
    "<script>alert(1)</script>",
    "![图](http://example.com/x.png)",
    "`代码` _斜体_ ~~删除~~",
    "<http://example.com>",
    "&lt;已转义&gt;",
    "\\*反斜杠\\*",
]
# Typed at the start of a line, these would start a block.
LINE_STARTS = ["# 标题", "- 列表", "1. 编号", "> 引用", "    缩进", "===", "+ 加号"]


def render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def shown_text(rendered: str) -> str:
    """What a reader sees: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize("fmt", ["md", "report"])
def test_injection_strings_render_as_typed(db, demo, tmp_path, fmt):
    for typed in INJECTIONS:
        queries.save_action(db, Action(demo.id, "张伟", typed, owner="张伟", standard=typed))
    meeting = queries.get_meeting(db, demo.id)
    meeting.title = "**复盘** [链接](javascript:alert(2)) <b>粗</b>"
    meeting.goal = "\n".join(LINE_STARTS)
    queries.save_meeting(db, meeting)
    [path] = export_meeting(db, demo.id, fmt, tmp_path, lang="zh", today=TODAY)
    rendered = render(path.read_text(encoding="utf-8"))
    labels = set(re.findall(r"<li><strong>([^<]*)</strong>: ", rendered))  # the report's own facts
    assert labels <= {"目标", "场景", "期间", "日期", "主持人", "生成日期"}
    rendered = re.sub(r"<li><strong>[^<]*</strong>: ", "<li>", rendered)
    # the report's charts: a bold caption, then the bars in a text code block
    rendered = re.sub(r'<p><strong>[^<]*</strong></p>\s*<pre><code class="language-text">[^<]*</code></pre>', "",
                      rendered)
    for tag in ("<a ", "<strong>", "<em>", "<script", "<img", "<code>", "<del>", "<s>", "<blockquote>",
                "<pre>", "<ol", "<b>", "<h4"):
        assert tag not in rendered, tag
    seen = shown_text(rendered)
    for typed in INJECTIONS:
        if typed != "a | b | c":
            assert typed in seen, typed
    assert "a | b | c" in seen  # one cell: the pipes did not add columns
    assert "**复盘** [链接](javascript:alert(2)) <b>粗</b>" in seen
    if fmt == "report":  # the goal is shown in the facts list, line by line, no block started
        for line in LINE_STARTS:
            assert line.strip() in seen, line
        assert rendered.count("<h1>") == 1
        assert "<ul>" in rendered  # our own facts list is still a list


def test_injections_in_every_table_of_the_markdown_export(db, demo, tmp_path):
    typed = "[点我](javascript:alert(1)) **粗体** | <script>"
    queries.save_lesson(db, Lesson(demo.id, "张伟", LessonKind.FAILURE, content=typed, applies_to=typed))
    [path] = export_meeting(db, demo.id, "md", tmp_path, lang="zh", today=TODAY, tables=["lessons"])
    rendered = render(path.read_text(encoding="utf-8"))
    assert "<a " not in rendered and "<strong>" not in rendered and "<script" not in rendered
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", rendered, re.S)[1]
    cells = [shown_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[-2:] == [typed, typed] and len(cells) == 4
