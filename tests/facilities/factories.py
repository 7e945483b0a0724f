"""Factory functions for facilities tests."""

from __future__ import annotations

import datetime as dt
import itertools

from council.models import Council, Dong
from facilities.models import Facility, FacilityFigures

_seq = itertools.count(1)


def make_facility(
    council: Council,
    *,
    code: str | None = None,
    kind: str = Facility.Kind.TOGETHER,
    name: str | None = None,
    dong: Dong | None = None,
    status: str = Facility.Status.OPERATING,
    opened_on: dt.date | None = dt.date(2020, 3, 2),
    closes_at: dt.time | None = dt.time(19, 0),
    night_care_until: dt.time | None = None,
    temporary_spare: int = 0,
    **fields,
) -> Facility:
    n = next(_seq)
    return Facility.objects.create(
        council=council,
        code=code or f"T-{n:03d}",
        kind=kind,
        name=name or f"시험 돌봄센터 {n}",
        dong=dong or council.dongs.order_by("order").first(),
        status=status,
        opened_on=opened_on,
        opens_at=dt.time(13, 0) if closes_at else None,
        closes_at=closes_at,
        night_care=night_care_until is not None,
        night_care_until=night_care_until,
        temporary_care=temporary_spare > 0,
        temporary_spare=temporary_spare,
        **fields,
    )


def add_figures(
    facility: Facility,
    as_of: dt.date,
    capacity: int,
    enrolled: int,
    waiting: int = 0,
    reason: str = "",
) -> FacilityFigures:
    return FacilityFigures.objects.create(
        facility=facility,
        as_of=as_of,
        capacity=capacity,
        enrolled=enrolled,
        waiting=waiting,
        over_capacity_reason=reason,
    )
