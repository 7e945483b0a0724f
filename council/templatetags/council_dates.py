"""Korean date formats with a one-letter weekday: `2023. 12. 20.(수)`, `… 18:00`."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()

WEEKDAYS = "월화수목금토일"


@register.filter
def kdate(value: dt.date | dt.datetime | None, short: str = "") -> str:
    """`2023. 12. 20.(수)`; with `"short"` the year is left out: `12. 22.(금)`."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    day = f"{value.month}. {value.day}.({WEEKDAYS[value.weekday()]})"
    return day if short else f"{value.year}. {day}"


@register.filter
def kdatetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{kdate(local)} {local:%H:%M}"
