"""How old a facility's figures are, and when they stop counting (the one home of the rule).

A figure (정원·현원·대기) is *stale* when its 기준일 is before the cutoff: today minus
`settings.FACILITY_FIGURES_MAX_AGE_MONTHS` months (6 unless set). Stale figures are
still shown, with their age in words ("8개월 전 자료", "3년 전 자료"), but their
vacancies are never offered: the finder's 빈자리 있음 filter and the vacancy badges
use fresh figures only. A planned facility whose 개소 예정일 has passed is shown as
"개소 여부 확인 중" until staff confirm it (set it 운영, or a new date).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.utils.translation import ngettext


def max_age_months() -> int:
    return settings.FACILITY_FIGURES_MAX_AGE_MONTHS


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff(today: dt.date) -> dt.date:
    """The oldest 기준일 still fresh on `today` (a figure exactly this old is fresh)."""
    return months_before(today, max_age_months())


def is_stale(as_of: dt.date | None, today: dt.date) -> bool:
    return as_of is not None and as_of < cutoff(today)


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (0 within the first month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def age_words(as_of: dt.date | None, today: dt.date) -> str:
    """ "8개월 전 자료" / "3년 전 자료" for a stale figure; "" for a fresh one or none."""
    if not is_stale(as_of, today):
        return ""
    months = max(months_between(as_of, today), 1)
    if months >= 12:
        years = months // 12
        return ngettext("%(n)d년 전 자료", "%(n)d년 전 자료", years) % {"n": years}
    return ngettext("%(n)d개월 전 자료", "%(n)d개월 전 자료", months) % {"n": months}


def opening_unconfirmed(facility, today: dt.date) -> bool:
    """Planned, with a 개소 예정일 already past: nobody has confirmed it opened."""
    return (
        facility.status == facility.Status.PLANNED
        and facility.opened_on is not None
        and facility.opened_on < today
    )


def needing_survey(council, today: dt.date, *, limit: int | None = None) -> list:
    """The council's facilities (not closed) whose latest figures are past the age limit,
    or planned with a passed 개소 예정일: the staff dashboard's list, oldest first (no
    figures last). Each carries `figures_as_of` (the date of its latest figures on or
    before `today`), `dong_name`, and `total`: how many there are in all, whatever
    `limit` keeps (a window over the filtered list, computed before the LIMIT).

    One SQL statement with names from the models' meta: built through the ORM, the
    same query (a subquery in the select list, the filter and the order, a window
    count, the 동 joined) took the dashboard more than a millisecond per request to
    assemble, many times what running it takes."""
    from django.db import connection

    from council.models import Dong
    from facilities.models import Facility, FacilityFigures

    name = connection.ops.quote_name

    def column(model, field: str) -> str:
        return name(model._meta.get_field(field).column)

    facility, figures, dong = (name(m._meta.db_table) for m in (Facility, FacilityFigures, Dong))
    fid, as_of = column(Facility, "id"), column(FacilityFigures, "as_of")
    status, opened_on = column(Facility, "status"), column(Facility, "opened_on")
    shown = ", ".join(
        f"f.{column(Facility, field)}"
        for field in ("id", "code", "name", "status", "opened_on", "council", "dong")
    )
    # Names from the models' meta; every value is a parameter.
    sql = (
        f"SELECT {shown}, d.{column(Dong, 'name')} AS dong_name, f.figures_as_of, "  # noqa: S608
        "COUNT(*) OVER () AS total FROM ("
        f"SELECT x.*, (SELECT MAX(g.{as_of}) FROM {figures} g "
        f"WHERE g.{column(FacilityFigures, 'facility')} = x.{fid} AND g.{as_of} <= %s) "
        f"AS figures_as_of FROM {facility} x "
        f"WHERE x.{column(Facility, 'council')} = %s AND x.{status} <> %s) f "
        f"JOIN {dong} d ON d.{column(Dong, 'id')} = f.{column(Facility, 'dong')} "
        f"WHERE f.figures_as_of < %s OR (f.{status} = %s AND f.{opened_on} < %s) "
        f"ORDER BY f.figures_as_of IS NULL, f.figures_as_of, f.{column(Facility, 'name')}, f.{fid}"
    )
    day = connection.ops.adapt_datefield_value
    params = [
        day(today),
        council.pk,
        Facility.Status.CLOSED.value,
        day(cutoff(today)),
        Facility.Status.PLANNED.value,
        day(today),
    ]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    rows = list(Facility.objects.raw(sql, params))
    for row in rows:  # a computed column: the backend's own type (SQLite gives text)
        if isinstance(row.figures_as_of, str):
            row.figures_as_of = dt.date.fromisoformat(row.figures_as_of)
    return rows


DASHBOARD_ROWS = 10


def stale_summary(council, today: dt.date) -> dict:
    """What the staff dashboard shows: how many facilities need fresh figures, the oldest
    few with their age in words (one query)."""
    facilities = needing_survey(council, today, limit=DASHBOARD_ROWS)
    rows = [
        {
            "facility": f,
            "dong": f.dong_name,
            "age": age_words(f.figures_as_of, today),
            "opening_unconfirmed": opening_unconfirmed(f, today),
        }
        for f in facilities
    ]
    return {
        "count": facilities[0].total if facilities else 0,
        "rows": rows,
        "ids": [row["facility"].pk for row in rows],
        "max_age_months": max_age_months(),
    }
