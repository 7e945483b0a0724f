"""The registry list: filters, search, pagination, and a query count that does not grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from facilities.models import Facility
from tests.factories import add_figures, make_facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilities(world):
    council = world.council
    second_dong = council.dongs.order_by("order")[1]
    return {
        "night": make_facility(
            council,
            name="야간센터",
            kind=Facility.Kind.COMMUNITY,
            closes_at=dt.time(20, 0),
            night_care_until=dt.time(22, 0),
        ),
        "early": make_facility(
            council, name="오후센터", closes_at=dt.time(18, 0), dong=second_dong
        ),
        "spare": make_facility(
            council, name="일시센터", temporary_spare=3, closes_at=dt.time(19, 0)
        ),
        "closed": make_facility(
            council,
            name="닫은센터",
            status=Facility.Status.CLOSED,
            closed_on=dt.date(2023, 1, 1),
            kind=Facility.Kind.SCHOOL,
        ),
    }


def _names(client, world, **params) -> set[str]:
    response = client.get(reverse("facilities:list", args=[world.council.slug]), params)
    assert response.status_code == 200
    return {f.name for f in response.context["page"]}


def test_it_filters(world, client, facilities):
    client.force_login(world.member.user)
    assert _names(client, world) == {"야간센터", "오후센터", "일시센터", "닫은센터"}
    assert _names(client, world, night_care="on") == {"야간센터"}
    assert _names(client, world, open_after_20="on") == {"야간센터"}
    assert _names(client, world, temporary_vacancy="on") == {"일시센터"}
    assert _names(client, world, kind=Facility.Kind.SCHOOL) == {"닫은센터"}
    assert _names(client, world, status=Facility.Status.CLOSED) == {"닫은센터"}
    assert _names(client, world, dong=facilities["early"].dong_id) == {"오후센터"}
    assert _names(client, world, q="일시") == {"일시센터"}


def test_it_shows_an_empty_state(world, client):
    client.force_login(world.staff)
    page = client.get(reverse("facilities:list", args=[world.council.slug])).content.decode()
    assert "등록된 돌봄시설이 없습니다." in page
    page = client.get(
        reverse("facilities:list", args=[world.council.slug]), {"q": "없는"}
    ).content.decode()
    assert "조건에 맞는 돌봄시설이 없습니다." in page


def test_it_paginates_and_keeps_the_filter(world, client):
    for i in range(35):
        make_facility(world.council, name=f"센터{i:02d}")
    client.force_login(world.staff)
    url = reverse("facilities:list", args=[world.council.slug])
    first = client.get(url, {"q": "센터"})
    assert len(first.context["page"]) == 30
    assert "q=%EC%84%BC%ED%84%B0&amp;page=2" in first.content.decode()
    second = client.get(url, {"q": "센터", "page": 2})
    assert len(second.context["page"]) == 5


def test_it_shows_current_figures(world, client):
    facility = make_facility(world.council, name="수치센터")
    add_figures(facility, dt.date(2022, 1, 1), 10, 5)
    add_figures(facility, dt.date(2023, 1, 1), 30, 27)
    client.force_login(world.reviewer)
    response = client.get(reverse("facilities:list", args=[world.council.slug]))
    row = response.context["page"][0]
    assert (row.capacity, row.enrolled) == (30, 27)


def _count_queries(client, world) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(
            reverse("facilities:list", args=[world.council.slug]), {"night_care": ""}
        )
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["staff", "member"])
def test_it_uses_the_same_number_of_queries_for_3_and_60_facilities(
    world, client, role, django_assert_num_queries
):
    client.force_login(world.user(role))
    dongs = list(world.council.dongs.all())
    for i in range(3):
        add_figures(make_facility(world.council, dong=dongs[i % 2]), dt.date(2023, 1, 1), 10, 5)
    small = _count_queries(client, world)
    for i in range(57):
        add_figures(
            make_facility(
                world.council, dong=dongs[i % 2], night_care_until=dt.time(22, 0) if i % 3 else None
            ),
            dt.date(2023, 1, 1),
            10,
            5,
        )
    with django_assert_num_queries(small):
        client.get(reverse("facilities:list", args=[world.council.slug]), {"night_care": ""})
