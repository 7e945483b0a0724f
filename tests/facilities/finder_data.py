"""A small district for the finder's tests: three 동 (two of them neighbours), facilities
of every kind, and the ones the public must never see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from council.models import Council, Dong
from facilities.models import Facility
from tests.factories import add_figures, make_facility

FIGURES_DAY = dt.date(2026, 11, 30)


@dataclass
class Area:
    council: Council
    guseo: Dong  # 구서2동
    jangjeon: Dong  # 장전1동, 구서2동's neighbour
    namsan: Dong  # 남산동, nobody's neighbour
    centre: Facility  # 다함께돌봄센터, 구서2동: vacancies, vacation care, temporary care
    community: Facility  # 지역아동센터, 장전1동: full, night care to 22:00
    school: Facility  # 초등돌봄교실, 구서2동: grades 1–2, closes 17:00
    planned: Facility  # 다함께돌봄센터, 남산동: 개소 예정
    hidden: Facility  # not published
    closed: Facility  # published but closed
    elsewhere: Facility  # another council's published facility


def make_area(world) -> Area:
    council = world.council
    guseo = council.dongs.get(name="구서2동")
    jangjeon = council.dongs.get(name="장전1동")
    namsan = Dong.objects.create(council=council, name="남산동", order=3)
    guseo.neighbours.add(jangjeon)

    centre = make_facility(
        council,
        code="GJ-DH-001",
        name="금빛아이 꿈마당",
        dong=guseo,
        address="부산광역시 금정구 서부로 1",
        phone="051-123-4567",
        closes_at=dt.time(20, 0),
        temporary_spare=2,
        vacation_care=True,
        vacation_opens_at=dt.time(9, 0),
        vacation_closes_at=dt.time(18, 0),
        how_to_apply="전화 상담 후 방문 신청",
        is_public=True,
    )
    add_figures(centre, FIGURES_DAY - dt.timedelta(days=90), 30, 30)
    add_figures(centre, FIGURES_DAY, 30, 28, waiting=3)

    community = make_facility(
        council,
        code="GJ-JA-001",
        kind=Facility.Kind.COMMUNITY,
        name="장전 지역아동센터",
        dong=jangjeon,
        phone="051-222-3333",
        closes_at=dt.time(18, 0),
        night_care_until=dt.time(22, 0),
        vacation_care=True,
        is_public=True,
    )
    add_figures(community, FIGURES_DAY, 20, 20, waiting=5)

    school = make_facility(
        council,
        code="GJ-SC-001",
        kind=Facility.Kind.SCHOOL,
        name="구서초등학교 돌봄교실",
        dong=guseo,
        closes_at=dt.time(17, 0),
        grade_min=1,
        grade_max=2,
        is_public=True,
    )
    add_figures(school, FIGURES_DAY, 40, 36)

    planned = make_facility(
        council,
        code="GJ-DH-002",
        name="남산 다함께돌봄센터",
        dong=namsan,
        status=Facility.Status.PLANNED,
        opened_on=dt.date(2099, 3, 2),
        is_public=True,
    )
    hidden = make_facility(council, code="GJ-DH-003", name="비공개 돌봄센터", dong=guseo)
    add_figures(hidden, FIGURES_DAY, 30, 10)
    closed = make_facility(
        council,
        code="GJ-DH-004",
        name="문 닫은 돌봄센터",
        dong=guseo,
        status=Facility.Status.CLOSED,
        closed_on=dt.date(2024, 2, 29),
        is_public=True,
    )
    elsewhere = make_facility(
        world.other_council,
        code="HD-DH-001",
        name="해운대 돌봄센터",
        is_public=True,
    )
    return Area(
        council=council,
        guseo=guseo,
        jangjeon=jangjeon,
        namsan=namsan,
        centre=centre,
        community=community,
        school=school,
        planned=planned,
        hidden=hidden,
        closed=closed,
        elsewhere=elsewhere,
    )
