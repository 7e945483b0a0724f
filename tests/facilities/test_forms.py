"""Server-side validation of the registry's forms (the pages and the importer share them)."""

from __future__ import annotations

import datetime as dt

import pytest

from facilities.forms import FacilityForm, FiguresForm
from facilities.models import Facility
from tests.factories import make_facility

pytestmark = pytest.mark.django_db


def _data(world, **overrides) -> dict:
    dong = world.council.dongs.first()
    data = {
        "code": "GJ-NEW-1",
        "kind": Facility.Kind.TOGETHER,
        "name": "금빛 돌봄센터",
        "dong": str(dong.pk),
        "status": Facility.Status.OPERATING,
        "opened_on": "2022-03-02",
        "opens_at": "13:00",
        "closes_at": "20:00",
        "temporary_spare": "0",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _form(world, **overrides) -> FacilityForm:
    return FacilityForm(
        _data(world, **overrides), instance=Facility(council=world.council), council=world.council
    )


def test_it_accepts_a_plain_facility(world):
    form = _form(world)
    assert form.is_valid(), form.errors


def test_it_requires_closing_after_opening(world):
    form = _form(world, opens_at="20:00", closes_at="13:00")
    assert not form.is_valid()
    assert "학기 중 종료 시각은 시작 시각보다 늦어야 합니다." in form.errors["closes_at"]


def test_it_requires_night_care_until_after_closing(world):
    form = _form(world, night_care="on")
    assert "야간돌봄을 하면 야간돌봄 종료 시각을 적어 주세요." in form.errors["night_care_until"]
    form = _form(world, night_care="on", night_care_until="19:00")
    assert (
        "야간돌봄 종료 시각은 학기 중 종료 시각보다 늦어야 합니다."
        in form.errors["night_care_until"]
    )
    assert _form(world, night_care="on", night_care_until="22:00").is_valid()


def test_it_needs_closed_on_for_a_closed_facility(world):
    form = _form(world, status=Facility.Status.CLOSED)
    assert "폐지한 시설은 폐지일을 적어 주세요." in form.errors["closed_on"]
    form = _form(world, closed_on="2023-01-01")
    assert "폐지일은 운영 상태가 ‘폐지’일 때만 적습니다." in form.errors["closed_on"]
    form = _form(world, status=Facility.Status.CLOSED, closed_on="2020-01-01")
    assert "폐지일은 개소일보다 빠를 수 없습니다." in form.errors["closed_on"]


def test_it_refuses_spare_places_without_temporary_care(world):
    form = _form(world, temporary_spare="3")
    assert (
        "일시돌봄을 하지 않으면 일시돌봄 여유 인원은 0이어야 합니다."
        in form.errors["temporary_spare"]
    )


def test_it_refuses_duplicate_bad_and_reserved_codes(world):
    make_facility(world.council, code="GJ-DH-001")
    assert "이미 등록된 기관 코드입니다." in _form(world, code="gj-dh-001").errors["code"]
    assert _form(world, code="가나다").errors["code"]
    assert "이 기관 코드는 쓸 수 없습니다." in _form(world, code="report").errors["code"]


def test_it_keeps_the_code_when_editing(world):
    facility = make_facility(world.council, code="GJ-DH-001")
    form = FacilityForm(_data(world, code="CHANGED"), instance=facility, council=world.council)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == "GJ-DH-001"


def test_it_needs_a_reason_when_enrolment_exceeds_capacity(world):
    facility = make_facility(world.council)
    data = {"as_of": "2023-06-30", "capacity": "20", "enrolled": "22"}
    form = FiguresForm(data, facility=facility)
    assert not form.is_valid()
    assert (
        "현원이 정원보다 많으면 정원 초과 사유를 적어 주세요."
        in form.errors["over_capacity_reason"]
    )
    form = FiguresForm({**data, "over_capacity_reason": "방학 중 한시 증원"}, facility=facility)
    assert form.is_valid(), form.errors


def test_it_refuses_a_future_or_duplicate_figures_date(world):
    from tests.factories import add_figures

    facility = make_facility(world.council)
    add_figures(facility, dt.date(2023, 6, 30), 20, 10)
    form = FiguresForm(
        {"as_of": "2023-06-30", "capacity": "20", "enrolled": "10"}, facility=facility
    )
    assert "이 기준일의 기록이 이미 있습니다." in form.errors["as_of"]
    form = FiguresForm(
        {"as_of": "2999-01-01", "capacity": "20", "enrolled": "10"}, facility=facility
    )
    assert "기준일은 오늘보다 늦을 수 없습니다." in form.errors["as_of"]
