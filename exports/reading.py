"""Reading a CSV or XLSX file into rows of cells, and the problems a sheet can have (DESIGN.md §5).

CSV in UTF-8 (with or without BOM), UTF-16, GBK/GB18030, Big5 or cp1252, detected; its delimiter sniffed
(`csv.Sniffer`, else the most frequent of comma, tab and semicolon); XLSX through openpyxl, which loads
only when a workbook is read. A formula never calculated and merged cells are found in the sheet's XML.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.i18n import Lang, text
from core.parse import Expected

CSV_SUFFIXES = (".csv", ".txt", ".tsv", "")  # read as delimited text; .xlsx/.xlsm as workbooks


# --- problems -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a sheet, located as the user sees it in Excel."""

    file: str
    row: int | None
    column: str | None
    value: Any
    expected: str

    def __str__(self) -> str:
        return self.shown("en")

    def shown(self, lang: Lang) -> str:
        """The problem in one line in ``lang`` ("a.csv, row 3, column 完成时间: '下周' expected a date …");
        ``expected`` is in the language the import was asked for."""
        where = [self.file]
        if self.row is not None:
            where.append(text("problem.row", lang).format(row=self.row))
        if self.column:
            where.append(text("problem.column", lang).format(column=self.column))
        if self.value is None:
            return text("problem.sep", lang).join(where) + text("problem.no_value", lang).format(
                expected=self.expected)
        value = str(self.value) if lang == "zh" else repr(str(self.value))
        return text("problem.sep", lang).join(where) + text("problem.value", lang).format(
            value=value, expected=self.expected)


class SheetError(ValueError):
    """A sheet that cannot be imported; ``problems`` lists every problem found, nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{self.problems[0]}{more}" if self.problems else "invalid sheet")


# --- reading files into rows ----------------------------------------------------------------------


@dataclass(slots=True)
class Sheet:
    """The cells of one sheet, each row with the number Excel shows for it (1-based), and the cells
    that merged cells cover ((row, 0-based column) → the range, "A2:A4"), which read as blank."""

    name: str
    rows: list[tuple[int, list[Any]]]
    merged: dict[tuple[int, int], str] = field(default_factory=dict)


# The encodings a CSV file is read in, in the order tried: Unicode first, decided by strict decoding or
# a byte-order mark; then the legacy code pages sales teams' spreadsheets save in (GBK/GB18030 on the
# mainland, Big5 in Taiwan and Hong Kong, cp1252 in Western Europe), chosen by charset-normalizer,
# which measures how plausible each decoding reads rather than taking the first that does not fail
# (GB18030 decodes nearly any bytes, Big5 and cp1252 included, into nonsense).
UNICODE_ENCODINGS = ("UTF-8", "UTF-8 with BOM", "UTF-16 (with BOM)")
LEGACY_ENCODINGS = ("gb18030", "big5", "cp1252")
ENCODINGS_TRIED = (*UNICODE_ENCODINGS, "GBK/GB18030", "Big5", "cp1252")


class UnknownEncoding(UnicodeError):
    """Bytes that read as none of ENCODINGS_TRIED (or only as unlikely characters)."""


def decode_csv_bytes(data: bytes) -> str:
    """The text of a CSV file: UTF-16 by its BOM, strict UTF-8 (with or without BOM), else the most
    plausible of GB18030, Big5 and cp1252 as charset-normalizer judges them; UnknownEncoding when the
    bytes read as nonsense in every one of them."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnknownEncoding("UTF-16 with a broken byte sequence") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise UnknownEncoding("no likely encoding")
    return str(best)


def csv_delimiter(sample: str) -> str:
    """The delimiter of a CSV file's first 4 KB: as `csv.Sniffer` finds it among comma, tab and semicolon
    (exports from some tools use the other two), else the one most used in the first lines, comma on a tie."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    except csv.Error:  # one column, or no consistent pattern
        lines = sample.splitlines()[:5]
        counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
        return max(counts, key=lambda d: (counts[d], d == ","))


def read_sheet(path: str | Path, sheet: str | None = None) -> Sheet:
    """The rows of a CSV file or of one XLSX sheet (the first unless ``sheet`` names one)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise SheetError([Problem(path.name, None, None, None, "an existing file")])
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix in (".xls", ".et"):
        raise SheetError([Problem(path.name, None, None, None,
                                  "a .xlsx or .csv file (save the old .xls as .xlsx or CSV)")])
    if suffix not in CSV_SUFFIXES:  # a Markdown or HTML export, a PDF …: not a sheet
        raise SheetError([Problem(path.name, None, None, None, "a .csv or .xlsx file")])
    if sheet is not None:
        raise SheetError([Problem(path.name, None, None, sheet, "no sheet name: a CSV file has one sheet")])
    return _read_csv(path)


def _read_csv(path: Path) -> Sheet:
    try:
        content = decode_csv_bytes(path.read_bytes())
    except UnicodeError:
        raise SheetError([Problem(path.name, None, None, None,
                                  f"readable text: the file reads as unlikely characters in every encoding "
                                  f"tried ({', '.join(ENCODINGS_TRIED)}); save it as UTF-8 CSV or as "
                                  f".xlsx")]) from None
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=csv_delimiter(content[:4096]))
    rows: list[tuple[int, list[Any]]] = []
    try:
        rows.extend(enumerate(reader, start=1))
    except csv.Error as exc:  # rows read so far are kept in ``rows``: the bad record is the next one
        raise SheetError([_csv_problem(path.name, len(rows) + 1, exc)]) from None
    return Sheet(path.name, rows)


def _csv_problem(file: str, row: int, exc: csv.Error) -> Problem:
    """csv.reader's error on the record starting on ``row``, as a problem (a cell over csv's field size
    limit is nearly always a stray `"` that swallowed the rest of the file)."""
    if "field limit" in str(exc):
        limit = csv.field_size_limit()
        return Problem(file, row, None, None, Expected("expected.cell_limit", limit=limit))
    return Problem(file, row, None, None, Expected("expected.csv_row", error=exc))


def _read_xlsx(path: Path, sheet: str | None) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError([Problem(path.name, None, None, None,
                                  Expected("expected.readable_xlsx", error=type(exc).__name__))]) from None
    try:
        names = workbook.sheetnames
        if sheet is not None and sheet not in names:
            raise SheetError([Problem(path.name, None, None, sheet,
                                      Expected("expected.sheet_name", names=list(names)))])
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows = [(n, [_xlsx_value(cell) for cell in cells])
                for n, cells in enumerate(worksheet.iter_rows(), start=1)]
        label_ = f"{path.name} [{worksheet.title}]"
        # The worksheet's part in the zip: read-only worksheets keep it, and nothing public names it.
        xml = _worksheet_xml(path, getattr(worksheet, "_worksheet_path", ""))
    finally:
        workbook.close()
    if _HAS_FORMULA.search(xml):
        uncached = _uncached_formulas(xml)
        if uncached:
            shown = ", ".join(uncached[:10]) + (f" … ({len(uncached)} cells)" if len(uncached) > 10 else "")
            raise SheetError([Problem(label_, None, None, shown,
                                      "a saved value in every formula cell: these formulas were never "
                                      "calculated (the file was written by a program, not saved by a "
                                      "spreadsheet), so their figures are unknown — open and save it in "
                                      "Excel/WPS/LibreOffice first")])
    return Sheet(label_, rows, _merged_cells(xml))


_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


def _worksheet_xml(path: Path, part: str) -> bytes:
    """The worksheet's XML as stored (b"" when it cannot be found: nothing more is checked then)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(part.lstrip("/")) if part else b""
    except (KeyError, OSError, zipfile.BadZipFile):
        return b""


_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_CELL_REF = re.compile(rb"\br=\"([A-Z]+[0-9]+)\"")
_CELL_TYPE = re.compile(rb"\bt=\"(\w+)\"")
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v\s*>([^<]+)</", re.DOTALL)


def _uncached_formulas(xml: bytes) -> list[str]:
    """The cells ("B2") of a worksheet's XML holding a formula but no saved value: a file written by a
    script and never calculated, whose figures openpyxl would read as blanks.

    A formula whose result is the empty string (=IF(B2="","",B2*C2)) is saved by Excel, WPS and
    LibreOffice as a string cell (t="str") with an empty value: that is a value, not a missing one.
    """
    found = []
    for match in _CELL.finditer(xml):
        attributes, body = match[1], match[2] or b""
        if not _HAS_FORMULA.search(body):
            continue
        kind = _CELL_TYPE.search(attributes)
        if _CELL_VALUE.search(body) or (kind and kind[1] == b"str"):
            continue
        ref = _CELL_REF.search(attributes)
        found.append(ref[1].decode() if ref else "?")
    return found


def _merged_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """{(row, 0-based column): "A2:A4"} for every cell a merged range covers but its first."""
    from openpyxl.utils.cell import range_boundaries

    covered = {}
    for match in _MERGE_CELL.finditer(xml):
        ref = match[1].decode()
        first_col, first_row, last_col, last_row = range_boundaries(ref)
        for row in range(first_row, last_row + 1):
            for col in range(first_col, last_col + 1):
                if (row, col) != (first_row, first_col):
                    covered[row, col - 1] = ref
    return covered


def _xlsx_value(cell: Any) -> Any:
    """A cell's value; a number shown as a percentage (0.76 as 76%) comes back as "76%" as typed."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "%" in (getattr(cell, "number_format", "") or ""):
            return f"{round(value * 100, 8):f}".rstrip("0").rstrip(".") + "%"
    return value
