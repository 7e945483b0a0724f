"""Trends across meetings: the figures, the page's SVG charts with their tables, the
spreadsheet, the agenda snapshot, and a query count that does not grow."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from council.models import Meeting
from proposals import commitment_services as cs
from proposals.models import CommitmentStatus, DepartmentResponse
from reports.trends import build_trends
from tests import factories
from tests.factories import make_answered_proposal as make_proposal
from tests.factories import make_draft_meeting

TODAY = dt.date(2025, 1, 10)


def _meeting(world, year, half, categories):
    meeting = factories.make_meeting(
        world.council,
        year=year,
        half=half,
        status=Meeting.Status.PUBLISHED,
        period_start=dt.date(year, 6 * half - 1, 1),
        period_end=dt.date(year, 6 * half - 1, 3),
    )
    for number, category in enumerate(categories, start=1):
        make_proposal(meeting, number, category=category, department=world.department)
    DepartmentResponse.objects.filter(proposal__meeting=meeting).update(state="partial")
    return meeting


@pytest.fixture
def council_history(world):
    facility, operation, community = list(world.council.categories.order_by("order"))
    first = _meeting(world, 2023, 2, [facility, operation, operation])
    second = _meeting(world, 2024, 1, [community])
    done = CommitmentStatus
    p1, p2, p3 = first.proposals.order_by("number")
    c1 = factories.make_commitment(p1, due_date=dt.date(2024, 3, 1))
    factories.make_commitment(p2, due_date=dt.date(2024, 6, 30))  # overdue on TODAY
    factories.make_commitment(p3, due_date=dt.date(2025, 6, 30), department=world.other_department)
    factories.make_commitment(second.proposals.get(), due_date=dt.date(2024, 12, 31))
    cs.record_progress(
        commitment=c1,
        version=1,
        status=done.objects.get(council=world.council, name="완료"),
        note_date=dt.date(2024, 1, 13),
        note_text="개소",
        user=world.reviewer,
        as_staff=False,
        now=dt.datetime(2024, 1, 13, 10, tzinfo=factories.SEOUL),  # 71 days after the meeting ended
    )
    return first, second


def test_it_counts_per_half_year_category_department_and_overdue(world, council_history):
    trends = build_trends(council=world.council, first_year=2023, last_year=2024, today=TODAY)
    assert trends.half_years == ["2023 하반기", "2024 상반기"]
    assert trends.categories == ["시설 확충", "운영", "지역사회 연계"]
    assert trends.proposals == [[1, 2, 0], [0, 0, 1]]
    assert trends.responses[0][trends.states.index("부분 반영")] == 3
    assert [(r.name, r.total, r.done, r.rate) for r in trends.by_category] == [
        ("시설 확충", 1, 1, 100.0),
        ("운영", 2, 0, 0.0),
        ("지역사회 연계", 1, 0, 0.0),
    ]
    assert [(r.name, r.total, r.done, r.rate) for r in trends.by_department] == [
        ("교육지원과", 1, 0, 0.0),
        ("아동청소년과", 3, 1, 33.3),
    ]
    assert trends.median_days == [71.0, None]  # 2023. 11. 3. → 2024. 1. 13.
    assert trends.overdue == [1, 1]


def test_the_page_draws_each_chart_with_a_table(world, client, council_history):
    client.force_login(world.staff)
    body = client.get(
        reverse("reports:trends", args=["geumjeong"]), {"first_year": 2023, "last_year": 2024}
    ).content.decode()
    assert body.count("<svg") == 6 and body.count("<table") == 6
    assert 'role="img"' in body and "<script" not in body.split("<main", 1)[1].split("</main>")[0]
    assert "분야별 후속 조치 완료율" in body and "33.3%" in body
    assert '<th scope="row">2023 하반기</th>' in body
    bad = client.get(reverse("reports:trends", args=["geumjeong"]), {"first_year": "x"})
    assert "최근 5년을 보여 드립니다." in bad.content.decode()


def test_the_spreadsheet_has_the_same_figures(world, client, council_history):
    client.force_login(world.staff)
    response = client.get(
        reverse("reports:trends_xlsx", args=["geumjeong"]), {"first_year": 2023, "last_year": 2024}
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "건의사항",
        "검토 결과",
        "분야별 완료율",
        "부서별 완료율",
        "완료·기한",
    ]
    rows = list(workbook["건의사항"].iter_rows(values_only=True))
    assert rows[2] == ("2023 하반기", 1, 2, 0, 3)


def test_the_figures_can_be_frozen_into_an_agenda_item(world, client, council_history):
    meeting = make_draft_meeting(world.council, year=2025, half=1)
    item = meeting.agenda_items.first()
    client.force_login(world.staff)
    detail = client.get(meeting.get_absolute_url()).content.decode()
    url = reverse(
        "council:agenda_snapshot", args=["geumjeong", meeting.slug, item.pk, "commitment_trends"]
    )
    assert url in detail  # registered as a snapshot source
    client.post(url, {"first_year": 2023, "last_year": 2024})
    item.refresh_from_db()
    assert item.snapshot["source"] == "commitment_trends"
    assert item.snapshot["tables"][2]["rows"][0] == ["시설 확충", "1", "1", "0", "100.0%"]
    assert "건의사항 추진 추이" in client.get(meeting.get_absolute_url()).content.decode()


def test_the_page_costs_the_same_queries_with_more_meetings_and_commitments(world, client):
    client.force_login(world.staff)
    url = reverse("reports:trends", args=["geumjeong"])
    categories = list(world.council.categories.all())

    def grow(years) -> int:
        for year in years:
            for half in (1, 2):
                meeting = _meeting(world, year, half, categories)
                for proposal in meeting.proposals.all():
                    factories.make_commitment(proposal, status="완료")
                    factories.make_commitment(proposal, what="둘째")
        client.get(url, {"first_year": 2010, "last_year": 2030})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"first_year": 2010, "last_year": 2030}).status_code == 200
        return len(ctx.captured_queries)

    small = grow([2020])
    large = grow(range(2021, 2026))
    assert small == large <= 14, (small, large)


def test_halves_without_a_meeting_keep_their_place_on_the_axis(world, client):
    """2023 하반기 and 2025 상반기 with nothing between: the two empty halves are shown
    as gaps, not skipped (issue 29, item 7)."""
    category = world.council.categories.first()
    _meeting(world, 2023, 2, [category])
    _meeting(world, 2025, 1, [category, category])
    trends = build_trends(council=world.council, first_year=2023, last_year=2025, today=TODAY)
    assert trends.half_years == [
        "2023 하반기",
        "2024 상반기 (회의 없음)",
        "2024 하반기 (회의 없음)",
        "2025 상반기",
    ]
    assert [sum(row) for row in trends.proposals] == [1, 0, 0, 2]
    assert trends.median_days[1] is None and trends.overdue[2] == 0
    client.force_login(world.staff)
    html = client.get(
        reverse("reports:trends", args=["geumjeong"]) + "?first_year=2023&last_year=2025"
    ).content.decode()
    assert "2024 상반기 (회의 없음)" in html
