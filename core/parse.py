"""Values, dates and periods as people type them (DESIGN.md §5), with one-line errors.

Pure stdlib: full-width characters are folded with NFKC, then a few anchored patterns decide.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from core.i18n import Lang, text
from core.meeting import MAX_SLOT_MINUTES, MIN_SLOT_MINUTES

NUMBER_EXPECTED = "a number such as 500, 500万, 1.2亿, ￥1,234 or 76%"
DATE_EXPECTED = "a date such as 2026-10-20, 2026/10/20, 2026年10月20日, 10月20日 or +2w"
PERIOD_EXPECTED = "a period such as 1月, Q1, 上半年 or FY"

# No sales figure comes near 1e30, yet sums of many such values stay far from float overflow (inf),
# which XLSX cannot store. 30 integer digits is still a plain decimal the CSV import takes as is.
MAX_NUMBER = 1e30
NUMBER_TOO_LARGE = NUMBER_EXPECTED + " (too large: at most 1e30)"
# Excel's calendar starts in 1900 (earlier dates drift on a round trip); later than 2100 is a typo.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2100, 12, 31)
DATE_OUT_OF_RANGE = DATE_EXPECTED + " between 1900 and 2100"


class ParseError(ValueError):
    """A typed value that is not what was expected; str() is one line for the user."""

    def __init__(self, value: object, expected: str) -> None:
        self.value = value
        self.expected = expected
        super().__init__(f"{str(value)!r}: expected {expected}")

    def message(self, lang: Lang) -> str:
        """The same line in ``lang`` (what was typed, then what was expected)."""
        return text("parse.expected", lang).format(value=repr(str(self.value)), expected=expected_text(self.expected, lang))


class Expected(str):
    """What was expected, worded with values ("a header row in the first 10 rows …"): the English line as a
    str, and its i18n key and values, so `expected_text` words it in any language."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Expected:
        shown = super().__new__(cls, text(key, "en").format(**_worded(values, "en")))
        shown.key, shown.values = key, values
        return shown


def _worded(values: dict[str, object], lang: Lang) -> dict[str, object]:
    """Lists joined as each language lists them (a, b / 甲、乙)."""
    sep = "、" if lang == "zh" else ", "
    return {name: sep.join(map(str, v)) if isinstance(v, (list, tuple)) else v for name, v in values.items()}


def expected_text(expected: str, lang: Lang) -> str:
    """What a parser expected (NUMBER_EXPECTED, DATE_EXPECTED, an `Expected` …) in ``lang``; other wording
    as it is."""
    if isinstance(expected, Expected):
        return text(expected.key, lang).format(**_worded(expected.values, lang))
    key = _EXPECTED_KEYS.get(expected)
    return text(key, lang).format(low=MIN_SLOT_MINUTES, high=MAX_SLOT_MINUTES) if key else expected


class TextError(ValueError):
    """Typed text that cannot be stored: not UTF-8, or too long; str() is the English line."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(text(key, "en").format(**values))

    def message(self, lang: Lang) -> str:
        return text(self.key, lang).format(**self.values)


_BLANKS = {"", "-", "—", "–", "n/a", "na", "none", "null", "无", "/"}
_MAGNITUDES = {"千": 1e3, "k": 1e3, "万": 1e4, "w": 1e4, "百万": 1e6, "m": 1e6, "千万": 1e7, "亿": 1e8}
# A comma only separates thousands: 1-3 digits, then groups of exactly three ("1,234"); "80,5" may be
# a decimal comma and "1,2,3" a list, so neither is read as a number. A space between digits is a
# thousands separator too ("1 234", also the no-break spaces some locales write), under the same rule.
_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)(?P<cur>[￥¥$])?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"(?P<mag>千万|千|k|万|w|百万|m|亿)?(?P<unit>元|%)?$"
)


_DIGIT_SPACE = re.compile(r"(?<=\d) +(?=\d)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls but tab and newline


# A whole terminal escape sequence, 7-bit (ESC …) or 8-bit (C1): strings (OSC, DCS, SOS, PM, APC) up to
# their terminator, CSI with its parameters, and the two-character escapes (ESC c, ESC 7 …).
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -/]*[0-~]"
)


def clean_text(text: str) -> str:
    """Text as typed, without control characters: an escape sequence in a pasted or imported cell
    would be obeyed by the terminal that shows it. Tabs and newlines stay."""
    return _CONTROL.sub("", text)


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character other than tab and newline (what display_safe drops)."""
    return _CONTROL.search(text) is not None


# How long a typed text may be, in characters: a title, a name, a period or an owner is one line of a
# screen or a cell; a goal or a note is a paragraph. Longer is a paste gone wrong, refused with the limit.
MAX_LINE_CHARS = 200
MAX_TEXT_CHARS = 2000
_SURROGATE = re.compile("[\ud800-\udfff]")  # bytes that were not UTF-8, kept by Python's surrogateescape


def typed_text(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """A text field as it will be stored: control characters dropped, outer spaces stripped (so a value
    of control characters only is blank). ValueError, one line, when it holds bytes that are not UTF-8
    text (an argument typed in another encoding) or is longer than ``limit`` characters."""
    if _SURROGATE.search(text):
        raise TextError("parse.not_utf8")
    cleaned = clean_text(text).strip()
    if len(cleaned) > limit:
        raise TextError("parse.too_long", length=len(cleaned), limit=limit)
    return cleaned


def display_safe(text: str) -> str:
    """Stored text as it may leave the program (a screen, a notification, an export): whole escape
    sequences dropped ("\\x1b]0;title\\x07", "\\x1b[2J"), then any other control character
    (`clean_text`). Whatever wrote the file, the terminal and the spreadsheet get text, never a command.
    Tabs and newlines stay. Text with nothing to drop is returned as it is: it is called for every text
    of every row read, so the common case is str.isprintable (~70 ns, no control is printable), then
    one regex search for text with a tab, a newline or a wide space."""
    if text.isprintable() or _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip()
    return folded.replace("−", "-").replace("，", ",")


def _checked_size(text: object, value: float | int) -> float | int:
    """``value`` if at most MAX_NUMBER in size: an overlong "999…" (float() makes it inf) or an infinity
    would only fail later, far from the cell, when a total overflows or the XLSX export refuses INF.

    Compared before any float() so that a huge int is refused rather than raising OverflowError.
    """
    if value != value:
        raise ParseError(text, NUMBER_EXPECTED)
    if abs(value) > MAX_NUMBER:
        raise ParseError(text, NUMBER_TOO_LARGE)
    return value


def _number_parts(text: str | int | float | None) -> tuple[float, float, bool, bool] | None:
    """(plain number, magnitude, is_percent, names its unit), or None for a blank cell.

    "Names its unit" is true for 500万 or 5000元 (the typed text says what it is measured in), false for
    a bare 500.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise ParseError(text, NUMBER_EXPECTED)
    if isinstance(text, (int, float)):
        if text != text:  # NaN from a spreadsheet reader is a blank cell
            return None
        return float(_checked_size(text, text)), 1.0, False, False
    typed = str(text)
    # ASCII is its own NFKC folding and holds neither − nor ，: stripped is folded (a sheet's cells are
    # parsed one by one, 100,000 of them in a large import).
    compact = (typed.strip() if typed.isascii() else _fold(typed)).lower()
    if compact in _BLANKS:
        return None
    if " " in compact:
        compact = _DIGIT_SPACE.sub(",", compact).replace(" ", "")  # "500 万" is 500万; "1 2 3" is no number
    if compact.startswith(("￥", "¥", "$")) and len(compact) > 1 and compact[1] in "+-":
        compact = compact[1] + compact[0] + compact[2:]
    match = _NUMBER.match(compact)
    if not match:
        raise ParseError(text, NUMBER_EXPECTED)
    sign, currency, number, mag, unit = match.group("sign", "cur", "num", "mag", "unit")
    if currency and unit == "%":
        raise ParseError(text, NUMBER_EXPECTED)
    value = float(number.replace(",", "") if "," in number else number)
    if sign == "-":
        value = -value
    magnitude = _MAGNITUDES[mag] if mag else 1.0
    _checked_size(text, value * magnitude)
    return value, magnitude, unit == "%", bool(mag or unit == "元")


def parse_number(text: str | int | float | None) -> float | None:
    """The plain value: "500万" → 5000000.0, "76%" → 76.0, "￥1,234" → 1234.0, blank → None."""
    parts = _number_parts(text)
    if parts is None:
        return None
    value, magnitude, _, _ = parts
    return value * magnitude


def is_percent(text: object) -> bool:
    """Whether the typed value carries a percent sign ("76%")."""
    return isinstance(text, str) and _fold(text).endswith("%")


def _unit_magnitude(unit: str | None) -> float:
    unit = _fold(unit or "").lower()
    for prefix in ("百万", "千万", "亿", "万", "千"):
        if unit.startswith(prefix):
            return _MAGNITUDES[prefix]
    return 1.0


def parse_quantity(text: str | int | float | None, unit: str | None = None) -> float | None:
    """The value expressed in ``unit``: with unit 万元, "500万" → 500, "1.2亿" → 12000, "500" → 500.

    A bare number is taken to be in the unit already (a sheet in 万元 holds 500 for 500万元); a number
    with a magnitude suffix or 元 is converted (with unit 万元, "5000元" → 0.5). "76%" gives 76 whatever
    the unit, and a bare 0.76 stays 0.76: we never guess that a fraction was meant as a percentage.
    """
    parts = _number_parts(text)
    if parts is None:
        return None
    value, magnitude, _, names_unit = parts
    if not names_unit:
        return value
    return value * magnitude / _unit_magnitude(unit)


# --- dates ---------------------------------------------------------------------------------------

_FULL_DATE = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日|号)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日|号)?$")
_RELATIVE = re.compile(r"^\+\s*(\d{1,3})\s*([dwm天周月])$")
_RELATIVE_WORDS = {"今天": 0, "today": 0, "明天": 1, "tomorrow": 1, "后天": 2}


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(
    text: str | date | datetime | None,
    *,
    default_year: int | None = None,
    today: date | None = None,
    on_or_after: date | None = None,
) -> date | None:
    """A date as typed: 2026-10-20, 2026/10/20, 2026年10月20日, 10月20日, 10/20, +2w, 明天; blank → None.

    A month and day without a year (10月20日) take ``default_year``; with ``on_or_after`` they are the
    next such day on or after it instead — a due date typed at a meeting on 2026-12-04 as 10月20日 means
    2027-10-20, not a date already past (`parse_due_date`).
    Every date, typed, relative or passed in, must lie from FIRST_DATE to LAST_DATE (DATE_OUT_OF_RANGE).
    """
    day = _any_date(text, default_year=default_year, today=today, on_or_after=on_or_after)
    if day is not None and not FIRST_DATE <= day <= LAST_DATE:
        raise ParseError(text, DATE_OUT_OF_RANGE)
    return day


def parse_due_date(text: str | date | datetime | None, *, meeting_date: date | None, today: date) -> date | None:
    """A due date (完成时间) as typed at a meeting: without a year, the next such day on or after the
    meeting's date (today's for a meeting without one); relative dates (+2w, 明天) count from today."""
    return parse_date(text, today=today, on_or_after=meeting_date or today)


def resolved_date_text(text: str, day: date | None) -> str:
    """"2027-10-20" when what was typed ("10月20日", "+2w") is not already that date written in full,
    so a form can show the date it resolved to before saving; "" otherwise."""
    if day is None or _fold(text).strip() == day.isoformat():
        return ""
    return day.isoformat()


def _next_month_day(month: int, day: int, on_or_after: date) -> date:
    """The first month-day on or after ``on_or_after`` (29 Feb: the next leap year's)."""
    for year in range(on_or_after.year, on_or_after.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            if month == 2 and day == 29:
                continue
            raise
        if candidate >= on_or_after:
            return candidate
    raise ValueError(f"no {month}-{day} after {on_or_after}")


def _any_date(
    text: str | date | datetime | None, *, default_year: int | None, today: date | None,
    on_or_after: date | None = None,
) -> date | None:
    """parse_date without the range check."""
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = _fold(str(text)).lower()
    if raw in _BLANKS:
        return None
    try:
        if raw in _RELATIVE_WORDS or _RELATIVE.match(raw):
            if today is None:
                raise ParseError(text, DATE_EXPECTED + " (relative dates need today's date)")
            if raw in _RELATIVE_WORDS:
                return today + timedelta(days=_RELATIVE_WORDS[raw])
            match = _RELATIVE.match(raw)
            assert match is not None
            count, unit = int(match[1]), match[2]
            if unit in "d天":
                return today + timedelta(days=count)
            if unit in "w周":
                return today + timedelta(weeks=count)
            return _add_months(today, count)
        if match := _FULL_DATE.match(raw) or _COMPACT_DATE.match(raw):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _MONTH_DAY.match(raw):
            if on_or_after is not None:
                return _next_month_day(int(match[1]), int(match[2]), on_or_after)
            if default_year is None:
                raise ParseError(text, DATE_EXPECTED + " with a year")
            return date(default_year, int(match[1]), int(match[2]))
    except ParseError:
        raise
    except ValueError:  # date() refused the day or month (2026-02-30, 13/01)
        raise ParseError(text, DATE_EXPECTED) from None
    except OverflowError:  # today + timedelta went past year 9999
        raise ParseError(text, DATE_OUT_OF_RANGE) from None
    raise ParseError(text, DATE_EXPECTED)


# --- periods -------------------------------------------------------------------------------------

PERIOD_CODES: tuple[str, ...] = (
    *(f"M{m:02d}" for m in range(1, 13)), "Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY",
)
_ORDER = {code: i for i, code in enumerate(PERIOD_CODES)}
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
_MONTH_NAMES = [calendar.month_abbr[m].lower() for m in range(1, 13)]
_MONTH_FULL = [calendar.month_name[m].lower() for m in range(1, 13)]


def _small_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _CN_DIGITS.get(text)


def parse_period(text: str) -> str:
    """A period label as a code: 1月/Jan/2026-01 → M01, 一季度/2026-Q1 → Q1, 2026 上半年/H1 → H1,
    全年 → FY. A leading year is allowed and dropped: periods are stored without one."""
    raw = _fold(str(text)).lower().replace(" ", "")
    if raw.upper() in _ORDER:
        return raw.upper()
    half_or_year = re.sub(r"^\d{4}(?:[-/]|年)?(?=\D)", "", raw)
    if half_or_year in ("上半年", "1h", "h1"):
        return "H1"
    if half_or_year in ("下半年", "2h", "h2"):
        return "H2"
    if half_or_year in ("全年", "年度", "year", "fy", "y", "annual"):
        return "FY"
    if match := re.fullmatch(r"(?:\d{4}[-/年]?)?m?(\d{1,2}|[一二三四五六七八九十]{1,2})(?:月(?:份)?)?", raw):
        month = _small_int(match[1])
        if month and 1 <= month <= 12 and (raw.endswith(("月", "份")) or raw.startswith("m") or "-" in raw
                                            or "/" in raw or "年" in raw):
            return f"M{month:02d}"
    if match := re.fullmatch(r"(?:\d{4}[-/年]?)?(?:第)?([1-4一二三四])季(?:度)?|(?:\d{4}[-/年]?)?q([1-4])", raw):
        quarter = _small_int(match[1] or match[2])
        return f"Q{quarter}"
    if raw in _MONTH_NAMES:
        return f"M{_MONTH_NAMES.index(raw) + 1:02d}"
    if raw in _MONTH_FULL:
        return f"M{_MONTH_FULL.index(raw) + 1:02d}"
    raise ParseError(text, PERIOD_EXPECTED)


def period_sort_key(code: str) -> int:
    return _ORDER.get(code, len(_ORDER))


def months_of(code: str) -> tuple[str, ...]:
    """The months a period covers: Q1 → M01…M03, H1 → M01…M06, FY → M01…M12, M05 → (M05,)."""
    if code.startswith("M"):
        return (code,)
    if code.startswith("Q"):
        first = (int(code[1]) - 1) * 3 + 1
        return tuple(f"M{m:02d}" for m in range(first, first + 3))
    if code in ("H1", "H2"):
        first = 1 if code == "H1" else 7
        return tuple(f"M{m:02d}" for m in range(first, first + 6))
    if code == "FY":
        return tuple(f"M{m:02d}" for m in range(1, 13))
    return ()


def period_label(code: str, lang: str, year: int | None = None) -> str:
    """How a period code is shown: M01 → 1月 / Jan, H1 → 上半年 / H1, FY → 全年 / FY; with its ``year``
    (DESIGN: periods always show their year) 2026年1月 / Jan 2026, 2026上半年 / H1 2026, 2026年Q3 / Q3 2026."""
    if code.startswith("M") and code[1:].isdigit():
        month = int(code[1:])
        if lang == "zh":
            return f"{year}年{month}月" if year else f"{month}月"
        return f"{calendar.month_abbr[month]} {year}" if year else calendar.month_abbr[month]
    if lang == "zh":
        named = {"H1": "上半年", "H2": "下半年", "FY": "全年"}.get(code)
        if year is None:
            return named or code
        return f"{year}{named}" if named else f"{year}年{code}"
    return f"{code} {year}" if year else code


YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def period_year(meeting_period: str, meeting_date: date | None) -> int | None:
    """The year a meeting's periods belong to (they are stored without one): the year written in the
    meeting's period ("2026上半年", "2026-Q3"); else, from the meeting's date, the latest year in which
    the meeting's own period had begun (an H2 review held in January is last year's H2); else None."""
    if match := YEAR_IN_TEXT.search(_fold(meeting_period or "")):
        return int(match[1])
    if meeting_date is None:
        return None
    try:
        own = parse_period(meeting_period) if meeting_period.strip() else None
    except ParseError:
        own = None
    months = months_of(own) if own else ()
    if months and int(months[0][1:]) > meeting_date.month:
        return meeting_date.year - 1
    return meeting_date.year


def person_name(text: str) -> str:
    """A presenter's name as stored and compared: control characters dropped, full-width letters folded
    (NFKC: "Ａlice" is "Alice"), spaces between Chinese characters dropped ("张　伟", a two-character name
    padded to line up with three-character ones, is 张伟), other inner spaces made one, ends trimmed.

    Actions and indicator values are filed under the name, so two spellings of one person on the agenda
    would split that person's captures between two slots.
    """
    # (A loop, not a regular expression: compiling one over the Han ranges cost ~1.4 ms at start-up.)
    name = ""
    for part in unicodedata.normalize("NFKC", clean_text(text)).split():
        name += part if not name or (_is_han(name[-1]) and _is_han(part[0])) else " " + part
    return name


def same_person(name: str, other: str) -> bool:
    """Whether two spellings name one presenter (`person_name`): one person has one slot on an agenda."""
    return person_name(name) == person_name(other)


def repeated_names(names: Iterable[str]) -> list[str]:
    """The presenters named more than once among ``names`` (as `person_name` compares them), sorted."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for name in map(person_name, names):
        (repeated if name in seen else seen).add(name)
    return sorted(repeated)


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u4dbf" or "\u4e00" <= char <= "\u9fff"


SLOT_MINUTES_EXPECTED = f"whole minutes from {MIN_SLOT_MINUTES} to {MAX_SLOT_MINUTES}, such as 15 or 15分钟"
_SLOT_MINUTES = re.compile(r"^(\d{1,4})(?:\.0+)?(?:分钟|分|mins?|minutes|m)?$")


def parse_slot_minutes(text: str | int | float) -> int:
    """A slot's length as typed in the form, after NAME: or in an agenda sheet: whole minutes from
    MIN_SLOT_MINUTES to MAX_SLOT_MINUTES ("15", "１５", "15分钟", "15 min", "15.0", or a number cell);
    ParseError (SLOT_MINUTES_EXPECTED) for anything else: "1.5" is not read as 15, nor "1_5" as Python's
    int() would, nor 1.5 rounded."""
    if isinstance(text, bool):
        raise ParseError(text, SLOT_MINUTES_EXPECTED)
    if isinstance(text, (int, float)):
        number = float(text) if text == text else None  # NaN is no number of minutes
        minutes = int(number) if number is not None and number.is_integer() else None
    else:
        match = _SLOT_MINUTES.match(_fold(str(text)).replace(" ", "").lower())
        minutes = int(match[1]) if match else None
    if minutes is None or not MIN_SLOT_MINUTES <= minutes <= MAX_SLOT_MINUTES:
        raise ParseError(text, SLOT_MINUTES_EXPECTED)
    return minutes


def parse_presenter(text: str) -> tuple[str, int | None]:
    """An agenda entry as people type it, "名字" or "名字:15" (ASCII or full-width colon): (name, minutes).

    Minutes are None when not given; ParseError when there is no name or the minutes are not a whole
    number from MIN_SLOT_MINUTES to MAX_SLOT_MINUTES.
    """
    name, colon, minutes_text = text.replace("：", ":").rpartition(":")
    if not colon:
        name, minutes_text = minutes_text, ""
    name = person_name(name)
    if not name:
        raise ParseError(text, "NAME or NAME:MINUTES")
    if not colon:
        return name, None
    try:
        return name, parse_slot_minutes(minutes_text)
    except ParseError as exc:
        raise ParseError(text, f"{exc.expected} after ':'") from None


def period_text(text: str, lang: str, year: int | None = None) -> str:
    """A stored period as people read it: a bare code ("H1", "M08") becomes its label (上半年 / H1, 8月 /
    Aug, with ``year`` 2026上半年 / H1 2026); anything else ("2026-10", "2026 Q3") stays as typed, so a year
    written with it is not lost."""
    if not text.strip():
        return ""
    try:
        code = parse_period(text)
    except ParseError:
        return text
    if YEAR_IN_TEXT.search(_fold(text)):
        return text
    return period_label(code, lang, year) if year is not None or code == text.strip().upper() else text


# --- an action's status as owners type it (the returned tracking sheet, `fupan actions update`) ----------

# Words owners write for each status, besides its labels in both languages and its stored value. Compared
# folded: NFKC (full-width letters), lower case, without spaces, hyphens or underscores.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "not_started": ("未开始", "没开始", "待开始", "未启动", "notstarted", "todo", "pending"),
    "in_progress": ("进行中", "进行", "处理中", "推进中", "跟进中", "执行中", "inprogress", "ongoing", "started",
                    "doing", "wip"),
    "done": ("已完成", "完成", "完成了", "已办结", "办结", "已关闭", "关闭", "已结束", "done", "completed",
             "complete", "finished", "closed"),
    "cancelled": ("已取消", "取消", "作废", "已作废", "cancelled", "canceled", "cancel", "dropped"),
}
_STATUS_BY_WORD = {word: value for value, words in STATUS_WORDS.items() for word in words}
_STATUS_NOISE = re.compile(r"[\s_\-]+")
_STATUS_SUFFIX = re.compile(r"[(\[【].*$")  # 进行中 (逾期), as exported: the derived overdue after it


def parse_status(text: str) -> str | None:
    """The stored value of an action status as typed ("已完成", "完成", "Canceled", "ＤＯＮＥ", " 进行中 (逾期)"),
    None when blank; ParseError when it is no status. Traditional Chinese is the caller's to fold."""
    folded = _STATUS_SUFFIX.sub("", unicodedata.normalize("NFKC", clean_text(str(text))).lower())
    word = _STATUS_NOISE.sub("", folded)
    if not word:
        return None
    value = _STATUS_BY_WORD.get(word, word if word in STATUS_WORDS else None)
    if value is None:
        raise ParseError(text, STATUS_EXPECTED)
    return value


STATUS_EXPECTED = "not started, in progress, done or cancelled (完成, 取消, done … are read too)"

# What ParseError.message says was expected, in the UI's language (core.i18n, the zhcli block).
_EXPECTED_KEYS = {
    NUMBER_EXPECTED: "expected.number",
    NUMBER_TOO_LARGE: "expected.number_too_large",
    DATE_EXPECTED: "expected.date",
    DATE_OUT_OF_RANGE: "expected.date_in_range",
    DATE_EXPECTED + " with a year": "expected.date_with_year",
    PERIOD_EXPECTED: "expected.period",
    SLOT_MINUTES_EXPECTED: "expected.slot_minutes",
    "NAME or NAME:MINUTES": "expected.presenter",
    SLOT_MINUTES_EXPECTED + " after ':'": "expected.slot_minutes_after",
    # a sheet's problems (exports.reading, layouts, agenda, indicators) that name no value
    "an existing file": "expected.existing_file",
    "a .xlsx or .csv file (save the old .xls as .xlsx or CSV)": "expected.not_xls",
    "a .csv or .xlsx file": "expected.sheet_file",
    "no sheet name: a CSV file has one sheet": "expected.no_sheet_for_csv",
    "a header row and data: the file is empty": "expected.not_empty",
    "at least one presenter under the header": "expected.a_presenter",
    "at least one value under the header": "expected.a_value",
}
