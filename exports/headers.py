"""Header aliases: which field each column of a sheet holds, named in Chinese or English, Simplified or
Traditional (汇报人/姓名/presenter, 目标值/目标/target, 1月目标 …), and cells compared in fupan's vocabulary."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from core.parse import ParseError, parse_period


# --- headers --------------------------------------------------------------------------------------


@functools.cache
def _traditional_to_simplified() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=8192)
def simplified(typed: str) -> str:
    """Traditional Chinese as Simplified (銷售代表 → 销售代表, 萬元 → 万元), by OpenCC's dictionaries.

    Applied to what a sheet says in fupan's vocabulary (headers, units, directions, aggregations,
    periods, statuses, magnitudes such as 500萬), so a sheet kept by a Taiwan or Hong Kong team reads like
    a mainland one. Names, categories and notes are stored as written.
    """
    if typed.isascii():
        return typed
    return _traditional_to_simplified().convert(typed)


def vocabulary(value: Any) -> str:
    """A cell in fupan's vocabulary (a unit, direction, period …) as compared: trimmed and Simplified."""
    return simplified(cell_text(value))


def header_key(header: Any) -> str:
    """A header as compared: NFKC (full-width → ASCII), Simplified, lower case, no spaces, marks or
    required stars."""
    folded = simplified(unicodedata.normalize("NFKC", str(header or ""))).lower()
    return re.sub(r"[\s_*:：.]", "", folded)


def unbracketed(norm: str) -> str:
    return re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", norm)


INDICATOR_FIELDS: dict[str, tuple[str, ...]] = {
    "presenter": ("汇报人", "呈现人", "姓名", "销售", "销售代表", "销售人员", "业务员", "人员", "presenter",
                  "name", "rep", "salesrep", "salesperson"),
    "indicator": ("具体指标", "指标", "指标名称", "考核指标", "indicator", "kpi", "metric"),
    "period": ("期间", "月份", "月", "时间", "周期", "period", "month"),
    "target": ("目标值", "目标", "计划值", "计划", "target", "plan"),
    "actual": ("实际值", "实际", "完成值", "实际完成", "完成", "actual"),
    "last_year": ("去年同期", "上年同期", "同期", "去年", "lastyear", "ly"),
    "benchmark": ("行业/竞品", "行业平均", "竞品", "标杆", "benchmark"),
    "unit": ("单位", "unit"),
    "direction": ("方向", "指标方向", "direction"),
    "category": ("指标类别", "类别", "分类", "category"),
    "aggregation": ("汇总方式", "汇总", "aggregation"),
    "note": ("备注", "说明", "note", "notes", "comment"),
}
AGENDA_FIELDS: dict[str, tuple[str, ...]] = {
    "presenter": INDICATOR_FIELDS["presenter"],
    "order": ("顺序", "序号", "次序", "排序", "order", "no", "#", "position"),
    "minutes": ("时长(分钟)", "时长", "分钟", "每人时长(分钟)", "汇报时长", "minutes", "min", "duration"),
}
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "id", "行动编号", "actionid"),
    "status": ("当前状态", "状态", "status"),
    "start": ("开始时间", "开始日期", "start", "startdate"),
    "due": ("完成时间", "截止时间", "截止日期", "完成日期", "due", "duedate"),
    "note": ("备注", "进展说明", "note", "notes", "comment"),
    "last_update": ("最近更新", "lastupdate"),
    "origin": ("fupan导出值", "fupanexport"),  # (勿改) / (do not edit) read as a remark
}

_WIDE_FIELDS = {
    "目标值": "target", "目标": "target", "计划": "target", "target": "target", "plan": "target",
    "实际值": "actual", "实际": "actual", "完成": "actual", "actual": "actual",
    "去年同期": "last_year", "lastyear": "last_year",
}
_WIDE_SUFFIX = re.compile(rf"^(?P<period>.+?)-?(?P<field>{'|'.join(_WIDE_FIELDS)})$")
_WIDE_PREFIX = re.compile(rf"^(?P<field>{'|'.join(_WIDE_FIELDS)})-?(?P<period>.+)$")


def field_of(header: Any, fields: dict[str, tuple[str, ...]]) -> str | None:
    norm = header_key(header)
    if not norm:
        return None
    for candidate in (norm, unbracketed(norm)):
        for name, aliases in fields.items():
            if candidate in aliases:
                return name
    return None


def wide_column(header: Any) -> tuple[str, str] | None:
    """(period code, field) of a wide-layout header: 1月目标, Q1实际, H1目标, Jan target, 目标-Q2."""
    norm = unbracketed(header_key(header))
    for pattern in (_WIDE_SUFFIX, _WIDE_PREFIX):
        match = pattern.match(norm)
        if match:
            try:
                return parse_period(match["period"]), _WIDE_FIELDS[match["field"]]
            except ParseError:
                continue
    return None


def cell_text(value: Any) -> str:
    """A cell as trimmed text ("" for blank; 12.0 as "12", as Excel shows it)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
