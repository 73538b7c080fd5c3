"""Empty import templates (indicators, agenda) with the expected headers and one example row, as CSV
and XLSX: what `fupan template` writes."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from core.i18n import Lang, label, text
from core.model import Aggregation, Direction


_INDICATOR_TEMPLATE_KEYS = ("presenter", "indicator_category", "indicator", "unit", "direction", "aggregation",
                            "period", "target", "actual", "last_year", "note")
_AGENDA_TEMPLATE_KEYS = ("order", "presenter", "minutes")


def _template_examples(lang: Lang) -> tuple[list[Any], list[Any]]:
    """One example row for each template, typed the way a user would fill it in."""
    indicator = ["张伟", "整体业绩", "销售额", "万元", label(Direction.HIGHER, lang), label(Aggregation.SUM, lang),
                 "1月" if lang == "zh" else "Jan", 80, 70, 65, ""]
    return indicator, [1, "张伟", 10]


TEMPLATE_STEMS = ("indicators-template", "agenda-template")


def write_templates(directory: str | Path, lang: Lang, *, overwrite: bool = False) -> list[Path]:
    """Empty import templates with the expected headers and one example row, as CSV (BOM) and XLSX.

    A template already in ``directory`` may have been filled in: nothing is written then, unless
    ``overwrite`` (a FileExistsError names the files).
    """
    folder = Path(directory)
    targets = [folder / f"{stem}{suffix}" for stem in TEMPLATE_STEMS for suffix in (".csv", ".xlsx")]
    if not overwrite and (existing := [p.name for p in targets if p.exists()]):
        raise FileExistsError(f"{folder}: {', '.join(existing)} already there (perhaps filled in); "
                              f"nothing was written — choose another folder or overwrite them")
    folder.mkdir(parents=True, exist_ok=True)
    examples = dict(zip(TEMPLATE_STEMS, _template_examples(lang), strict=True))
    keys = {"indicators-template": _INDICATOR_TEMPLATE_KEYS, "agenda-template": _AGENDA_TEMPLATE_KEYS}
    written = []
    for path in targets:
        stem = path.stem
        headers = [text(k, lang) for k in keys[stem]]
        write = _template_csv if path.suffix == ".csv" else _template_xlsx
        written.append(write(path, headers, examples[stem]))
    return written


def _template_csv(path: Path, headers: list[str], example: list[Any]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([headers, example])
    return path


def _template_xlsx(path: Path, headers: list[str], example: list[Any]) -> Path:
    import xlsxwriter

    from core.width import display_width

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    try:
        sheet = workbook.add_worksheet()
        bold = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
            value = example[col]
            if isinstance(value, (int, float)):
                sheet.write_number(1, col, value)
            elif value:
                sheet.write_string(1, col, value)
            sheet.set_column(col, col, max(display_width(header), display_width(str(value))) + 4)
        sheet.freeze_panes(1, 0)
    finally:
        workbook.close()
    return path
