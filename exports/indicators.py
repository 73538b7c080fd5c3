"""The indicator import: targets and actuals per presenter, indicator and period from a long or wide
sheet, all or nothing (`fupan import indicators`, the setup screen; DESIGN.md §5).

Values are typed as people type them (`500万`, `￥1,234`, `76%`); each problem is collected with the row
and column the user sees in Excel, and a `SheetError` carrying all of them is raised before anything is
written. One path for every sheet, CSV or XLSX, small or 100,000 rows: exports/indicator_columns.py
reads the cells and checks and parses them a column at a time; this module finds the header and
layout, says what the values mean (units, aggregations, roll-ups read back) and writes them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import rules
from core.i18n import Lang, label, parse_label, text
from core.model import Aggregation, AggregationSource, Direction, Indicator, IndicatorValue
from core.parse import Expected, ParseError, parse_period, parse_quantity, person_name
from db import queries
from exports.headers import INDICATOR_FIELDS, cell_text, simplified, vocabulary
from exports.layouts import Layout, RowReader, find_layout, lettered, require_columns
from exports.reading import Problem, Sheet, SheetError

if TYPE_CHECKING:
    from db.store import Store

    from exports.indicator_columns import Cells

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

    def summary(self, lang: Lang = "en") -> str:
        """One line on what the import wrote (or would write), in ``lang``."""
        told = text("import.indicators_summary", lang).format(
            file=self.file, verb=text("import.would_write" if self.dry_run else "import.wrote", lang),
            indicators_new=self.indicators_created, indicators_updated=self.indicators_updated,
            values_new=self.values_created, values_updated=self.values_updated)
        if self.values_unchanged:
            told += text("import.values_unchanged", lang).format(count=self.values_unchanged)
        if self.rolled_up:
            told += text("import.rolled_up", lang).format(count=self.rolled_up)
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
    db: Store, meeting_id: int, path: str | Path, *, sheet: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Import an indicator sheet (long or wide layout) into a meeting, all or nothing.

    Indicators are matched by name within the meeting; values are upserted by (indicator, presenter,
    period), and only the value columns the sheet has are written (a sheet of targets keeps actuals).
    """
    from exports.indicator_columns import sheet_cells  # numpy and pandas: loaded on the first import

    queries.get_meeting(db, meeting_id)
    cells = sheet_cells(Path(path), sheet)
    if not cells.exact:
        try:
            return _import(db, meeting_id, cells, dry_run)
        except SheetError:  # read again as csv.reader reads it, so problems name cells as it does
            cells = sheet_cells(Path(path), sheet, exact=True)
    return _import(db, meeting_id, cells, dry_run)


def _import(db: Store, meeting_id: int, cells: Cells, dry_run: bool) -> ImportResult:
    from exports.indicator_columns import sheet_values

    data = cells.sheet
    try:
        layout = find_layout(data, INDICATOR_FIELDS, allow_wide=True)
    except SheetError:  # the top rows only: the whole sheet says whether it is empty
        whole = cells.whole_sheet()
        if whole is data:
            raise
        data = whole
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
                            Expected("expected.one_layout")) for col, _, _ in layout.wide]
    if missing:
        raise SheetError(missing)
    existing = {i.name: i for i in queries.indicators_for(db, meeting_id)}
    found = sheet_values(reader, cells, is_wide, _agenda_names(db, meeting_id),
                         {name: indicator.unit for name, indicator in existing.items()})
    result = ImportResult(data.name, dry_run)
    specs, names, presenters, periods = found.specs, found.names, found.presenters, found.periods
    column = dict(zip(found.value_fields, found.columns))
    shown = range(min(PREVIEW_ROWS, len(names)))
    none = [None] * len(shown)
    targets, actuals = (column[f][:len(shown)] if f in column else none for f in ("target", "actual"))
    result.preview = [
        PreviewRow(found.numbers[i], presenters[i], names[i], periods[i], targets[i], actuals[i],
                   _unit_of(specs[names[i]], existing.get(names[i])))
        for i in shown
    ]
    _write_indicators(db, meeting_id, specs, existing, presenters, names, periods, found.columns,
                      found.value_fields, result)
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
                                    Expected("expected.one_column_per_period",
                                             other=lettered(other, layout.headers[other]))))
        else:
            first[period, name] = col
    return problems


def _name_cell(value: Any) -> str:
    return value.strip() if type(value) is str else cell_text(value)


def _agenda_names(db: Store, meeting_id: int) -> dict[str, str]:
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


def _write_indicators(db: Store, meeting_id: int, specs: dict[str, _IndicatorSpec],
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
        queries.save_indicators(db, [indicator for name, indicator in merged.items()
                                     if name not in existing or indicator != existing[name]])
        ids = {name: indicator.id for name, indicator in merged.items()}
        queries.upsert_value_fields(db, value_fields, zip(map(ids.__getitem__, names), presenters, periods,
                                                          *columns))


def _rolled_up_rows(db: Store, meeting_id: int, merged: dict[str, Indicator], existing: dict[str, Indicator],
                    presenters: Sequence[str], names: Sequence[str], periods: Sequence[str],
                    columns: Sequence[Sequence[Any]], value_fields: list[str]) -> set[int]:
    """The rows for a period made of months (Q3, H1, FY) whose every figure is what `core.rules.rollup`
    computes from the months, as this sheet gives them over what is stored, and that carry no note.

    They are an export's roll-up rows read back. Stored, they would win over the months for good
    (rollup prefers a stored period), and a corrected month would no longer change the half-year;
    left out, nothing is lost. A figure that differs (a quarterly target set on its own) is stored.
    """
    if all(map(str.startswith, periods, repeat("M"))):  # months only: the common sheet, checked at C speed
        return set()
    candidates = [i for i, period in enumerate(periods) if not period.startswith("M")]
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
