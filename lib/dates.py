"""The one home of how the portal writes dates and times, as district documents do.

`2026. 11. 30.` (optionally with the weekday: `2026. 11. 30.(월)`), 24-hour
times (`19:12`), and meeting periods (`2023. 12. 20.(수) ~ 12. 22.(금)`).
Pages use these through the `council_dates` template filters; documents,
e-mails and messages call them directly.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

WEEKDAYS = "월화수목금토일"


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def korean_date(value: dt.date | dt.datetime, *, weekday: bool = False, year: bool = True) -> str:
    """`2026. 11. 30.`; `weekday=True` adds `(월)`; `year=False` leaves out the year."""
    day = _local_date(value)
    text = f"{day.month}. {day.day}."
    if weekday:
        text += f"({WEEKDAYS[day.weekday()]})"
    return f"{day.year}. {text}" if year else text


def korean_time(value: dt.datetime | dt.time, *, seconds: bool = False) -> str:
    """24-hour `19:12` (never `7:12 오후`)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%H:%M:%S" if seconds else "%H:%M")


def korean_datetime(
    value: dt.datetime, *, weekday: bool = False, year: bool = True, seconds: bool = False
) -> str:
    """`2026. 11. 30. 19:12` in Asia/Seoul."""
    return f"{korean_date(value, weekday=weekday, year=year)} {korean_time(value, seconds=seconds)}"


def utc_offset(value: dt.datetime) -> str:
    """`UTC+09:00`: the offset of the time as shown (Asia/Seoul), for logs and records."""
    offset = timezone.localtime(value).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def sheet_datetime(value: dt.datetime) -> str:
    """`2026-11-30 19:12` in Asia/Seoul: how spreadsheets and data files write a
    moment (sorts as text and reads back as a date; pages use `korean_datetime`)."""
    return f"{_local_date(value).isoformat()} {korean_time(value)}"


def sheet_month(value: dt.datetime) -> str:
    """`2026-11` in Asia/Seoul: a month as a key (counts per month)."""
    day = _local_date(value)
    return f"{day.year:04d}-{day.month:02d}"


def utc_stamp(value: dt.datetime) -> str:
    """`2026-11-30T10:12:00Z`: a moment in UTC as package metadata writes it (HWPX/OPF)."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def digit_forms(day: dt.date) -> set[str]:
    """`20261130` and `261130`: a day as digits only (as people type it in a password)."""
    full = f"{day.year:04d}{day.month:02d}{day.day:02d}"
    return {full, full[2:]}


def korean_month(value: dt.date) -> str:
    """`2026. 11.`"""
    return f"{value.year}. {value.month}."


def korean_period(start: dt.date, end: dt.date) -> str:
    """A meeting period in the style of district documents.

    `2023. 12. 20.(수) ~ 12. 22.(금)` within one year; both years when the
    period crosses a year; a single date when it is one day.
    """
    if start == end:
        return korean_date(start, weekday=True)
    return (
        f"{korean_date(start, weekday=True)} ~ "
        f"{korean_date(end, weekday=True, year=start.year != end.year)}"
    )


def time_left(until: dt.datetime, now: dt.datetime) -> str:
    """How long until a deadline, as a member reads it: `11일`, near the end `3일 17시간`,
    on the last day `5시간`, in the last hour `40분` (never Django's `1주, 4일`).

    Whole units are rounded down, so the words never promise more time than there is.
    """
    seconds = max(0, int((until - now).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days >= 4:
        return f"{days}일"
    if days >= 1:
        return f"{days}일 {hours}시간" if hours else f"{days}일"
    if hours >= 1:
        return f"{hours}시간"
    return f"{max(minutes, 1)}분" if seconds else "0분"


# The dates people type: 2024-03-01, 2024.3.1, 2024. 3. 1., 2024/3/1, 2024년 3월 1일,
# 20240301; and a date cell read as a number (days since 1899-12-30, the spreadsheet
# epoch) when its column was formatted as a number.
_DATE_PARTS = re.compile(
    r"^\s*(\d{4})\s*(?:[-./]|년)\s*(\d{1,2})\s*(?:[-./]|월)\s*(\d{1,2})\s*(?:[./]|일)?\s*$"
)
_DATE_DIGITS = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_SERIAL = re.compile(r"^\s*(\d{5})(?:\.0+)?\s*$")
SPREADSHEET_EPOCH = dt.date(1899, 12, 30)
DATE_EXAMPLE = "2024-03-01 또는 2024. 3. 1."


def parse_date(text: str) -> dt.date | None:
    """A date from the ways people write one in a cell; None if it is not one."""
    match = _DATE_PARTS.match(text) or _DATE_DIGITS.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    serial = _SERIAL.match(text)
    if serial:
        day = SPREADSHEET_EPOCH + dt.timedelta(days=int(serial.group(1)))
        if dt.date(1950, 1, 1) <= day <= dt.date(2100, 12, 31):
            return day
    return None
