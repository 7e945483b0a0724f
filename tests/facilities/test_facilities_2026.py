"""Facilities of 2026: the renamed school kind, 온동네 centres, council kinds, hours per
band, grades, 이용료 and operating support, in the forms, the import and the export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities.columns import COLUMNS
from facilities.forms import FacilityForm
from facilities.models import Facility, FacilityKindOption
from tests.facilities.xlsx_helpers import row, sheet_rows, upload, workbook_bytes
from tests.factories import add_figures, make_facility

pytestmark = pytest.mark.django_db


def _form(world, **overrides) -> FacilityForm:
    dong = world.council.dongs.first()
    data = {
        "code": "GJ-ON-1",
        "kind": Facility.Kind.ONDONGNE,
        "name": "금정 온동네 돌봄·교육센터",
        "dong": str(dong.pk),
        "status": Facility.Status.OPERATING,
        "opened_on": "2026-03-02",
        "opens_at": "13:00",
        "closes_at": "20:00",
        "temporary_spare": "0",
    }
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    return FacilityForm(data, instance=Facility(council=world.council), council=world.council)


def test_it_keeps_hours_for_four_bands_grades_fee_and_support(world):
    form = _form(
        world,
        vacation_opens_at="09:00",
        vacation_closes_at="18:00",
        saturday_opens_at="09:00",
        saturday_closes_at="13:00",
        holiday_opens_at="10:00",
        holiday_closes_at="16:00",
        grade_min="1",
        grade_max="3",
        monthly_fee="0",
        support_kind=Facility.SupportKind.EDUCATION,
    )
    assert form.is_valid(), form.errors
    facility = form.save(commit=False)
    facility.council = world.council
    facility.save()
    facility.refresh_from_db()
    assert (facility.saturday_opens_at, facility.saturday_closes_at) == (
        dt.time(9, 0),
        dt.time(13, 0),
    )
    assert facility.saturday_care  # Saturday hours mean Saturday care
    assert facility.monthly_fee == 0 and facility.grades_label == "초1–초3"
    assert facility.get_support_kind_display() == "교육청 예산"


@pytest.mark.parametrize(
    ("start", "end", "band"),
    [
        ("opens_at", "closes_at", "학기 중"),
        ("vacation_opens_at", "vacation_closes_at", "방학 중"),
        ("saturday_opens_at", "saturday_closes_at", "토요일"),
        ("holiday_opens_at", "holiday_closes_at", "일요일·공휴일"),
    ],
)
def test_hours_that_end_before_they_start_are_refused(world, start, end, band):
    form = _form(world, **{start: "18:00", end: "09:00"})
    assert not form.is_valid()
    assert form.errors[end] == [f"{band} 종료 시각은 시작 시각보다 늦어야 합니다."]


def test_a_grade_range_4_to_2_is_refused(world):
    form = _form(world, grade_min="4", grade_max="2")
    assert not form.is_valid()
    assert "대상 학년(까지)은 대상 학년(부터)보다 낮을 수 없습니다." in form.errors["grade_max"]


def test_a_council_kind_needs_other_and_belongs_to_the_council(world):
    mine = FacilityKindOption.objects.create(council=world.council, name="아파트 돌봄공동체")
    theirs = FacilityKindOption.objects.create(council=world.other_council, name="작은도서관")
    form = _form(world, kind=Facility.Kind.OTHER)
    assert not form.is_valid() and "other_kind" in form.errors
    form = _form(world, kind=Facility.Kind.OTHER, other_kind=str(theirs.pk))
    assert not form.is_valid() and "other_kind" in form.errors
    form = _form(world, kind=Facility.Kind.TOGETHER, other_kind=str(mine.pk))
    assert form.errors["other_kind"] == ["협의체가 정한 유형은 유형이 ‘기타’일 때만 고릅니다."]
    form = _form(world, kind=Facility.Kind.OTHER, other_kind=str(mine.pk))
    assert form.is_valid(), form.errors
    facility = form.save(commit=False)
    facility.council = world.council
    facility.save()
    assert facility.kind_name() == "아파트 돌봄공동체"


def test_the_school_kind_shows_its_former_name_for_past_dates(world, client):
    """초등돌봄교실 rows became 학교 돌봄 in 2026 with their history kept: one facility,
    one history, the old name on an export of 2025 and the new one today."""
    school = make_facility(world.council, code="GJ-SC-001", kind=Facility.Kind.SCHOOL)
    add_figures(school, dt.date(2025, 6, 30), 40, 38)
    add_figures(school, dt.date(2026, 6, 30), 40, 40)
    Facility.history.update(history_date=timezone.make_aware(dt.datetime(2025, 1, 2)))
    assert school.kind_name(dt.date(2026, 2, 28)) == "초등돌봄교실"
    assert school.kind_name(dt.date(2026, 3, 1)) == "학교 돌봄"
    assert school.history.count() == 1
    client.force_login(world.staff)

    def exported(day: str) -> dict:
        response = client.post(
            reverse("facilities:export", args=[world.council.slug]),
            {"as_of": day, "reason": "연도별 비교"},
        )
        header, *rows = sheet_rows(response.content, "기관 목록")
        return dict(zip(header, rows[0], strict=True))

    past = exported("2025-07-01")
    assert (past["유형"], past["정원"], past["현원"]) == ("초등돌봄교실", "40", "38")
    now = exported("")
    assert (now["유형"], now["현원"]) == ("학교 돌봄", "40")
    page = client.get(school.get_absolute_url()).content.decode()
    assert "학교 돌봄" in page and "초등돌봄교실" not in page


def test_import_reads_standard_data_headers_and_old_names(world, client):
    FacilityKindOption.objects.create(council=world.council, name="아파트 돌봄공동체")
    client.force_login(world.staff)
    rows = [
        row(
            code="ON-1",
            kind="온동네 돌봄·교육센터",
            saturday_opens_at="09:00",
            saturday_closes_at="14:00",
            holiday_opens_at="10:00",
            holiday_closes_at="15:00",
            monthly_fee="50000",
            support_kind="기본운영비 + 추가운영비",
            grade_min="3",
            grade_max="6",
        ),
        row(code="SC-1", kind="초등돌봄교실"),  # a file of 2025 still imports
        row(code="AP-1", kind="기타", other_kind="아파트 돌봄공동체"),
    ]
    headers = [c.header for c in COLUMNS]
    assert {"평일운영시작시각", "토요일운영종료시각", "공휴일운영시작시각", "정원", "현원"} <= set(
        headers
    )
    response = client.post(
        reverse("facilities:import", args=[world.council.slug]),
        {"file": upload(workbook_bytes(rows))},
    )
    assert response.context["summary"]["new"] == 3, [
        (r.row, r.errors) for r in response.context["results"]
    ]
    client.post(reverse("facilities:import_confirm", args=[world.council.slug]))
    centre = Facility.objects.get(code="ON-1")
    assert centre.kind == Facility.Kind.ONDONGNE and centre.monthly_fee == 50000
    assert (centre.holiday_opens_at, centre.holiday_closes_at) == (dt.time(10), dt.time(15))
    assert centre.support_kind == Facility.SupportKind.EXTRA and centre.saturday_care
    assert Facility.objects.get(code="SC-1").kind == Facility.Kind.SCHOOL
    assert Facility.objects.get(code="AP-1").other_kind.name == "아파트 돌봄공동체"

    # Export → import changes nothing, the new columns included.
    exported = client.post(
        reverse("facilities:export", args=[world.council.slug]), {"as_of": "", "reason": "점검"}
    ).content
    again = client.post(
        reverse("facilities:import", args=[world.council.slug]), {"file": upload(exported)}
    )
    assert again.context["summary"] == {"new": 0, "changed": 0, "unchanged": 3, "error": 0}


def test_import_refuses_bad_2026_cells_by_row_and_column(world, client):
    client.force_login(world.staff)
    rows = [
        row(code="B-1", saturday_opens_at="15:00", saturday_closes_at="09:00"),
        row(code="B-2", grade_min="4", grade_max="2"),
        row(code="B-3", kind="기타", other_kind="없는 유형"),
        row(code="B-4", support_kind="모름"),
    ]
    body = client.post(
        reverse("facilities:import", args=[world.council.slug]),
        {"file": upload(workbook_bytes(rows))},
    ).content.decode()
    assert "2행 ‘토요일운영종료시각’ 열: 토요일 종료 시각은 시작 시각보다 늦어야 합니다." in body
    assert "3행 ‘대상 학년 (까지)’ 열:" in body
    assert (
        "4행 ‘협의체가 정한 유형’ 열: ‘없는 유형’은(는) 이 협의체가 정한 시설 유형에 없습니다."
        in body
    )
    assert "5행 ‘운영비지원구분’ 열: ‘모름’은(는) 쓸 수 없는 값입니다." in body
    assert not Facility.objects.exists()


def test_an_old_file_with_the_former_hour_titles_still_imports(world, client):
    client.force_login(world.staff)
    old_headers = [
        {"opens_at": "학기 중 시작 시각", "closes_at": "학기 중 종료 시각"}.get(c.field, c.header)
        for c in COLUMNS
    ]
    response = client.post(
        reverse("facilities:import", args=[world.council.slug]),
        {"file": upload(workbook_bytes([row(code="OLD-1", closes_at="19:30")], old_headers))},
    )
    assert response.context["summary"]["new"] == 1
    client.post(reverse("facilities:import_confirm", args=[world.council.slug]))
    assert Facility.objects.get(code="OLD-1").closes_at == dt.time(19, 30)
