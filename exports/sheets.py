"""Reading sheets in: indicator sheets, agendas and the edited action tracking sheet (DESIGN.md §5).

Sheets come as people keep them: CSV in UTF-8, UTF-8 with BOM or GBK/GB18030, or XLSX; a title row
above the header; Chinese or English headers with common aliases; long or wide layout; values typed as
`500万`, `￥1,234`, `76%`. Every import is all or nothing: each problem is collected with the row and
column the user sees in Excel, and a `SheetError` carrying all of them is raised before anything is
written. openpyxl and xlsxwriter load only when an XLSX file is read or written.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import islice
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import rules
from core.i18n import Lang, label, parse_label, text, update_text
from core.model import (
    ActionStatus,
    Aggregation,
    AggregationSource,
    Direction,
    Indicator,
    IndicatorValue,
    Slot,
)
from core.parse import (
    ParseError,
    parse_date,
    parse_due_date,
    parse_period,
    parse_quantity,
    parse_slot_minutes,
    parse_status,
    person_name,
)
from db import queries
from db.store import writer
from exports.headers import (
    ACTION_FIELDS,
    AGENDA_FIELDS,
    INDICATOR_FIELDS,
    cell_text,
    header_key,
    simplified,
    vocabulary,
    wide_column,
)
from exports.layouts import (
    HEADER_SCAN_ROWS,
    Layout,
    RowReader,
    data_rows,
    find_layout,
    lettered,
    open_sheet,
    require_columns,
    whole_number,
)
from exports.reading import Problem, Sheet, SheetError, csv_delimiter, decode_csv_bytes, read_sheet
from exports.tables import RowOrigin

if TYPE_CHECKING:  # sqlite-utils loads in db.store.attach, keeping pandas out of start-up
    from sqlite_utils import Database

PREVIEW_ROWS = 1000


# --- indicator sheets -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One value as it would be written: what the setup screen shows before importing (the first
    PREVIEW_ROWS of them; the counts in ImportResult cover all)."""

    row: int
    presenter: str
    indicator: str
    period: str
    target: float | None
    actual: float | None
    unit: str


@dataclass(frozen=True, slots=True)
class AggregationLine:
    """How one indicator of an imported sheet rolls up, who decided it, and what its unit and name say."""

    indicator: str
    unit: str
    aggregation: Aggregation
    source: AggregationSource
    inferred: rules.InferredAggregation
    in_doubt: bool  # stored by an earlier version's default, and the unit or name says otherwise

    def why(self, lang: Lang) -> str:
        return text(f"aggregation_by.{self.inferred.by}", lang).format(clue=self.inferred.clue)

    def described(self, lang: Lang) -> str:
        """平均跟进周期 → 平均（单位「天」） / 平均跟进周期 → mean (unit '天')."""
        return text("import.aggregation_item", lang).format(
            indicator=self.indicator, aggregation=label(self.aggregation, lang), why=self.why(lang))

    def shown(self, lang: Lang) -> str:
        """The aggregation as a preview cell: 平均 (推断), 求和 (待确认) …"""
        mark = {AggregationSource.INFERRED: "aggregation_mark.inferred",
                AggregationSource.LEGACY: "aggregation_mark.legacy"}.get(self.source)
        if self.source is AggregationSource.LEGACY and not self.in_doubt:
            mark = None
        return label(self.aggregation, lang) + (f" ({text(mark, lang)})" if mark else "")


@dataclass(slots=True)
class ImportResult:
    """What an indicator import wrote (or, with dry_run, would write)."""

    file: str
    dry_run: bool
    indicators_created: int = 0
    indicators_updated: int = 0
    values_created: int = 0
    values_updated: int = 0
    values_unchanged: int = 0  # in the sheet exactly as stored
    rolled_up: int = 0
    preview: list[PreviewRow] = field(default_factory=list)
    aggregations: list[AggregationLine] = field(default_factory=list)  # each indicator of the sheet

    def aggregation_notes(self, lang: Lang) -> list[str]:
        """A warning line naming each aggregation that was inferred, and one line per indicator whose
        aggregation an earlier version stored by default while its unit or name suggests another."""
        notes = []
        inferred = [line for line in self.aggregations if line.source is AggregationSource.INFERRED]
        if inferred:
            items = "; ".join(line.described(lang) for line in inferred)
            notes.append(text("import.aggregation_inferred", lang).format(count=len(inferred), items=items))
        for line in self.aggregations:
            if line.in_doubt:
                notes.append(text("import.aggregation_legacy", lang).format(
                    indicator=line.indicator, stored=label(line.aggregation, lang),
                    inferred=label(line.inferred.aggregation, lang), why=line.why(lang)))
        return notes

    def summary(self) -> str:
        verb = "would write" if self.dry_run else "wrote"
        told = (f"{self.file}: {verb} {self.indicators_created} new and {self.indicators_updated} updated "
                f"indicators, {self.values_created} new and {self.values_updated} updated values")
        if self.values_unchanged:
            told += f" ({self.values_unchanged} values already as stored, unchanged)"
        if self.rolled_up:
            told += (f"; {self.rolled_up} rows for a quarter, half-year or year not stored: they are what "
                     f"fupan computes from the months")
        return told


@dataclass(slots=True)
class _IndicatorSpec:
    """An indicator as the sheet describes it; None means "not given, keep what is there"."""

    name: str
    row: int
    category: str | None = None
    unit: str | None = None
    direction: Direction | None = None
    aggregation: Aggregation | None = None


_VALUE_FIELDS = ("target", "actual", "last_year", "benchmark")
_SPEC_ATTRS = ("category", "unit", "direction", "aggregation")
_DIRECTION_WORDS = {"高": "higher", "正向": "higher", "↑": "higher", "越大越好": "higher",
                    "低": "lower", "反向": "lower", "↓": "lower", "越小越好": "lower"}
_AGGREGATION_WORDS = {"累计": "sum", "合计": "sum", "总和": "sum", "均值": "mean", "平均值": "mean",
                      "最新": "last", "期末": "last"}


class _RowReader(RowReader):
    """A RowReader of an indicator sheet: values read in their indicator's unit, attributes seen once."""

    def __init__(self, sheet: Sheet, layout: Layout) -> None:
        super().__init__(sheet, layout)
        self._quantity: dict[str, Callable[[Any], float | None]] = {}
        self.specs_seen: set[tuple[Any, ...]] = set()
        self.value_columns = [name for name in _VALUE_FIELDS if name in layout.fields]

    def quantity_parser(self, unit: str) -> Callable[[Any], float | None]:
        """core.parse.parse_quantity in ``unit`` (one function per unit, so parsed cells are shared)."""
        if unit not in self._quantity:
            self._quantity[unit] = lambda raw: _quantity(raw, unit)
        return self._quantity[unit]


def _quantity(raw: Any, unit: str) -> float | None:
    """core.parse.parse_quantity of a cell in ``unit``; a cell it cannot read is read again in Simplified
    Chinese (500萬 is 500万, 1.2億 is 1.2亿), so the converter runs only for the few cells that need it."""
    if not isinstance(raw, str):
        return parse_quantity(raw, unit)
    typed = raw.strip()
    try:
        return parse_quantity(typed, unit)
    except ParseError:
        if (converted := simplified(typed)) == typed:
            raise
    try:
        return parse_quantity(converted, unit)
    except ParseError as exc:
        raise ParseError(raw, exc.expected) from None  # the cell as typed, not as converted


def _direction(value: Any) -> Direction | None:
    typed = vocabulary(value)
    if not typed:
        return None
    return Direction(parse_label(Direction, _DIRECTION_WORDS.get(typed, typed)))


def _aggregation(value: Any) -> Aggregation | None:
    typed = vocabulary(value)
    if not typed:
        return None
    return Aggregation(parse_label(Aggregation, _AGGREGATION_WORDS.get(typed, typed)))


def _period(value: Any) -> str:
    """A period cell; Excel turns a typed "2026-01" into a date, which still means that month."""
    if isinstance(value, (date, datetime)):
        return f"M{value.month:02d}"
    typed = vocabulary(value)
    if not typed:
        raise ParseError(value, "a period such as 1月, Q1, 上半年 or FY")
    return parse_period(typed)


def import_indicators(
    db: Database, meeting_id: int, path: str | Path, *, sheet: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Import an indicator sheet (long or wide layout) into a meeting, all or nothing.

    Indicators are matched by name within the meeting; values are upserted by (indicator, presenter,
    period), and only the value columns the sheet has are written (a sheet of targets keeps actuals).
    """
    queries.get_meeting(db, meeting_id)
    if sheet is None and _columnar_worthwhile(Path(path)):
        result = _import_indicator_columns(db, meeting_id, Path(path), dry_run)
        if result is not None:
            return result
    data = read_sheet(path, sheet)
    layout = find_layout(data, INDICATOR_FIELDS, allow_wide=True)
    reader = _RowReader(data, layout)
    is_wide = bool(layout.wide) and not ({"target", "actual"} & layout.fields.keys())
    required = ["presenter", "indicator"] + ([] if is_wide else ["period"])
    missing = require_columns(data, layout, required, INDICATOR_FIELDS)
    if not is_wide and not ({"target", "actual"} & layout.fields.keys()):
        missing += require_columns(data, layout, ["target", "actual"], INDICATOR_FIELDS)
    if is_wide:
        missing += _wide_duplicates(data, layout)
    else:  # a long sheet would silently drop a period column such as 2月目标
        header_row = data.rows[layout.header_index][0]
        missing += [Problem(data.name, header_row, layout.headers[col], None,
                            "one layout per sheet: a 期间 column with 目标值/实际值, or one column per period "
                            "(1月目标, 1月实际 …), not both") for col, _, _ in layout.wide]
    if missing:
        raise SheetError(missing)
    names_on_agenda = _agenda_names(db, meeting_id)
    agenda = list(names_on_agenda.values())
    existing = {i.name: i for i in queries.indicators_for(db, meeting_id)}
    specs: dict[str, _IndicatorSpec] = {}
    values: dict[tuple[str, str, str], tuple[int, dict[str, Any]]] = {}
    value_fields = ([f for f in (*_VALUE_FIELDS, "note") if f in layout.fields] if not is_wide
                    else sorted({f for _, _, f in layout.wide}, key=_VALUE_FIELDS.index))
    on_agenda = set(agenda)
    presenter_col, name_col = layout.fields["presenter"], layout.fields["indicator"]
    width = len(layout.headers)
    spec_cols = [layout.fields[a] for a in _SPEC_ATTRS if a in layout.fields]
    spec_cells = itemgetter(name_col, *spec_cols)  # C-speed: a row repeating known attributes is skipped
    named: list[tuple[int, list[Any], str, str]] = []  # (row, cells, presenter, indicator)
    for number, cells in data.rows[layout.header_index + 1:]:
        if len(cells) < width:
            cells = [*cells, *[None] * (width - len(cells))]
        presenter, name = _presenter_cell(cells[presenter_col], names_on_agenda), _name_cell(cells[name_col])
        if not (presenter and name and presenter in on_agenda):
            if not any(cell_text(c) for c in cells):
                continue  # a blank row
            _check_names(reader, number, presenter, name, agenda)
            if not name:
                continue
        if name not in specs or (spec_cols and spec_cells(cells) not in reader.specs_seen):
            _indicator_spec(reader, number, cells, name, specs)
        named.append((number, cells, presenter, name))
    # Values are read in their indicator's unit as the whole sheet gives it (or as stored), so a unit
    # typed only on a later row scales the earlier rows the same way.
    units = {name: _unit_of(spec, existing.get(name)) for name, spec in specs.items()}
    for number, cells, presenter, name in named:
        row_values = _row_values(reader, number, cells, units[name], is_wide)  # parsed even to report problems
        if presenter not in on_agenda:
            continue
        for period, fields in row_values.items():
            key = (presenter, name, period)
            if key in values:
                reader.problem(number, None, f"{presenter} / {name} / {period}",
                               f"one row per presenter, indicator and period (also on row {values[key][0]})")
                continue
            values[key] = (number, fields)
    if reader.problems:
        reader.problems.sort(key=attrgetter("row"))  # stable: in sheet order, as one pass found them
        raise SheetError(reader.problems)
    result = ImportResult(data.name, dry_run)
    result.preview = [
        PreviewRow(row, presenter, name, period, fields.get("target"), fields.get("actual"),
                   _unit_of(specs[name], existing.get(name)))
        for (presenter, name, period), (row, fields) in islice(values.items(), PREVIEW_ROWS)
    ]
    presenters, names, periods = (list(c) for c in zip(*values)) if values else ([], [], [])
    columns = [[fields.get(f) for _, fields in values.values()] for f in value_fields]
    _write_indicators(db, meeting_id, specs, existing, presenters, names, periods, columns, value_fields, result)
    return result


def _wide_duplicates(sheet: Sheet, layout: Layout) -> list[Problem]:
    """Two wide columns for one period and field (2026年1月实际 and 2025年1月实际, 1月目标 and 一月目标):
    one of them would silently win."""
    first: dict[tuple[str, str], int] = {}
    problems = []
    for col, period, name in layout.wide:
        if (period, name) in first:
            other = first[period, name]
            problems.append(Problem(sheet.name, sheet.rows[layout.header_index][0],
                                    lettered(col, layout.headers[col]), None,
                                    f"one column per period and field, but column "
                                    f"{lettered(other, layout.headers[other])} is for the same"))
        else:
            first[period, name] = col
    return problems


def _name_cell(value: Any) -> str:
    return value.strip() if type(value) is str else cell_text(value)


def _agenda_names(db: Database, meeting_id: int) -> dict[str, str]:
    """{name as `person_name` folds it: name as on the agenda}, so "张　伟" in a sheet finds 张 伟."""
    return {person_name(s.presenter): s.presenter for s in queries.slots_for(db, meeting_id)}


def _presenter_cell(value: Any, agenda: dict[str, str]) -> str:
    """A presenter cell as the agenda spells the name (folded as `person_name` folds it if not on it)."""
    name = person_name(cell_text(value))
    return agenda.get(name, name)


def _check_names(reader: _RowReader, number: int, presenter: str, name: str, agenda: list[str]) -> bool:
    ok = True
    if not presenter:
        reader.problem(number, reader.layout.fields["presenter"], None, "a presenter's name")
        ok = False
    elif presenter not in agenda:
        shown = ", ".join(agenda) if agenda else "none yet: import the agenda first"
        reader.problem(number, reader.layout.fields["presenter"], presenter,
                       f"a presenter on the meeting's agenda ({shown})")
        ok = False
    if not name:
        reader.problem(number, reader.layout.fields["indicator"], None, "an indicator name")
        ok = False
    return ok


def _indicator_spec(reader: _RowReader, number: int, cells: list[Any], name: str,
                    specs: dict[str, _IndicatorSpec]) -> _IndicatorSpec:
    """The indicator's attributes on this row; a row contradicting an earlier one is a problem."""
    fields = reader.layout.fields
    reader.specs_seen.add((cells[fields["indicator"]], *(cells[fields[a]] for a in _SPEC_ATTRS if a in fields)))
    found = _IndicatorSpec(name, number)
    for attr, parser in (("category", cell_text), ("unit", vocabulary), ("direction", _direction),
                         ("aggregation", _aggregation)):
        if attr not in fields:
            continue
        raw = reader.cell(cells, attr)
        value = reader.parse(number, fields[attr], raw, parser)
        setattr(found, attr, value if value != "" else None)
    spec = specs.setdefault(name, found)
    for attr in _SPEC_ATTRS:
        mine, theirs = getattr(found, attr), getattr(spec, attr)
        if mine is None:
            continue
        if theirs is None:
            setattr(spec, attr, mine)
        elif mine != theirs:
            reader.problem(number, fields[attr], mine,
                           f"the same {attr} for {name} on every row ({theirs} on row {spec.row})")
    return spec


def _row_values(reader: _RowReader, number: int, cells: list[Any], unit: str,
                is_wide: bool) -> dict[str, dict[str, Any]]:
    """{period: {field: value}} from one row; periods with no value at all are left out."""
    quantity, parse = reader.quantity_parser(unit), reader.parse
    found: dict[str, dict[str, Any]] = {}
    if is_wide:
        for col, period, name in reader.layout.wide:
            found.setdefault(period, {})[name] = parse(number, col, cells[col], quantity)
        return {p: f for p, f in found.items() if any(v is not None for v in f.values())}
    fields = reader.layout.fields
    col = fields["period"]
    period = parse(number, col, cells[col], _period)
    values = {name: parse(number, fields[name], cells[fields[name]], quantity)
              for name in reader.value_columns}
    if period is None or not any(v is not None for v in values.values()):
        return {}
    if "note" in fields:
        values["note"] = cell_text(cells[fields["note"]])
    return {period: values}


def _unit_of(spec: _IndicatorSpec, indicator: Indicator | None) -> str:
    if spec.unit is not None:
        return spec.unit
    return indicator.unit if indicator else ""


def _merged_indicator(meeting_id: int, spec: _IndicatorSpec, current: Indicator | None) -> Indicator:
    """The sheet's attributes over the stored ones. Without a 汇总方式 column, a new indicator's
    aggregation is inferred from its unit and name (core.rules.infer_aggregation), an inferred one is
    inferred again (the sheet may give its unit now), and one chosen, or stored by an earlier version,
    is kept: figures never change without the user."""
    unit = spec.unit if spec.unit is not None else (current.unit if current else "")
    if spec.aggregation is not None:
        aggregation, source = spec.aggregation, AggregationSource.CHOSEN
    elif current is None or current.aggregation_source is AggregationSource.INFERRED:
        aggregation, source = inferred_aggregation(spec.name, unit).aggregation, AggregationSource.INFERRED
    else:
        aggregation, source = current.aggregation, current.aggregation_source
    if current is None:
        return Indicator(meeting_id, spec.name, spec.category or "", unit, spec.direction or Direction.HIGHER,
                         aggregation, aggregation_source=source)
    return Indicator(
        meeting_id, spec.name,
        spec.category if spec.category is not None else current.category,
        unit,
        spec.direction or current.direction,
        aggregation,
        id=current.id,
        aggregation_source=source,
    )


def inferred_aggregation(name: str, unit: str) -> rules.InferredAggregation:
    """core.rules.infer_aggregation of a name and unit as a sheet may write them (平均跟進週期 too)."""
    return rules.infer_aggregation(simplified(name), simplified(unit))


def _write_indicators(db: Database, meeting_id: int, specs: dict[str, _IndicatorSpec],
                      existing: dict[str, Indicator], presenters: Sequence[str], names: Sequence[str],
                      periods: Sequence[str], columns: Sequence[Sequence[Any]], value_fields: list[str],
                      result: ImportResult) -> None:
    """Count what changes, then (unless a dry run) write it all in one transaction.

    The values are given as columns: value i is (presenters[i], names[i], periods[i]) with
    columns[j][i] for value_fields[j].
    """
    if not names:  # a header and nothing under it (or only blank figures): as the agenda import says
        raise SheetError([Problem(result.file, None, None, None, "at least one value under the header")])
    merged = {name: _merged_indicator(meeting_id, spec, existing.get(name)) for name, spec in specs.items()}
    result.aggregations = [
        AggregationLine(name, indicator.unit, indicator.aggregation, indicator.aggregation_source,
                        inferred := inferred_aggregation(name, indicator.unit),
                        rules.aggregation_in_doubt(indicator, inferred))
        for name, indicator in merged.items()
    ]
    computed = _rolled_up_rows(db, meeting_id, merged, existing, presenters, names, periods, columns, value_fields)
    if computed:
        result.rolled_up = len(computed)
        keep = [i for i in range(len(names)) if i not in computed]
        presenters, names, periods = ([seq[i] for i in keep] for seq in (presenters, names, periods))
        columns = [[column[i] for i in keep] for column in columns]
    result.indicators_created = sum(1 for name in merged if name not in existing)
    result.indicators_updated = sum(1 for name, ind in merged.items()
                                    if name in existing and ind != existing[name])
    # A value is updated only if a figure the sheet gives differs from the stored one: re-importing the
    # same file updates nothing, and says so. Unchanged rows are not written again.
    stored = queries.value_fields_for(db, meeting_id, value_fields) if existing else {}
    if stored:
        ids = {name: ind.id for name, ind in existing.items()}
        changed = [i for i, (key, row) in enumerate(zip(zip(map(ids.get, names), presenters, periods),
                                                        zip(*columns) if columns else [()] * len(names)))
                   if stored.get(key) != row]
        result.values_created = sum(1 for i in changed if (ids.get(names[i]), presenters[i], periods[i]) not in stored)
        result.values_updated = len(changed) - result.values_created
        result.values_unchanged = len(names) - len(changed)
        if result.values_unchanged:
            presenters, names, periods = ([seq[i] for i in changed] for seq in (presenters, names, periods))
            columns = [[column[i] for i in changed] for column in columns]
    else:
        result.values_created = len(names)
    if result.dry_run:
        return
    with db.atomic():
        for name, indicator in merged.items():
            if name not in existing or indicator != existing[name]:
                queries.save_indicator(db, indicator)
        ids = {name: indicator.id for name, indicator in merged.items()}
        queries.upsert_value_fields(db, value_fields, zip(map(ids.__getitem__, names), presenters, periods,
                                                          *columns))


def _rolled_up_rows(db: Database, meeting_id: int, merged: dict[str, Indicator], existing: dict[str, Indicator],
                    presenters: Sequence[str], names: Sequence[str], periods: Sequence[str],
                    columns: Sequence[Sequence[Any]], value_fields: list[str]) -> set[int]:
    """The rows for a period made of months (Q3, H1, FY) whose every figure is what `core.rules.rollup`
    computes from the months, as this sheet gives them over what is stored, and that carry no note.

    They are an export's roll-up rows read back. Stored, they would win over the months for good
    (rollup prefers a stored period), and a corrected month would no longer change the half-year;
    left out, nothing is lost. A figure that differs (a quarterly target set on its own) is stored.
    """
    candidates = [i for i, period in enumerate(periods) if not period.startswith("M")]
    if not candidates:
        return set()
    by_id = {indicator.id: name for name, indicator in existing.items()}
    known: dict[tuple[str, str], dict[str, IndicatorValue]] = defaultdict(dict)
    for value in queries.values_for(db, meeting_id):
        if value.indicator_id in by_id:
            known[value.presenter, by_id[value.indicator_id]][value.period] = value
    column = dict(zip(value_fields, columns, strict=True))
    figures = [f for f in value_fields if f != "note"]
    notes = column.get("note", ())
    given = set(candidates)
    for i, (presenter, name, period) in enumerate(zip(presenters, names, periods, strict=True)):
        if i not in given:
            stored = known[presenter, name].get(period) or IndicatorValue(0, presenter, period)
            row = {f: column[f][i] for f in figures}
            known[presenter, name][period] = replace(stored, **{f: v for f, v in row.items() if v is not None})
    computed = set()
    for i in candidates:
        presenter, name, period = presenters[i], names[i], periods[i]
        if notes and notes[i]:
            continue
        months = {p: v for p, v in known[presenter, name].items() if p != period}
        rolled = rules.rollup(merged[name], presenter, period, months)
        row = {f: column[f][i] for f in figures}
        if any(v is not None for v in row.values()) and all(
                v is None or (getattr(rolled, f) is not None and math.isclose(v, getattr(rolled, f), rel_tol=1e-9))
                for f, v in row.items()):
            computed.add(i)
    return computed


# --- indicator sheets, column by column (large CSV files) ------------------------------------------
#
# A large CSV sheet is read with pandas and checked a column at a time: each distinct cell is parsed
# once (with core.parse, except plain decimals such as 500 or -1.25, which mean the same whatever the
# unit) and duplicates and unknown presenters are found with hashing, not a Python loop per row. It
# computes exactly what the row-by-row reader above computes; when a sheet has any problem, or
# something this path does not handle (wide layout, ragged rows pandas rejects), it gives up and
# the row-by-row reader runs instead, so every problem is reported by one code path, with the
# same words and rows.

FAST_IMPORT_MIN_BYTES = 512 * 1024  # below this, loading pandas costs more than it saves
# At most 30 integer digits: a longer number is core.parse's to refuse (above MAX_NUMBER, or inf).
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,30}(?:\.[0-9]+)?|\.[0-9]+)")


def _columnar_worthwhile(path: Path) -> bool:
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".et"):
        return False
    try:
        return path.stat().st_size >= FAST_IMPORT_MIN_BYTES
    except OSError:
        return False


def _plain_quantity(raw: str) -> float | None:
    """The value of a cell that is a plain ASCII decimal ("500", "-1.25"), else None.

    Such a cell means the same number in every unit: core.parse.parse_quantity returns float(raw) for
    it (no magnitude, no 元, no %, nothing to fold), so float() is the same rule, only faster.
    """
    return float(raw) if _PLAIN_DECIMAL.fullmatch(raw) else None


def _read_csv_frame(path: Path) -> Any:
    """The CSV file as a DataFrame of strings, one row per record (blank records kept, so row i is
    Excel's row i + 1), or None when pandas cannot read it the way csv.reader does (including a cell
    over csv's field size limit, which pandas reads and csv.reader rejects: the row reader reports it)."""
    import pandas as pd

    try:
        content = decode_csv_bytes(path.read_bytes())
    except (UnicodeError, OSError):
        return None
    delimiter = csv_delimiter(content[:4096])
    options = dict(sep=delimiter, header=None, dtype=object, na_filter=False, keep_default_na=False,
                   skip_blank_lines=False, quotechar='"', doublequote=True, engine="c")
    try:
        frame = pd.read_csv(io.StringIO(content), **options)
    except pd.errors.EmptyDataError:
        return None
    except pd.errors.ParserError:
        # A row longer than the first one (a title row above the header): name enough columns.
        width = max(line.count(delimiter) for line in content.splitlines()) + 1
        try:
            frame = pd.read_csv(io.StringIO(content), names=range(width), **options)
        except (pd.errors.ParserError, pd.errors.EmptyDataError):
            return None
    limit = csv.field_size_limit()
    if any(max(map(len, frame[column].to_numpy()), default=0) > limit for column in frame.columns):
        return None
    return frame


def _factorize(values: Any) -> tuple[Any, list[Any]]:
    import pandas as pd

    codes, uniques = pd.factorize(values)
    return codes, list(uniques)


def _combine_codes(*codes: Any) -> Any:
    """One code per distinct tuple of codes (kept small by refactorising after each column)."""
    import pandas as pd

    key = codes[0]
    for more in codes[1:]:
        key, _ = pd.factorize(key.astype("int64") * (int(more.max(initial=0)) + 1) + more)
    return key


def _mapped(values: Any, fn: Callable[[Any], Any], dtype: Any = object) -> tuple[Any, Any, Any]:
    """fn of every cell, calling fn once per distinct cell: (array per cell, codes, array per distinct
    cell)."""
    import numpy as np

    codes, uniques = _factorize(values)
    mapped = np.empty(len(uniques), dtype=dtype)
    mapped[:] = [fn(u) for u in uniques]
    return mapped[codes], codes, mapped


class _GiveUp(Exception):
    """The sheet needs the row-by-row reader (it has a problem, or a shape this path skips)."""


def _import_indicator_columns(db: Database, meeting_id: int, path: Path, dry_run: bool) -> ImportResult | None:
    """import_indicators for a large long-layout CSV sheet, or None to let the row reader do it."""
    frame = _read_csv_frame(path)
    if frame is None or frame.empty:
        return None
    try:
        return _indicator_columns(db, meeting_id, path.name, frame, dry_run)
    except (_GiveUp, SheetError):
        return None


def _indicator_columns(db: Database, meeting_id: int, file: str, frame: Any, dry_run: bool) -> ImportResult:
    import numpy as np
    import pandas as pd

    cells = frame.to_numpy(dtype=object)
    head = Sheet(file, [(n, list(row)) for n, row in enumerate(cells[:HEADER_SCAN_ROWS].tolist(), start=1)])
    layout = find_layout(head, INDICATOR_FIELDS, allow_wide=True)
    fields = layout.fields
    if layout.wide:
        raise _GiveUp  # wide layout, or period columns beside a long one: the row reader
    if not {"presenter", "indicator", "period"} <= fields.keys() or not {"target", "actual"} & fields.keys():
        raise _GiveUp  # missing columns: reported by the row reader
    reader = _RowReader(head, layout)
    names_on_agenda = _agenda_names(db, meeting_id)
    existing = {i.name: i for i in queries.indicators_for(db, meeting_id)}
    on_agenda = set(names_on_agenda.values())
    first = layout.header_index + 1
    cells = cells[first:]
    numbers = np.arange(first + 1, first + 1 + len(cells))

    # Names: presenter on the agenda and an indicator name, else a blank row (skipped) or a problem.
    presenters, presenter_codes, distinct = _mapped(cells[:, fields["presenter"]],
                                                    lambda cell: _presenter_cell(cell, names_on_agenda))
    good = np.fromiter((p in on_agenda for p in distinct), bool, len(distinct))[presenter_codes]
    names, name_codes, distinct = _mapped(cells[:, fields["indicator"]], _name_cell)
    good &= np.fromiter((n != "" for n in distinct), bool, len(distinct))[name_codes]
    for row in cells[~good].tolist():
        if any(cell_text(c) for c in row):
            raise _GiveUp  # a presenter or indicator problem
    cells, numbers, presenters, names = cells[good], numbers[good], presenters[good], names[good]
    if not len(cells):
        raise _GiveUp

    # Indicator attributes: each distinct (name, attribute cells) once, in row order, as the row reader.
    specs: dict[str, _IndicatorSpec] = {}
    spec_cols = [fields[a] for a in _SPEC_ATTRS if a in fields]
    spec_key = _combine_codes(*(_factorize(cells[:, c])[0] for c in [fields["indicator"], *spec_cols]))
    _, firsts = np.unique(spec_key, return_index=True)
    for index in np.sort(firsts).tolist():
        _indicator_spec(reader, int(numbers[index]), cells[index].tolist(), names[index], specs)
    if reader.problems:
        raise _GiveUp

    # The unit each row's values are read in: its indicator's unit from the whole sheet, else the
    # stored indicator's (as the row reader).
    name_keys, name_list = _factorize(names)
    units = np.asarray([_unit_of(specs[n], existing.get(n)) for n in name_list], dtype=object)[name_keys]

    periods, _, _ = _mapped(cells[:, fields["period"]], lambda raw: _checked(_period, raw))
    value_columns = reader.value_columns
    parsed = {name: _quantities(reader, cells[:, fields[name]], units) for name in value_columns}
    filled = np.zeros(len(cells), dtype=bool)
    for column in parsed.values():
        filled |= column != None  # noqa: E711 (element-wise)
    cells, numbers, presenters, names, periods = (a[filled] for a in (cells, numbers, presenters, names, periods))
    parsed = {name: column[filled] for name, column in parsed.items()}
    key = _combine_codes(*(_factorize(a)[0] for a in (presenters, names, periods)))  # parsed: 7月 = M07
    if pd.Series(key).duplicated().any():
        raise _GiveUp  # one row per presenter, indicator and period: reported by the row reader
    value_fields = [f for f in (*_VALUE_FIELDS, "note") if f in fields]
    if "note" in fields:
        parsed["note"] = _mapped(cells[:, fields["note"]], cell_text)[0]
    columns = [parsed[f].tolist() for f in value_fields]
    presenters, names, periods = presenters.tolist(), names.tolist(), periods.tolist()

    result = ImportResult(file, dry_run)
    shown = min(PREVIEW_ROWS, len(names))
    target, actual = (parsed[f][:shown].tolist() if f in parsed else [None] * shown for f in ("target", "actual"))
    result.preview = [
        PreviewRow(number, presenters[i], names[i], periods[i], target[i], actual[i],
                   _unit_of(specs[names[i]], existing.get(names[i])))
        for i, number in enumerate(numbers[:shown].tolist())
    ]
    _write_indicators(db, meeting_id, specs, existing, presenters, names, periods, columns, value_fields, result)
    return result


def _checked(parser: Callable[[Any], Any], raw: Any) -> Any:
    try:
        return parser(raw)
    except ValueError:  # ParseError included: the row reader reports it
        raise _GiveUp from None


def _quantities(reader: _RowReader, raw: Any, units: Any) -> Any:
    """parse_quantity of every cell in its row's unit: plain decimals directly, each distinct
    (cell, unit) pair of the others once through core.parse."""
    import numpy as np

    codes, uniques = _factorize(raw)
    plain = [_plain_quantity(u) if type(u) is str else None for u in uniques]
    values = np.empty(len(uniques), dtype=object)
    values[:] = plain
    out = values[codes]
    other = np.fromiter((p is None for p in plain), bool, len(plain))[codes]
    if other.any():
        unit_codes, unit_list = _factorize(units[other])
        pair = _combine_codes(codes[other], unit_codes)
        pair_uniques, first = np.unique(pair, return_index=True)
        cell_codes, unit_of = codes[other][first], unit_codes[first]
        parsed = np.empty(len(pair_uniques), dtype=object)
        parsed[:] = [_checked(reader.quantity_parser(unit_list[u]), uniques[c])
                     for c, u in zip(cell_codes.tolist(), unit_of.tolist())]
        out[other] = parsed[np.searchsorted(pair_uniques, pair)]
    return out


# --- agendas --------------------------------------------------------------------------------------


@dataclass(slots=True)
class AgendaResult:
    """The agenda after an import: presenters added, slots whose minutes or place changed."""

    file: str
    dry_run: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    order: list[tuple[str, int]] = field(default_factory=list)  # (presenter, planned seconds)

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        return (f"{self.file}: {verb} {len(self.added)} presenters, updated {len(self.updated)}; "
                f"agenda: {', '.join(f'{p} {s // 60}′' for p, s in self.order)}")




def _minutes(value: Any) -> int | None:
    """A 时长 cell (blank → None) by core.parse.parse_slot_minutes, as the form reads it; 15分鐘 too."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_slot_minutes(value)
    typed = vocabulary(value)
    return parse_slot_minutes(typed) if typed else None


def _order(value: Any) -> int | None:
    return whole_number(value, "a position 1, 2, 3 …", 1, 10**6)


def _action_id(value: Any) -> int | None:
    return whole_number(value, "an action ID as exported (编号 / ID), such as 12", 1, 2**63 - 1)


def import_agenda(
    db: Database, meeting_id: int, path: str | Path, *, sheet: str | None = None, dry_run: bool = False
) -> AgendaResult:
    """Presenters, their order and minutes; presenters already on the agenda keep their timer state.

    The sheet's presenters come first in the sheet's order; presenters not in the sheet stay, after them.
    """
    meeting = queries.get_meeting(db, meeting_id)
    data, layout, reader = open_sheet(path, sheet, AGENDA_FIELDS, ["presenter"])
    entries: list[tuple[int, int, str, int | None]] = []  # (order, row, presenter, minutes)
    seen: dict[str, int] = {}
    for number, cells in data_rows(data, layout):
        presenter = person_name(cell_text(reader.cell(cells, "presenter")))
        minutes = reader.parse(number, layout.fields.get("minutes"), reader.cell(cells, "minutes"), _minutes)
        position = reader.parse(number, layout.fields.get("order"), reader.cell(cells, "order"), _order)
        if not presenter:
            reader.problem(number, layout.fields["presenter"], None, "a presenter's name")
            continue
        if presenter in seen:
            reader.problem(number, layout.fields["presenter"], presenter,
                           f"each presenter once (also on row {seen[presenter]})")
            continue
        seen[presenter] = number
        entries.append((position if position is not None else 10**6 + number, number, presenter, minutes))
    if reader.problems:
        raise SheetError(reader.problems)
    if not entries:
        raise SheetError([Problem(data.name, None, None, None, "at least one presenter under the header")])
    # Read and write in one writer transaction (the lock held from the read): a timer the live screen
    # saves meanwhile waits for the import, and the import writes only names, order and minutes.
    with nullcontext(db) if dry_run else writer(db):
        current = {person_name(s.presenter): s for s in queries.slots_for(db, meeting_id)}
        result = AgendaResult(data.name, dry_run)
        plan: list[Slot] = []
        for _, _, presenter, minutes in sorted(entries):
            slot = current.pop(presenter, None)
            seconds = minutes * 60 if minutes is not None else None
            if slot is None:
                slot = Slot(meeting_id, presenter, 0, seconds or meeting.slot_minutes * 60)
                result.added.append(presenter)
            elif seconds is not None and seconds != slot.planned_seconds:
                slot.planned_seconds = seconds
                result.updated.append(slot.presenter)
            plan.append(slot)
        plan.extend(current.values())
        for position, slot in enumerate(plan, start=1):
            if slot.id is not None and slot.position != position and slot.presenter not in result.updated:
                result.updated.append(slot.presenter)
            slot.position = position
        result.order = [(s.presenter, s.planned_seconds) for s in plan]
        if not dry_run:
            for slot in plan:
                if slot.id is None:
                    queries.save_slot(db, slot)
                else:
                    queries.set_slot_agenda(db, slot)
    return result


# --- the action tracking sheet, edited and sent back ------------------------------------------------

_FIELD_KEYS = {"status": "action_status", "start": "start", "due": "due", "note": "note"}


def _shown(value: Any, lang: Lang) -> str:
    """A field's value in a change or conflict line: a status by its label, a date in full, — for blank."""
    if value is None or value == "":
        return "—"
    if isinstance(value, ActionStatus):
        return label(value, lang)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class ActionChange:
    """One field of one action as the sheet changes it (a note is added as an update of the action)."""

    action_id: int
    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return self.shown("en")

    def shown(self, lang: Lang) -> str:
        return text("returned.change", lang).format(id=self.action_id, field=text(_FIELD_KEYS[self.field], lang),
                                                     old=_shown(self.old, lang), new=_shown(self.new, lang))


@dataclass(frozen=True, slots=True)
class ActionConflict:
    """A field the owner changed in the sheet that was also changed in fupan since the export, to another
    value. ``field`` "update" is a sheet without what its rows were exported from whose 最近更新 is not
    the latest update: ``exported`` is the sheet's 最近更新, ``current`` fupan's, ``sheet`` its edits."""

    action_id: int
    measure: str
    field: str
    exported: Any
    current: Any
    sheet: Any

    def __str__(self) -> str:
        return self.shown("en")

    def shown(self, lang: Lang) -> str:
        if self.field == "update":
            return text("returned.stale", lang).format(id=self.action_id, measure=self.measure,
                                                       update=_shown(self.current, lang), changes=self.sheet)
        return text("returned.conflict", lang).format(
            id=self.action_id, measure=self.measure, field=text(_FIELD_KEYS[self.field], lang),
            exported=_shown(self.exported, lang), current=_shown(self.current, lang), sheet=_shown(self.sheet, lang))


@dataclass(slots=True)
class ActionsResult:
    """What a returned tracking sheet changes, what conflicts with fupan, and the columns not imported
    that differ from fupan ({header: rows}). ``applied``: the changes were written (no conflict, or
    ``force``, and not a dry run)."""

    file: str
    dry_run: bool
    changes: list[ActionChange] = field(default_factory=list)
    conflicts: list[ActionConflict] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)
    applied: bool = False
    forced: bool = False
    without_origin: bool = False  # no column of what the rows were exported from: compared with fupan now

    def summary(self, lang: Lang = "en") -> str:
        verb = ("returned.would_apply" if self.dry_run else "returned.applied" if self.applied
                else "returned.not_applied")
        told = text("returned.summary", lang).format(
            file=self.file, verb=text(verb, lang), changes=len(self.changes),
            actions=len({c.action_id for c in self.changes}), conflicts=len(self.conflicts))
        if self.ignored:
            told += text("returned.ignored", lang).format(columns=text("problem.sep", lang).join(
                text("returned.ignored_column", lang).format(header=header, rows=rows, s="s" if rows > 1 else "")
                for header, rows in self.ignored.items()))
        return told

    def warnings(self, lang: Lang = "en") -> list[str]:
        """Lines to say before the summary: a sheet compared with fupan as it is now."""
        return [text("returned.no_origin", lang).format(origin=text("origin", lang))] if self.without_origin else []


@dataclass(slots=True)
class _ReturnedRow:
    """One row of the returned sheet, read: its edits as typed and what it was exported from."""

    number: int
    action_id: int
    status: ActionStatus | None
    typed: dict[str, Any]  # the start and due cells as they are
    note: str
    last_update: str | None  # None: no 最近更新 column
    origin: RowOrigin | None
    days: dict[str, date | None] = field(default_factory=dict)


def _status(value: Any) -> ActionStatus | None:
    """当前状态 as exported ("进行中 (逾期)") or typed ("完成", "Canceled", "ＤＯＮＥ", "進行中")."""
    found = parse_status(simplified(cell_text(value)))
    return ActionStatus(found) if found is not None else None


def _sheet_text(value: Any) -> str:
    """A text cell as compared and stored: line endings as \\n (Excel on Windows writes \\r\\n), each line
    and the whole trimmed."""
    typed = cell_text(value)
    if "\r" in typed:
        typed = typed.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in typed.split("\n")).strip() if "\n" in typed else typed


def import_actions(
    db: Database, path: str | Path, *, sheet: str | None = None, dry_run: bool = False, force: bool = False,
    today: date | None = None, now: datetime | None = None, lang: Lang = "en",
) -> ActionsResult:
    """Apply status, notes and dates from a returned tracking sheet to the actions with those ids.

    Each exported row carries what it was exported from (`RowOrigin`, a hidden last column), so a field
    is the owner's edit only where the sheet differs from it, and a field changed in fupan since is
    never undone: the owner's edit of it is a conflict, whatever columns were deleted. Any conflict
    stops the import with nothing written, unless ``force`` (the sheet's value then wins). Text typed in
    备注 or over 最近更新 is a new note. Dates are read as the app reads them (a month and day without a
    year: the next such day on or after the action's meeting) and a due date before the start is a
    problem. A blank cell changes nothing; a row with edits but no id is a problem; problems are all
    reported in ``lang`` and nothing is written. Other columns (measure, owner …, or the user's own) are
    never written: ``ignored`` counts, per column, the rows whose cell differs from fupan.

    A sheet without the origin column (from an older version, or made by hand) is compared with fupan
    as it is now, a row whose 最近更新 is not the latest update being a conflict.
    """
    today = today or date.today()
    now = (now or datetime.now()).replace(microsecond=0)
    data, layout, reader = open_sheet(path, sheet, ACTION_FIELDS, ["id"])
    fields = layout.fields

    def check(number: int, name: str, raw: Any, parser: Callable[[Any], Any], expected: str) -> Any:
        try:
            return parser(raw)
        except (ParseError, ValueError):
            reader.problem(number, fields.get(name), raw, text(expected, lang))
            return None

    rows: list[_ReturnedRow] = []
    seen: dict[int, int] = {}
    read: list[tuple[list[Any], int | None]] = []  # every row's cells and id, for the columns not imported
    for number, cells in data_rows(data, layout):
        raw_id = reader.cell(cells, "id")
        action_id = check(number, "id", raw_id, _action_id, "returned.id_expected")
        read.append((cells, action_id))
        if not cell_text(raw_id) and any(cell_text(reader.cell(cells, name)) for name in _ACTION_EDITS):
            reader.problem(number, fields["id"], None, text("returned.id_missing", lang))
        status = check(number, "status", reader.cell(cells, "status"), _status, "returned.status_expected")
        origin = None
        if raw_origin := cell_text(reader.cell(cells, "origin")):
            origin = check(number, "origin", raw_origin, RowOrigin.parse, "returned.origin_expected")
            if origin is not None and action_id is not None and origin.action_id != action_id:
                reader.problem(number, fields["origin"], raw_origin,
                               text("returned.origin_other_row", lang).format(id=origin.action_id))
        if action_id is None:
            continue
        if action_id in seen:
            reader.problem(number, fields["id"], raw_id, text("returned.id_twice", lang).format(row=seen[action_id]))
            continue
        seen[action_id] = number
        rows.append(_ReturnedRow(
            number, action_id, status, {name: reader.cell(cells, name) for name in ("start", "due")},
            _sheet_text(reader.cell(cells, "note")),
            _sheet_text(reader.cell(cells, "last_update")) if "last_update" in fields else None, origin))

    result = ActionsResult(data.name, dry_run, forced=force, without_origin="origin" not in fields)
    # Read, decide and write in one writer transaction: what is compared is what is replaced.
    with nullcontext(db) if dry_run else writer(db):
        known = _actions_by_id(db, [row.action_id for row in rows])
        meeting_dates = {listing.meeting.id: listing.meeting.date for listing in queries.list_meetings(db)}
        for row in rows:
            action = known.get(row.action_id)
            if action is None:
                reader.problem(row.number, fields["id"], row.action_id, text("returned.id_unknown", lang))
            meeting_date = meeting_dates.get(action.meeting_id) if action else None
            for name, typed in row.typed.items():
                row.days[name] = check(row.number, name, typed, functools.partial(
                    _sheet_day, today=today, meeting_date=meeting_date), _date_expected(typed))
        latest = queries.latest_updates(db, list(known))
        plans: list[tuple[Any, list[ActionChange]]] = []
        for row in rows:
            if row.action_id not in known:
                continue
            action = known[row.action_id]
            changes, conflicts = _row_edits(db, row, action, latest.get(row.action_id))
            final = {name: getattr(action, name) for name in ("start", "due")}
            final.update({c.field: c.sheet if isinstance(c, ActionConflict) else c.new
                          for c in (*changes, *conflicts) if c.field in final})
            if final != {name: getattr(action, name) for name in final} and rules.due_before_start(
                    final["start"], final["due"]):
                reader.problem(row.number, fields.get("due"), cell_text(row.typed["due"]) or final["due"],
                               text("returned.due_after_start", lang).format(start=final["start"].isoformat()))
            result.conflicts.extend(conflicts)
            if force:
                changes += [ActionChange(c.action_id, c.field, c.current, c.sheet)
                            for c in conflicts if c.field != "update"]
            result.changes.extend(changes)
            if changes:
                plans.append((action, changes))
        if reader.problems:
            reader.problems.sort(key=attrgetter("row"))
            raise SheetError(reader.problems)
        result.ignored = _not_imported(db, layout, [(cells, known.get(a)) for cells, a in read])
        result.applied = not dry_run and (force or not result.conflicts)
        if result.applied:
            for action, changes in plans:
                _apply_action_changes(db, action, changes, now)
    return result


def _date_expected(typed: Any) -> str:
    return "returned.date_range" if isinstance(typed, (date, datetime)) else "returned.date_expected"


def _sheet_day(value: Any, *, today: date, meeting_date: date | None) -> date | None:
    """A start or due cell: a date cell as it is, text as the app's form reads it (DESIGN.md §5)."""
    if value is None or isinstance(value, (date, datetime)):
        return parse_date(value)
    return parse_due_date(cell_text(value), today=today, meeting_date=meeting_date)


def _row_edits(db: Database, row: _ReturnedRow, action: Any, last: Any) -> tuple[list[ActionChange],
                                                                                  list[ActionConflict]]:
    """The sheet's changes to one action, and its conflicts with what changed in fupan since the export.

    A field is the owner's edit where the sheet differs from what the row was exported from (without
    that, from fupan now); fupan's value is kept where the sheet still shows the exported one.
    """
    origin = row.origin
    changes: list[ActionChange] = []
    conflicts: list[ActionConflict] = []
    exported = ({"status": ActionStatus(origin.status), "start": origin.start, "due": origin.due}
                if origin is not None else {})
    sheet = {"status": row.status, "start": row.days.get("start"), "due": row.days.get("due")}
    for name, new in sheet.items():
        current = getattr(action, name)
        if new is None or new == current:
            continue
        if origin is not None and new == exported[name]:
            continue  # the owner left it; fupan's is newer
        if origin is not None and current != exported[name]:
            conflicts.append(ActionConflict(action.id, action.measure, name, exported[name], current, new))
            continue
        changes.append(ActionChange(action.id, name, current, new))
    note = _new_note(db, row, action, last)
    if note:
        changes.append(ActionChange(action.id, "note", last.note if last else "", note))
    if origin is None and changes and row.last_update is not None and row.last_update not in {
            _sheet_text(update_text(last, lang)) for lang in ("zh", "en")}:
        conflicts.append(ActionConflict(action.id, action.measure, "update", row.last_update, update_text(last, "en"),
                                        "; ".join(str(c) for c in changes)))
        changes = []
    return changes, conflicts


def _new_note(db: Database, row: _ReturnedRow, action: Any, last: Any) -> str:
    """The note the row adds: 备注, and text typed in 最近更新 over (or after) the exported update; "" when
    there is none or it is already recorded (the same sheet imported again)."""
    notes = [row.note] if row.note else []
    origin = row.origin
    if origin is not None and row.last_update:
        updates = queries.updates_for(db, action.id)
        then = next((u for u in updates if u.id == origin.update_id), None)
        shown_then = {_sheet_text(update_text(then, lang)) for lang in ("zh", "en")} if then else set()
        typed = row.last_update
        if typed not in shown_then:
            for shown in sorted(shown_then, key=len, reverse=True):
                if typed.startswith(shown):  # added under the exported update
                    typed = typed[len(shown):].strip(" \n；;，,")
                    break
            if typed:
                notes.append(typed)
    note = "\n".join(dict.fromkeys(notes))
    if not note:
        return ""
    if origin is not None:
        since = [u for u in queries.updates_for(db, action.id) if origin.update_id is None or (u.id or 0) > origin.update_id]
        return "" if any(_sheet_text(u.note) == note for u in since) else note
    return "" if last is not None and _sheet_text(last.note) == note else note


_ACTION_EDITS = ("status", "start", "due", "note")  # the columns import_actions writes
# Columns of the exported tracking sheet that are not imported: compared with fupan to say they were not.
_ACTION_SHOWN = ("presenter", "measure", "owner", "standard", "checkpoint", "resources", "risk",
                 "meeting_id", "meeting_title")


def _not_imported(db: Database, layout: Layout, rows: list[tuple[list[Any], Any]]) -> dict[str, int]:
    """{header: rows} of the columns import_actions does not write whose cell differs from fupan, given
    each row's cells and action (None for a row without an id: any filled cell differs)."""
    imported = set(layout.fields.values())
    width = max([len(layout.headers), *(len(cells) for cells, _ in rows)])
    shown = {header_key(text(key, lang)): key for key in _ACTION_SHOWN for lang in ("zh", "en")}
    titles: dict[int, str] = {}
    if any(shown.get(header_key(h)) == "meeting_title" for h in layout.headers):
        titles = {listing.meeting.id: listing.meeting.title for listing in queries.list_meetings(db)}
    ignored = {}
    for col in range(width):
        header = layout.headers[col] if col < len(layout.headers) else ""
        if col in imported:
            continue
        key = shown.get(header_key(header))
        differ = 0
        for cells, action in rows:
            typed = _sheet_text(cells[col]) if col < len(cells) else ""
            if action is None or key is None:
                stored = ""
            elif key == "meeting_id":
                stored = str(action.meeting_id)
            elif key == "meeting_title":
                stored = _sheet_text(titles.get(action.meeting_id, ""))
            else:
                stored = _sheet_text(getattr(action, key) or "")
            differ += typed not in (stored, f"'{stored}")  # the export's ' before = + - @ keeps its text
        if differ:
            ignored[header or f"(column {col + 1})"] = differ
    return ignored


def _actions_by_id(db: Database, ids: list[int]) -> dict[int, Any]:
    found = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = db.query(f"SELECT id FROM actions WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        for row in rows:
            found[row["id"]] = queries.get_action(db, row["id"])
    return found


def _apply_action_changes(db: Database, action: Any, changes: list[ActionChange], now: datetime) -> None:
    for change in changes:
        if change.field in ("start", "due"):
            db.execute(f"UPDATE actions SET {change.field} = ?, updated_at = ? WHERE id = ?",
                       [change.new.isoformat(), now.isoformat(), action.id])
    status = next((c.new for c in changes if c.field == "status"), None)
    note = next((c.new for c in changes if c.field == "note"), "")
    if status is not None or note:
        queries.update_action_status(db, action.id, status or action.status, note, at=now)


# --- templates --------------------------------------------------------------------------------------

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

    from exports.write import display_width

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
