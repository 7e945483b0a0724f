"""Free-text opening hours from open data, e.g. `학기중: 10:00~19:00 방학중: 10:00~19:00`.

:func:`parse_hours` finds time ranges and the label before each (학기 중 / 평일 →
term time, 방학 중 → school vacations; 토요일, 공휴일 … are recognised and left
alone). Text it cannot read with certainty is reported as unparsed, never
guessed: the caller keeps the original text and flags it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_TIME = r"(\d{1,2})\s*(?::\s*(\d{2})|시(?:\s*(\d{1,2})\s*분)?)"
_RANGE_RE = re.compile(_TIME + r"\s*(?:~|-|–|—|부터)\s*" + _TIME + r"(?:\s*까지)?")
_LABEL_RE = re.compile(
    r"(학기\s*중|학기|평일|주중|방학\s*중|방학|토요일|토|일요일|주말|공휴일|휴일)"
)
_TERM = {"학기중", "학기", "평일", "주중"}
_VACATION = {"방학중", "방학"}


@dataclass(frozen=True)
class Hours:
    term: tuple[dt.time, dt.time] | None
    vacation: tuple[dt.time, dt.time] | None
    parsed: bool  # False: keep the text and flag it; the times above are not to be used


def _time(hour: str, minute_colon: str | None, minute_si: str | None) -> dt.time | None:
    h = int(hour)
    m = int(minute_colon or minute_si or 0)
    if h == 24 and m == 0:
        return None  # "24:00" has no dt.time; such text is left for a person
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return dt.time(h, m)


class _Unparsed(Exception):
    """The text is not hours the registry can take."""


def _events(text: str, ranges: list) -> list[tuple[int, str, object]]:
    """Labels and time ranges in the order they are written."""
    events: list[tuple[int, str, object]] = [
        (match.start(), "label", re.sub(r"\s+", "", match.group(1)))
        for match in _LABEL_RE.finditer(text)
    ]
    for match in ranges:
        g = match.groups()
        start, end = _time(g[0], g[1], g[2]), _time(g[3], g[4], g[5])
        if start is None or end is None or end <= start:
            raise _Unparsed
        events.append((match.start(), "range", (start, end)))
    # A label inside a range's span cannot happen; order by position.
    events.sort(key=lambda e: e[0])
    return events


def _assign(label: str | None, value, found: dict, single: bool) -> bool:
    """Put one range where its label says: term hours, vacation hours, or neither.
    False when the label (Saturday, holidays) also covers the ranges after it."""
    if label is None and found["term"] is None and single:
        found["term"] = value  # one unlabelled range: the usual (school-day) hours
    elif label in _TERM and found["term"] is None:
        found["term"] = value
    elif label in _VACATION and found["vacation"] is None:
        found["vacation"] = value
    elif label is None or label in _TERM | _VACATION:
        raise _Unparsed  # two ranges for one label, or a range with no label
    else:
        return False  # Saturday or holiday hours: not what the registry records
    return True


def parse_hours(text: str) -> Hours:
    text = (text or "").strip()
    ranges = list(_RANGE_RE.finditer(text)) if text else []
    if not ranges:
        return Hours(None, None, False)
    found: dict = {"term": None, "vacation": None}
    label: str | None = None
    try:
        for _pos, kind, value in _events(text, ranges):
            if kind == "label":
                label = value
                continue
            if _assign(label, value, found, len(ranges) == 1):
                label = None
    except _Unparsed:
        return Hours(None, None, False)
    if found["term"] is None:
        return Hours(None, None, False)
    return Hours(found["term"], found["vacation"], True)
