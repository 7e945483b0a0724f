"""The facility import reads the dates people type (issue 14, item 11), says the
expected form when it cannot, and shows the rows with errors first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from facilities.columns import parse_date
from facilities.models import Facility, FacilityFigures
from tests.facilities.xlsx_helpers import row, upload, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01",
        "2024.3.1",
        "2024. 3. 1.",
        "2024. 03. 01",
        "2024/3/1",
        "2024년 3월 1일",
        "20240301",
        "45352",  # a date cell read as a number
    ],
)
def test_it_reads_the_dates_people_type(text):
    assert parse_date(text) == dt.date(2024, 3, 1)


@pytest.mark.parametrize("text", ["2024-13-01", "3월 1일", "내일", "2024-02-30", "123"])
def test_it_refuses_what_is_not_a_date(text):
    assert parse_date(text) is None


def _preview(client, world, rows):
    return client.post(
        reverse("facilities:import", args=[world.council.slug]),
        {"file": upload(workbook_bytes(rows))},
    )


def test_an_import_with_dates_written_every_way_applies(world, client):
    client.force_login(world.staff)
    rows = [
        row(code="D-1", opened_on="2024.3.1", as_of="2024. 6. 30."),
        row(code="D-2", opened_on="2024년 3월 2일", as_of="2024/6/30"),
        row(code="D-3", opened_on=dt.datetime(2024, 3, 4), as_of="2024-06-30"),
    ]
    response = _preview(client, world, rows)
    assert response.context["summary"] == {"new": 3, "changed": 0, "unchanged": 0, "error": 0}
    client.post(reverse("facilities:import_confirm", args=[world.council.slug]))
    assert dict(Facility.objects.values_list("code", "opened_on")) == {
        "D-1": dt.date(2024, 3, 1),
        "D-2": dt.date(2024, 3, 2),
        "D-3": dt.date(2024, 3, 4),
    }
    assert set(FacilityFigures.objects.values_list("as_of", flat=True)) == {dt.date(2024, 6, 30)}


def test_a_date_it_cannot_read_names_the_form_it_expects_once(world, client):
    client.force_login(world.staff)
    body = _preview(client, world, [row(code="E-1", opened_on="3월 1일")]).content.decode()
    assert (
        "2행 ‘개소일’ 열: ‘3월 1일’은 날짜로 읽을 수 없습니다. "
        "2024-03-01 또는 2024. 3. 1.처럼 적어 주세요."
    ) in body
    assert body.count("2행 ‘개소일’ 열") == 1
    assert not Facility.objects.exists()


def test_the_preview_lists_rows_with_errors_first_with_an_errors_only_filter(world, client):
    client.force_login(world.staff)
    rows = [row(code="OK-1"), row(code="OK-2"), row(code="BAD-3", dong="없는동"), row(code="OK-4")]
    response = _preview(client, world, rows)
    assert [r.code for r in response.context["results"]] == ["BAD-3", "OK-1", "OK-2", "OK-4"]
    body = response.content.decode()
    assert "오류만 보기 (1행)" in body
    assert '<td class="text-nowrap code-cell">OK-1</td>' in body
