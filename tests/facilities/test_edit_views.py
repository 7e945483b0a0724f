"""Staff create and edit facilities and add dated figures through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from facilities.models import Facility, FacilityFigures
from tests.factories import make_facility

pytestmark = pytest.mark.django_db


def _post_data(world, **overrides) -> dict:
    data = {
        "code": "GJ-DH-009",
        "kind": Facility.Kind.TOGETHER,
        "name": "금빛아이 꿈마당",
        "dong": str(world.council.dongs.first().pk),
        "status": Facility.Status.OPERATING,
        "opened_on": "2022-03-02",
        "opens_at": "13:00",
        "closes_at": "20:00",
        "temporary_spare": "0",
    }
    data.update(overrides)
    return data


def test_it_creates_a_facility(world, client):
    client.force_login(world.staff)
    response = client.post(
        reverse("facilities:create", args=[world.council.slug]), _post_data(world)
    )
    facility = Facility.objects.get(code="GJ-DH-009")
    assert response.status_code == 302
    assert response["Location"] == facility.get_absolute_url()
    assert facility.council == world.council
    assert facility.updated_by == world.staff
    page = client.get(response["Location"])
    assert "금빛아이 꿈마당" in page.content.decode()
    assert "돌봄시설을 등록했습니다." in page.content.decode()


def test_it_shows_korean_errors_and_keeps_the_input(world, client):
    client.force_login(world.staff)
    response = client.post(
        reverse("facilities:create", args=[world.council.slug]),
        _post_data(world, name="입력 유지 확인", night_care="on"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "야간돌봄을 하면 야간돌봄 종료 시각을 적어 주세요." in body
    assert 'value="입력 유지 확인"' in body
    assert not Facility.objects.filter(code="GJ-DH-009").exists()


def test_it_closes_a_facility_instead_of_deleting_it(world, client):
    facility = make_facility(world.council, code="GJ-DH-001")
    client.force_login(world.staff)
    url = reverse("facilities:edit", args=[world.council.slug, facility.code])
    data = _post_data(world, code="GJ-DH-001", status=Facility.Status.CLOSED)
    response = client.post(url, data)
    assert "폐지한 시설은 폐지일을 적어 주세요." in response.content.decode()
    response = client.post(url, {**data, "closed_on": "2024-02-29"})
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.status == Facility.Status.CLOSED
    assert facility.closed_on == dt.date(2024, 2, 29)
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "폐지" in page
    assert "운영 상태" in page  # the change history names the changed field


def test_it_adds_dated_figures(world, client):
    facility = make_facility(world.council, code="GJ-DH-001")
    client.force_login(world.staff)
    url = reverse("facilities:figures_create", args=[world.council.slug, facility.code])
    response = client.post(url, {"as_of": "2023-06-30", "capacity": "20", "enrolled": "25"})
    assert "현원이 정원보다 많으면 정원 초과 사유를 적어 주세요." in response.content.decode()
    assert not FacilityFigures.objects.exists()
    response = client.post(
        url,
        {
            "as_of": "2023-06-30",
            "capacity": "20",
            "enrolled": "25",
            "over_capacity_reason": "한시 증원",
        },
    )
    assert response.status_code == 302
    figures = FacilityFigures.objects.get(facility=facility)
    assert (figures.capacity, figures.enrolled, figures.recorded_by) == (20, 25, world.staff)
    page = client.get(facility.get_absolute_url()).content.decode()
    assert "한시 증원" in page


def test_it_does_not_show_edit_buttons_to_members(world, client):
    facility = make_facility(world.council, code="GJ-DH-001")
    client.force_login(world.member.user)
    page = client.get(facility.get_absolute_url()).content.decode()
    assert facility.name in page
    assert "정보 수정" not in page
    assert (
        client.post(
            reverse("facilities:edit", args=[world.council.slug, "GJ-DH-001"]), {}
        ).status_code
        == 403
    )
