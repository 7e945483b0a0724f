"""Registry export: same columns as the template, neutralised cells, round trip with no changes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from council.models import AuditEvent, Dong
from facilities import exporter
from facilities.columns import COLUMNS
from facilities.models import Facility, FacilityFigures
from tests.facilities.xlsx_helpers import sheet_rows, upload
from tests.factories import add_figures, make_facility

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


def _export(client, world, as_of: str = ""):
    """The registry export asks for a reason (it holds personal data)."""
    return client.post(
        reverse("facilities:export", args=[world.council.slug]),
        {"as_of": as_of, "reason": "반기 현황 보고"},
    )


def test_it_exports_the_template_columns_with_neutralised_cells(world, client, registry):
    client.force_login(world.staff)
    response = _export(client, world)
    assert response.status_code == 200
    rows = sheet_rows(response.content, "기관 목록")
    assert list(rows[0]) == [c.header for c in COLUMNS]
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {"GJ-DH-001", "GJ-JA-001", "GJ-CL-001", "GJ-PL-001"}
    first = dict(zip([c.field for c in COLUMNS], by_code["GJ-DH-001"], strict=True))
    assert first["name"] == '\'=HYPERLINK("x")'
    assert first["address"] == "'@주소"
    assert first["phone"] == "'-051-000"
    assert (first["capacity"], first["enrolled"]) == ("20", "22")
    assert first["as_of"] == dt.datetime(2023, 6, 30)  # a real date (shown 2023. 6. 30.)
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.council, event.reason) == (
        "facility_export",
        world.staff,
        world.council,
        "반기 현황 보고",
    )


def test_export_then_import_changes_nothing(world, client, registry):
    client.force_login(world.staff)
    exported = _export(client, world).content
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
    response = _export(client, world, as_of=day.isoformat())
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


def _fill(council, start: int, stop: int) -> None:
    """Facilities numbered start..stop-1, each with a dated figure and a creation record
    dated 400 days ago (so a past day's export has them too)."""
    dongs = list(Dong.objects.filter(council=council).order_by("order"))
    kinds = list(Facility.Kind)
    facilities = bulk_create_with_history(
        [
            Facility(
                council=council,
                code=f"M-{i:05d}",
                kind=kinds[i % 3],
                name=f"메모리 돌봄센터 {i:05d}",
                dong=dongs[i % len(dongs)],
                address=f"부산광역시 금정구 시험로 {i}",
                opens_at=dt.time(13, 0),
                closes_at=dt.time(20, 0),
                opened_on=dt.date(2020, 3, 1),
            )
            for i in range(start, stop)
        ],
        Facility,
        batch_size=500,
    )
    FacilityFigures.objects.bulk_create(
        [
            FacilityFigures(facility_id=f.pk, as_of=dt.date(2020, 6, 30), capacity=30, enrolled=25)
            for f in facilities
        ],
        batch_size=500,
    )
    Facility.history.update(history_date=timezone.now() - dt.timedelta(days=400))


@pytest.mark.parametrize("days_ago", [0, 30], ids=["today", "past day"])
def test_it_streams_every_row_across_chunks_in_registry_order(world, monkeypatch, days_ago):
    # The rows are fetched in chunks (memory bounded by the chunk; `make bench` measures
    # it at 1,000 and 10,000 rows): several chunks here, none lost or reordered.
    monkeypatch.setattr(exporter, "EXPORT_CHUNK", 50)
    as_of = timezone.localdate() - dt.timedelta(days=days_ago)
    _fill(world.council, 0, 120)
    _name, _type, content = exporter.registry_workbook(council=world.council, as_of=as_of)
    rows = sheet_rows(content, "기관 목록")[1:]
    assert len(rows) == 120
    assert len({row[0] for row in rows}) == 120
    kinds = [str(label) for _value, label in Facility.Kind.choices]
    order = [(kinds.index(row[1]), row[3] != "구서2동", row[2], row[0]) for row in rows]
    assert order == sorted(order)
    assert rows[-1][21:24] == (dt.datetime(2020, 6, 30), "30", "25")


def test_it_exports_more_rows_with_the_same_number_of_queries(world):
    today = timezone.localdate()
    past = today - dt.timedelta(days=30)
    counts = []
    for start, stop in ((0, 3), (3, 60)):
        _fill(world.council, start, stop)
        for day in (today, past):
            with CaptureQueriesContext(connection) as queries:
                exporter.registry_workbook(council=world.council, as_of=day)
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts


def test_the_export_keeps_the_frozen_header_widths_and_drop_downs(world, client, registry):
    client.force_login(world.staff)
    for name in ("facilities:export", "facilities:import_template"):
        response = (
            _export(client, world)
            if name == "facilities:export"
            else client.get(reverse(name, args=[world.council.slug]))
        )
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == ["기관 목록", "작성 방법"]
        sheet = workbook["기관 목록"]
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width == 16
        assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("DCE6F2")
        lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
        assert (
            lists["B2:B10001"]
            == '"다함께돌봄센터,지역아동센터,학교 돌봄,온동네 돌봄·교육센터,기타"'
        )
        assert lists["D2:D10001"] == '"구서2동,장전1동"'
        assert lists["H2:H10001"] == '"운영,개소 예정,휴지,폐지"'
        assert lists["O2:O10001"] == '"예,아니오"'
        instructions = workbook["작성 방법"]
        assert instructions["A1"].font.b and instructions["A1"].font.sz == 13
        assert instructions.column_dimensions["C"].width == 50


def test_it_lists_the_facilities_by_kind_then_dong_then_name(world, client):
    first, second = Dong.objects.filter(council=world.council).order_by("order")
    make_facility(world.council, code="S-1", kind=Facility.Kind.SCHOOL, name="가", dong=first)
    make_facility(world.council, code="C-2", kind=Facility.Kind.COMMUNITY, name="나", dong=second)
    make_facility(world.council, code="C-1", kind=Facility.Kind.COMMUNITY, name="다", dong=first)
    make_facility(world.council, code="T-2", kind=Facility.Kind.TOGETHER, name="나", dong=first)
    make_facility(world.council, code="T-1", kind=Facility.Kind.TOGETHER, name="가", dong=first)
    client.force_login(world.staff)
    response = _export(client, world)
    codes = [r[0] for r in sheet_rows(response.content, "기관 목록")[1:]]
    assert codes == ["T-1", "T-2", "C-1", "C-2", "S-1"]
