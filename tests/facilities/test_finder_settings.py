"""What staff set for the finder: publishing, grades and how to apply on the facility form,
the map service and notice, and each 동's neighbours; the spreadsheet carries the new columns."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from council.models import Dong
from facilities import exporter, importer
from facilities.columns import COLUMNS
from facilities.forms import FACILITY_FIELDS
from facilities.models import Facility
from tests.facilities.xlsx_helpers import upload
from tests.factories import make_facility


def edit_data(facility: Facility, **changes) -> dict:
    data = {}
    for name in FACILITY_FIELDS:
        value = getattr(facility, name if name != "dong" else "dong_id")
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_staff_publish_a_facility_with_its_grades_and_how_to_apply(client, world):
    facility = make_facility(world.council, code="GJ-DH-001")
    client.force_login(world.staff)
    url = reverse("facilities:edit", args=["geumjeong", facility.code])

    form_html = client.get(url).content.decode()
    assert "시설 찾기 공개" in form_html and "신청 방법" in form_html

    response = client.post(
        url,
        edit_data(facility, is_public="on", grade_min=1, grade_max=3, how_to_apply="전화로 신청"),
    )
    assert response.status_code == 302
    facility.refresh_from_db()
    assert facility.is_public and (facility.grade_min, facility.grade_max) == (1, 3)
    assert facility.how_to_apply == "전화로 신청"
    detail = client.get(facility.get_absolute_url()).content.decode()
    assert "초1–초3" in detail
    assert reverse("finder:facility", args=["geumjeong", facility.code]) in detail
    assert (
        client.get(reverse("finder:facility", args=["geumjeong", facility.code])).status_code == 200
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"grade_min": 4, "grade_max": 2},
            "대상 학년(까지)은 대상 학년(부터)보다 낮을 수 없습니다.",
        ),
        ({"grade_min": 0}, "1 이상"),
        ({"grade_max": 7}, "6 이하"),
    ],
)
def test_grades_are_checked(client, world, changes, message):
    facility = make_facility(world.council, code="GJ-DH-001")
    client.force_login(world.staff)
    response = client.post(
        reverse("facilities:edit", args=["geumjeong", facility.code]),
        edit_data(facility, **changes),
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_public_but_closed_facility_says_why_it_is_not_shown(client, world):
    facility = make_facility(
        world.council, status=Facility.Status.SUSPENDED, is_public=True, code="GJ-DH-001"
    )
    client.force_login(world.staff)
    html = client.get(facility.get_absolute_url()).content.decode()
    assert "공개로 정했지만 운영 상태 때문에 보이지 않음" in html


def test_a_facility_code_cannot_shadow_the_finder_pages(client, world):
    client.force_login(world.staff)
    facility = make_facility(world.council, code="X-1")
    response = client.post(
        reverse("facilities:create", args=["geumjeong"]),
        {**edit_data(facility), "code": "finder"},
    )
    assert "이 기관 코드는 쓸 수 없습니다." in response.content.decode()


# --- the spreadsheet ----------------------------------------------------------------------------


def test_the_spreadsheet_carries_the_finder_columns_unchanged(world):
    make_facility(
        world.council,
        code="GJ-DH-001",
        is_public=True,
        grade_min=1,
        grade_max=2,
        how_to_apply="학교에 신청",
    )
    make_facility(world.council, code="GJ-DH-002")
    headers = [c.header for c in COLUMNS]
    assert {"시설 찾기 공개", "대상 학년 (부터)", "대상 학년 (까지)", "신청 방법"} <= set(headers)

    _, _, content = exporter.registry_workbook(council=world.council, as_of=timezone.localdate())
    sheet = load_workbook(io.BytesIO(content))[importer.SHEET_TITLE]
    rows = {r[0]: dict(zip(headers, r, strict=False)) for r in sheet.iter_rows(values_only=True)}
    assert rows["GJ-DH-001"]["시설 찾기 공개"] == "예"
    assert rows["GJ-DH-001"]["대상 학년 (까지)"] in ("2", 2)
    assert rows["GJ-DH-002"]["시설 찾기 공개"] == "아니오"

    results = importer.judge_rows(council=world.council, rows=importer.read_rows(upload(content)))
    assert {r.action for r in results} == {importer.Action.UNCHANGED}


# --- the district's settings -------------------------------------------------------------------


def settings_url() -> str:
    return reverse("finder_staff:settings", args=["geumjeong"])


def test_staff_set_the_map_service_and_notice(client, world):
    client.force_login(world.staff)
    response = client.post(
        settings_url(),
        {
            "map_url_template": "https://map.naver.com/p/search/{address}",
            "finder_notice": "문의 051-519-0000",
        },
    )
    assert response.status_code == 302
    world.council.refresh_from_db()
    assert world.council.map_url_template == "https://map.naver.com/p/search/{address}"
    finder = client.get(reverse("finder:index", args=["geumjeong"])).content.decode()
    assert "문의 051-519-0000" in finder


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("javascript:alert(1)//{address}", "https:// 로 시작하는"),
        ("https://map.example/?q=", "{address}를 한 번"),
        ("https://map.example/?q={address}&p={address}", "{address}를 한 번"),
        ("https://map.example/{x}?q={address}", "중괄호"),
        ("ftp://map.example/?q={address}", "https:// 로 시작하는"),
    ],
)
def test_a_bad_map_template_is_refused_in_korean(client, world, template, message):
    client.force_login(world.staff)
    response = client.post(settings_url(), {"map_url_template": template, "finder_notice": ""})
    assert response.status_code == 200
    assert message in response.content.decode()
    world.council.refresh_from_db()
    assert world.council.map_url_template == ""


def test_neighbours_are_chosen_once_for_both(client, world):
    guseo, jangjeon = world.council.dongs.order_by("order")
    namsan = Dong.objects.create(council=world.council, name="남산동", order=3)
    client.force_login(world.staff)
    url = reverse("finder_staff:dong", args=["geumjeong", guseo.pk])

    page = client.get(url).content.decode()
    assert "장전1동" in page and "남산동" in page
    assert f'value="{guseo.pk}"' not in page  # not its own neighbour

    response = client.post(url, {"neighbours": [jangjeon.pk, namsan.pk]})
    assert response.status_code == 302
    assert set(jangjeon.neighbours.all()) == {guseo}
    assert set(namsan.neighbours.all()) == {guseo}
    overview = client.get(settings_url()).content.decode()
    assert "장전1동, 남산동" in overview

    client.post(url, {"neighbours": [namsan.pk]})
    assert not jangjeon.neighbours.exists()


def test_a_dong_of_another_council_cannot_be_a_neighbour(client, world):
    guseo = world.council.dongs.first()
    other = world.other_council.dongs.first()
    client.force_login(world.staff)
    response = client.post(
        reverse("finder_staff:dong", args=["geumjeong", guseo.pk]), {"neighbours": [other.pk]}
    )
    assert response.status_code == 200
    assert "올바르게 선택해 주세요" in response.content.decode()
    assert not guseo.neighbours.exists()


def test_the_staff_home_counts_what_is_public(client, world):
    make_facility(world.council, is_public=True)
    make_facility(world.council, is_public=False)
    make_facility(
        world.council, is_public=True, status=Facility.Status.CLOSED, closed_on=dt.date(2024, 1, 1)
    )
    client.force_login(world.staff)
    html = client.get(reverse("finder_staff:home", args=["geumjeong"])).content.decode()
    assert "등록된 시설 3곳 가운데 1곳이 시설 찾기에 공개되어 있습니다." in html
