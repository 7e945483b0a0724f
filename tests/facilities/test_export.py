"""Registry export: same columns as the template, neutralised cells, round trip with no changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import AuditEvent
from facilities.columns import COLUMNS
from facilities.models import Facility
from tests.facilities.factories import add_figures, make_facility
from tests.facilities.xlsx_helpers import sheet_rows, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(world):
    council = world.council
    a = make_facility(
        council,
        code="GJ-DH-001",
        name='=HYPERLINK("x")',
        closes_at=dt.time(20, 0),
        temporary_spare=3,
        address="@주소",
        phone="-051-000",
        notes="여러 줄\n비고",
    )
    add_figures(a, dt.date(2023, 6, 30), 20, 22, 1, reason="한시 증원")
    b = make_facility(
        council,
        code="GJ-JA-001",
        kind=Facility.Kind.COMMUNITY,
        closes_at=dt.time(20, 0),
        night_care_until=dt.time(22, 0),
        saturday_care=True,
    )
    add_figures(b, dt.date(2022, 12, 31), 29, 20)
    add_figures(b, dt.date(2023, 12, 1), 29, 25, 4)
    make_facility(
        council,
        code="GJ-CL-001",
        status=Facility.Status.CLOSED,
        closed_on=dt.date(2023, 2, 1),
        closes_at=None,
    )
    make_facility(council, code="GJ-PL-001", status=Facility.Status.PLANNED, opened_on=None)
    return council


def test_it_exports_the_template_columns_with_neutralised_cells(world, client, registry):
    client.force_login(world.staff)
    response = client.get(reverse("facilities:export", args=[world.council.slug]))
    assert response.status_code == 200
    rows = sheet_rows(response.content, "기관 목록")
    assert list(rows[0]) == [c.header for c in COLUMNS]
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {"GJ-DH-001", "GJ-JA-001", "GJ-CL-001", "GJ-PL-001"}
    first = dict(zip([c.field for c in COLUMNS], by_code["GJ-DH-001"], strict=True))
    assert first["name"] == '\'=HYPERLINK("x")'
    assert first["address"] == "'@주소"
    assert first["phone"] == "'-051-000"
    assert (first["as_of"], first["capacity"], first["enrolled"]) == ("2023-06-30", "20", "22")
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.council) == (
        "facility_export",
        world.staff,
        world.council,
    )


def test_export_then_import_changes_nothing(world, client, registry):
    client.force_login(world.staff)
    exported = client.get(reverse("facilities:export", args=[world.council.slug])).content
    response = client.post(
        reverse("facilities:import", args=[world.council.slug]), {"file": upload(exported)}
    )
    assert response.context["summary"] == {"new": 0, "changed": 0, "unchanged": 4, "error": 0}, [
        (r.row, r.errors, r.changes) for r in response.context["results"]
    ]
    assert "바뀐 내용이 없습니다." in response.content.decode()


def test_a_past_date_exports_the_registry_as_it_was(world, client, registry):
    facility = Facility.objects.get(code="GJ-JA-001")
    # Backdate the creation records, then rename the facility today.
    Facility.history.update(history_date=timezone.now() - dt.timedelta(days=400))
    facility.name = "새 이름 센터"
    facility.save()
    client.force_login(world.staff)
    day = timezone.localdate() - dt.timedelta(days=30)
    response = client.get(
        reverse("facilities:export", args=[world.council.slug]), {"as_of": day.isoformat()}
    )
    rows = {r[0]: r for r in sheet_rows(response.content, "기관 목록")[1:]}
    assert rows["GJ-JA-001"][2] != "새 이름 센터"
    assert rows["GJ-JA-001"][2].startswith("시험 돌봄센터")
    assert rows["GJ-JA-001"][22:24] == ("29", "25")


def test_the_template_has_headers_and_instructions(world, client):
    client.force_login(world.staff)
    response = client.get(reverse("facilities:import_template", args=[world.council.slug]))
    assert list(sheet_rows(response.content, "기관 목록")[0]) == [c.header for c in COLUMNS]
    instructions = [r[0] for r in sheet_rows(response.content, "작성 방법")]
    assert any(
        "한 행이라도 오류가 있으면 아무것도 반영되지 않습니다" in (line or "")
        for line in instructions
    )
    assert "구서2동" in instructions
