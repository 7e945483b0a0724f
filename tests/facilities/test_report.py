"""The 기관별 현황 report as of a past date, against figures computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from council.models import AuditEvent
from facilities.models import Facility
from facilities.reports import status_report
from tests.facilities.xlsx_helpers import sheet_rows
from tests.factories import add_figures, make_facility

pytestmark = pytest.mark.django_db
MEETING_DAY = dt.date(2023, 12, 20)


@pytest.fixture
def registry(world):
    council = world.council
    guseo, jangjeon = council.dongs.order_by("order")
    together = make_facility(
        council,
        kind=Facility.Kind.TOGETHER,
        dong=guseo,
        closes_at=dt.time(20, 0),
        temporary_spare=2,
    )
    add_figures(together, dt.date(2022, 6, 30), 20, 15)
    add_figures(together, dt.date(2023, 6, 30), 25, 24)
    add_figures(together, dt.date(2024, 6, 30), 40, 40)  # after the meeting: must not count
    community = make_facility(
        council,
        kind=Facility.Kind.COMMUNITY,
        dong=jangjeon,
        closes_at=dt.time(20, 0),
        night_care_until=dt.time(22, 0),
    )
    add_figures(community, dt.date(2023, 6, 30), 30, 33, reason="방학 중 한시 증원")
    school = make_facility(council, kind=Facility.Kind.SCHOOL, dong=guseo, closes_at=dt.time(17, 0))
    add_figures(school, dt.date(2024, 1, 1), 50, 45)  # no figures yet on the meeting day
    later = make_facility(
        council, status=Facility.Status.PLANNED, opened_on=dt.date(2024, 3, 1), dong=jangjeon
    )
    add_figures(later, dt.date(2024, 3, 1), 20, 0)
    closed = make_facility(
        council,
        status=Facility.Status.CLOSED,
        opened_on=dt.date(2015, 1, 1),
        closed_on=dt.date(2023, 1, 1),
        dong=jangjeon,
    )
    add_figures(closed, dt.date(2022, 6, 30), 15, 10)
    return council


def test_it_reproduces_the_figures_of_a_past_date(registry):
    report = status_report(council=registry, as_of=MEETING_DAY)
    rows = {row["kind"]: row for row in report["by_kind"]}
    assert rows["together"] | {} == {
        "kind": "together",
        "label": "다함께돌봄센터",
        "facilities": 1,
        "capacity": 25,
        "enrolled": 24,
        "occupancy": 96.0,
        "open_after_20": 1,
        "night_care": 0,
        "temporary_care": 1,
    }
    assert (rows["community"]["capacity"], rows["community"]["enrolled"]) == (30, 33)
    assert rows["community"]["occupancy"] == 110.0
    assert rows["community"]["night_care"] == 1
    assert (
        rows["school"]["facilities"],
        rows["school"]["capacity"],
        rows["school"]["occupancy"],
    ) == (1, 0, None)
    assert report["total"] == {
        "facilities": 3,
        "capacity": 55,
        "enrolled": 57,
        "open_after_20": 2,
        "night_care": 1,
        "temporary_care": 1,
        "occupancy": 103.6,
    }
    assert report["by_dong"] == [
        {"dong": "구서2동", "counts": [1, 0, 1, 0], "total": 2},
        {"dong": "장전1동", "counts": [0, 1, 0, 0], "total": 1},
    ]
    assert report["dong_totals"] == [1, 1, 1, 0, 3]
    assert report["as_of"] == "2023-12-20"


def test_the_page_shows_the_past_figures(world, client, registry):
    client.force_login(world.member.user)
    response = client.get(
        reverse("facilities:report", args=[world.council.slug]), {"as_of": "2023-12-20"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "금정구 초등돌봄 기관별 현황" in body
    assert "103.6%" in body
    assert "96.0%" in body
    # Wide tables scroll sideways on a phone: keyboard users must be able to reach them.
    assert body.count('class="table-responsive" tabindex="0" role="region"') == 2


def test_the_spreadsheet_has_the_same_figures_and_is_recorded(world, client, registry):
    client.force_login(world.reviewer)
    response = client.get(
        reverse("facilities:report_xlsx", args=[world.council.slug]), {"as_of": "2023-12-20"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = sheet_rows(response.content, "유형별 현황")
    assert ("다함께돌봄센터", 1, 25, 24, 96, 1, 0, 1) == rows[3]
    # 2023: the school kind under the name it had then; 온동네 centres none yet.
    assert rows[5][0] == "초등돌봄교실" and rows[6][:2] == ("온동네 돌봄·교육센터", 0)
    assert rows[7] == ("합계", 3, 55, 57, 103.6, 2, 1, 1)
    dong_rows = sheet_rows(response.content, "행정동별 현황")
    assert dong_rows[0] == (
        "행정동",
        "다함께돌봄센터",
        "지역아동센터",
        "초등돌봄교실",
        "온동네 돌봄·교육센터",
        "합계",
    )
    assert dong_rows[-1] == ("합계", 1, 1, 1, 0, 3)
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.council) == (
        world.reviewer,
        "facility_report_xlsx",
        world.council,
    )


def _report_queries(client, world) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert (
            client.get(reverse("facilities:report", args=[world.council.slug])).status_code == 200
        )
    return len(ctx.captured_queries)


def test_it_uses_the_same_number_of_queries_for_3_and_60_facilities(
    world, client, django_assert_num_queries
):
    client.force_login(world.staff)
    dongs = list(world.council.dongs.all())
    kinds = list(Facility.Kind.values)
    for i in range(3):
        add_figures(
            make_facility(world.council, kind=kinds[i % 3], dong=dongs[i % 2]),
            dt.date(2023, 1, 1),
            10,
            5,
        )
    small = _report_queries(client, world)
    for i in range(57):
        add_figures(
            make_facility(world.council, kind=kinds[i % 3], dong=dongs[i % 2]),
            dt.date(2023, 1, 1),
            10,
            5,
        )
    with django_assert_num_queries(small):
        client.get(reverse("facilities:report", args=[world.council.slug]))
