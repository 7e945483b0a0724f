"""Template filters for the portal's one date style (lib.dates).

`{{ day|kdate }}` → `2026. 11. 30.`, `{{ day|kdate:"weekday" }}` → `2026. 11. 30.(월)`,
`{{ moment|kdatetime }}` → `2026. 11. 30. 19:12`, `{{ moment|kdatetime:"seconds" }}`,
`{{ month|kmonth }}` → `2026. 11.`, `{% kperiod start end %}` → a meeting period.
"""

from __future__ import annotations

import datetime as dt

from django import template

from lib import dates

register = template.Library()


@register.filter
def kdate(value: dt.date | dt.datetime | None, option: str = "") -> str:
    if not value:
        return ""
    return dates.korean_date(value, weekday=option == "weekday")


@register.filter
def kdatetime(value: dt.datetime | None, option: str = "") -> str:
    if not value:
        return ""
    if option == "record":  # a log's time: to the second, with its offset
        return f"{dates.korean_datetime(value, seconds=True)} ({dates.utc_offset(value)})"
    return dates.korean_datetime(value, weekday=option == "weekday", seconds=option == "seconds")


@register.filter
def kmonth(value: dt.date | None) -> str:
    return dates.korean_month(value) if value else ""


@register.simple_tag
def kperiod(start: dt.date, end: dt.date) -> str:
    return dates.korean_period(start, end)


@register.filter
def timeleft(value: dt.datetime | None, now: dt.datetime) -> str:
    """`{{ meeting.deadline|timeleft:now }}` → `11일`, `3일 17시간`, `5시간` (lib.dates.time_left)."""
    return dates.time_left(value, now) if value and now else ""
