"""File names for what fupan writes: the meeting's title and the table's name, safe on every system.

`华东销售中心2026上半年复盘会-行动计划跟踪表.xlsx` reads like the document it is, in the UI language, and
can be created on Windows, macOS and Linux alike: the characters Windows refuses (``<>:"/\\|?*``) and
control characters become ``_``, a name never ends in a dot or a space, never is a device name that
Windows reserves (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any extension), and stays within what
every file system takes for one name (255 bytes of UTF-8 on Linux, 255 UTF-16 units on Windows).
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_BYTES = 240
"""One name, suffix included, in UTF-8 bytes: ext4 and APFS take 255, NTFS 255 UTF-16 units (always
more room than 255 bytes); a little is kept for a copy's " (2)"."""

FALLBACK_STEM = "fupan"
"""The name of a file whose title has nothing left once cleaned (a title of ``???`` only)."""

_FORBIDDEN = frozenset('<>:"/\\|?*')
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                       *(f"COM{n}" for n in "123456789¹²³"), *(f"LPT{n}" for n in "123456789¹²³")})
_SPACES = re.compile(r"\s+")


def _allowed(char: str) -> str:
    if char in _FORBIDDEN or unicodedata.category(char) in ("Cc", "Cs", "Cn", "Co", "Zl", "Zp"):
        return "_"
    return char


def safe_file_name(stem: str, suffix: str = "") -> str:
    """``stem + suffix`` as a file name any system accepts, as close to ``stem`` as it can be.

    ``suffix`` is fupan's own (``.xlsx``, ``-行动计划跟踪表.csv`` …) and is kept whole: a long ``stem`` is
    shortened instead. The result is never empty, and cleaning it again changes nothing.
    """
    name = _cleaned(stem, MAX_NAME_BYTES - len(suffix.encode("utf-8"))) or FALLBACK_STEM
    if (name + suffix).split(".")[0].rstrip(" ").upper() in _RESERVED:  # "con.xlsx", "nul": Windows devices
        name = "_" + name
    return name + suffix


def export_file_name(title: str, part: str, suffix: str) -> str:
    """The file of an export: the meeting's title, then which table or document it is, then the suffix
    (``华东销售中心2026上半年复盘会-行动计划跟踪表.xlsx``); the part alone when there is no title (the
    tracking sheet across meetings) or nothing of it is left once cleaned. A long title is shortened,
    never the part."""
    part = _cleaned(part, MAX_NAME_BYTES // 2) or FALLBACK_STEM
    head = _cleaned(title, MAX_NAME_BYTES - len(f"-{part}{suffix}".encode("utf-8")) - 1)
    return safe_file_name(head, f"-{part}{suffix}") if head else safe_file_name(part, suffix)


def _cleaned(text: str, max_bytes: int) -> str:
    """``text`` with what no file system takes replaced, spaces collapsed, trimmed, cut to ``max_bytes``."""
    name = unicodedata.normalize("NFC", text)
    name = "".join(_allowed(char) for char in _SPACES.sub(" ", name))  # a tab or a line break is a space
    name = _trimmed(name)
    if len(name.encode("utf-8")) > max_bytes:
        name = _trimmed(name.encode("utf-8")[:max(max_bytes, 0)].decode("utf-8", "ignore"))
    return name


def _trimmed(name: str) -> str:
    """No leading dot (a hidden file) or space, no trailing dot or space (Windows drops them)."""
    return name.strip(" .")
