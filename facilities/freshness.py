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


def needing_survey(council, today: dt.date):
    """The council's facilities (not closed) whose latest figures are past the age limit,
    or planned with a passed 개소 예정일: the staff dashboard's list, oldest first.
    Each carries `figures_as_of` (the date of its latest figures on or before `today`)."""
    from django.db import models
    from django.db.models import F, Q
    from django.db.models.expressions import RawSQL

    from facilities.models import Facility, FacilityFigures

    # The date of the latest figures on or before `today`, as SQL: the same subquery
    # built from ORM expressions cost the dashboard ~2 ms per request to assemble (it
    # appears in the select list, the filter and the order), 20 times running it.
    figures, facility = FacilityFigures._meta.db_table, Facility._meta.db_table
    as_of = FacilityFigures._meta.get_field("as_of").column
    owner = FacilityFigures._meta.get_field("facility").column
    latest = RawSQL(  # noqa: S611 - names from the models' meta; the day is a parameter
        f'SELECT MAX("{figures}"."{as_of}") FROM "{figures}" '  # noqa: S608
        f'WHERE "{figures}"."{owner}" = "{facility}"."id" AND "{figures}"."{as_of}" <= %s',
        (today,),
        output_field=models.DateField(),
    )
    return (
        Facility.objects.filter(council=council)
        .exclude(status=Facility.Status.CLOSED)
        .annotate(figures_as_of=latest)
        .filter(
            Q(figures_as_of__lt=cutoff(today))
            | Q(status=Facility.Status.PLANNED, opened_on__lt=today)
        )
        .order_by(F("figures_as_of").asc(nulls_last=True), "name", "pk")
    )


DASHBOARD_ROWS = 10


def stale_summary(council, today: dt.date) -> dict:
    """What the staff dashboard shows: how many facilities need fresh figures, the oldest
    few with their age in words. One query: the count rides along as a window over
    the whole filtered list (computed before the LIMIT)."""
    from django.db.models import Count, Window

    facilities = list(
        needing_survey(council, today)
        .annotate(total=Window(Count("pk")))
        .select_related("dong")
        .only("pk", "code", "name", "status", "opened_on", "council_id", "dong__name")[
            :DASHBOARD_ROWS
        ]
    )
    rows = [
        {
            "facility": f,
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
