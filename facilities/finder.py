"""The public facility finder (시설 찾기): what the district publishes, and how parents search it.

One rule decides what the public may see (`public_facilities`): a facility
of the council that staff marked public, operating or planned (shown as 개소
예정), and not closed. Every public page, the flyer and the short links go
through it; `get_finder_council` and `get_public_facility` are the public
pages' access helpers (404 for anything else, in the portal's layout).

A search costs a fixed number of queries whatever the number of facilities:
the 동 list, one count and one page of facilities with their latest figures
(the neighbouring 동 are a subquery of the same statement).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from council.models import Council, Dong
from facilities.models import Facility

PUBLIC_STATUSES = (Facility.Status.OPERATING, Facility.Status.PLANNED)
# "19시 이후": open until 19:00 or later, in term time or through night care.
LATE_EVENING = dt.time(19, 0)
GRADES = range(1, 7)
ADDRESS_PLACEHOLDER = "{address}"


class Late:
    """Values of the closing-time filter."""

    EVENING = "19"
    NIGHT = "night"


def public_facilities(council: Council, *, today: dt.date) -> QuerySet[Facility]:
    """The council's facilities the public may see on `today` (the one rule)."""
    return Facility.objects.filter(
        council=council, is_public=True, status__in=PUBLIC_STATUSES
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))


def get_finder_council(slug: str) -> Council:
    """The council of a public finder page (404 for an unknown one)."""
    return get_object_or_404(Council, slug=slug)


def get_public_facility(council_slug: str, code: str, *, today: dt.date) -> Facility:
    """A facility the public may see, with its latest figures (404 for anything else:
    unknown, not public, closed, or another council's)."""
    council = get_finder_council(council_slug)
    facility = get_object_or_404(
        public_facilities(council, today=today).select_related("dong").with_figures_as_of(today),
        code=code,
    )
    facility.council = council
    return facility


@dataclass(frozen=True)
class Filters:
    """A parent's search, already validated (facilities.finder_forms.FinderForm)."""

    dong: Dong | None = None
    nearby: bool = True
    kind: str = ""
    grade: int | None = None
    late: str = ""
    vacation: bool = False
    temporary: bool = False
    vacancy: bool = False


def search(council: Council, filters: Filters, *, today: dt.date) -> QuerySet[Facility]:
    """Public facilities matching `filters`, the chosen 동 first, then its neighbours,
    each by kind and name; annotated with their latest figures (`figures_as_of`,
    `capacity`, `enrolled`, `waiting`)."""
    facilities = public_facilities(council, today=today).with_figures_as_of(today)
    order: list = []
    if filters.dong is not None:
        here = Q(dong=filters.dong)
        if filters.nearby:
            here |= Q(dong__in=filters.dong.neighbours.values("pk"))
        facilities = facilities.filter(here).annotate(
            in_chosen_dong=Case(
                When(dong=filters.dong, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        order.append("-in_chosen_dong")
    if filters.kind:
        facilities = facilities.filter(kind=filters.kind)
    if filters.grade:
        facilities = facilities.filter(
            Q(grade_min__isnull=True) | Q(grade_min__lte=filters.grade),
            Q(grade_max__isnull=True) | Q(grade_max__gte=filters.grade),
        )
    if filters.late == Late.EVENING:
        facilities = facilities.filter(
            Q(closes_at__gte=LATE_EVENING) | Q(night_care=True, night_care_until__gte=LATE_EVENING)
        )
    elif filters.late == Late.NIGHT:
        facilities = facilities.filter(night_care=True)
    if filters.vacation:
        facilities = facilities.filter(vacation_care=True)
    if filters.temporary:
        facilities = facilities.filter(temporary_care=True)
    if filters.vacancy:
        facilities = facilities.filter(capacity__gt=F("enrolled"))
    # Kinds in the order the district names them (Facility.Kind's order).
    kind_order = Case(
        *(When(kind=kind, then=Value(i)) for i, kind in enumerate(Facility.Kind.values)),
        output_field=IntegerField(),
    )
    return (
        facilities.select_related("dong")
        .annotate(kind_order=kind_order)
        .order_by(*order, "kind_order", "dong__order", "name", "pk")
    )


# --- what a result shows ----------------------------------------------------------------------


def phone_href(phone: str) -> str:
    """`tel:0515190000` for a tap-to-call link, or "" when there is no number to dial."""
    digits = re.sub(r"[^0-9+]", "", phone or "")
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 3 else ""


def map_url(template: str, address: str) -> str:
    """The district's map service opened at `address` ("" without a template or address).

    The template was checked when staff saved it (an http(s) URL with one
    `{address}`); the address is percent-encoded, so it cannot change the URL's shape.
    """
    if not template or not address or ADDRESS_PLACEHOLDER not in template:
        return ""
    return template.replace(ADDRESS_PLACEHOLDER, quote(address.strip(), safe=""))


def hours(opens: dt.time | None, closes: dt.time | None) -> str:
    if not opens or not closes:
        return ""
    return f"{opens:%H:%M}~{closes:%H:%M}"


@dataclass
class Entry:
    """One facility as the finder and the flyer show it (data stays as entered)."""

    facility: Facility
    neighbour: bool
    term_hours: str
    vacation_hours: str
    phone_href: str
    grade_from: int
    grade_to: int
    vacancies: int | None
    planned: bool

    @property
    def all_grades(self) -> bool:
        return self.grade_from == GRADES[0] and self.grade_to == GRADES[-1]


def entry(facility: Facility, *, chosen_dong: Dong | None = None) -> Entry:
    capacity = getattr(facility, "capacity", None)
    enrolled = getattr(facility, "enrolled", None)
    planned = facility.status == Facility.Status.PLANNED
    vacancies = None
    if capacity is not None and enrolled is not None and not planned:
        vacancies = max(capacity - enrolled, 0)
    return Entry(
        facility=facility,
        neighbour=chosen_dong is not None and facility.dong_id != chosen_dong.pk,
        term_hours=hours(facility.opens_at, facility.closes_at),
        vacation_hours=hours(facility.vacation_opens_at, facility.vacation_closes_at)
        if facility.vacation_care
        else "",
        phone_href=phone_href(facility.phone),
        grade_from=facility.grade_min or GRADES[0],
        grade_to=facility.grade_max or GRADES[-1],
        vacancies=vacancies,
        planned=planned,
    )


def serving(council: Council, dong: Dong, *, today: dt.date) -> list[Facility]:
    """Public facilities in `dong` and its neighbouring 동 (the flyer's list), `dong` first."""
    return list(search(council, Filters(dong=dong, nearby=True), today=today))
