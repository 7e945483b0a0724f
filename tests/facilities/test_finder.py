"""The public finder: only what the district publishes, the parents' filters, bad input,
cache headers and a query count that does not grow with the registry."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from facilities.models import Facility
from tests.facilities.finder_data import make_area
from tests.factories import add_figures, make_facility


@pytest.fixture
def area(world):
    return make_area(world)


def finder_url(**query) -> str:
    url = reverse("finder:index", args=["geumjeong"])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def listed(response) -> list[str]:
    """The names of the facilities on a results page, in order."""
    html = response.content.decode()
    return re.findall(
        r'<h3 class="h6 mb-1" id="facility-\d+"><a href="[^"]+"[^>]*>([^<]+)</a>', html
    )


def test_it_lists_only_what_the_district_publishes(client, area):
    response = client.get(finder_url())

    assert response.status_code == 200
    assert set(listed(response)) == {
        "금빛아이 꿈마당",
        "장전 지역아동센터",
        "구서초등학교 돌봄교실",
        "남산 다함께돌봄센터",
    }
    html = response.content.decode()
    for never in ("비공개 돌봄센터", "문 닫은 돌봄센터", "해운대 돌봄센터"):
        assert never not in html
    assert "찾은 시설 4곳" in html


def results(html: str) -> str:
    """The results part of a finder page (the filter form also says 빈자리, 이웃 동 …)."""
    return html.split('id="results-heading"', 1)[1].split("</section>", 1)[0]


def test_a_planned_facility_is_shown_as_planned_without_figures(client, area):
    html = results(client.get(finder_url(dong=area.namsan.pk)).content.decode())

    assert "남산 다함께돌봄센터" in html
    assert "개소 예정" in html
    assert "개소 예정 · 2099. 3. 2." in html
    assert "빈자리" not in html


def test_a_result_shows_what_a_parent_needs(client, area):
    html = client.get(finder_url(dong=area.guseo.pk, nearby=0, kind="together")).content.decode()

    assert listed_names(html) == ["금빛아이 꿈마당"]
    assert '<a href="tel:0511234567">051-123-4567</a>' in html
    assert "부산광역시 금정구 서부로 1" in html
    assert "13:00~20:00" in html  # term time
    assert "09:00~18:00" in html  # vacation
    assert "정원 30 · 현원 28 · 대기 3" in html
    assert "빈자리 2" in html
    assert "2026. 11. 30. 기준" in html
    assert "가능 (여유 2명)" in html  # temporary care
    assert "전화 상담 후 방문 신청" in html
    assert "1~6학년 모두" in html


def listed_names(html: str) -> list[str]:
    return re.findall(
        r'<h3 class="h6 mb-1" id="facility-\d+"><a href="[^"]+"[^>]*>([^<]+)</a>', html
    )


def test_a_dong_brings_its_neighbours_after_it(client, area):
    response = client.get(finder_url(dong=area.guseo.pk))

    names = listed(response)
    assert names[:2] == ["금빛아이 꿈마당", "구서초등학교 돌봄교실"]
    assert names[2:] == ["장전 지역아동센터"]
    assert results(response.content.decode()).count(">이웃 동</span>") == 1


def test_a_dong_alone_when_asked(client, area):
    response = client.get(finder_url(dong=area.guseo.pk, nearby=0))
    assert listed(response) == ["금빛아이 꿈마당", "구서초등학교 돌봄교실"]


def test_neighbours_are_symmetric(client, area):
    response = client.get(finder_url(dong=area.jangjeon.pk))
    assert listed(response) == ["장전 지역아동센터", "금빛아이 꿈마당", "구서초등학교 돌봄교실"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"grade": 3}, {"금빛아이 꿈마당", "장전 지역아동센터", "남산 다함께돌봄센터"}),
        (
            {"grade": 1},
            {
                "금빛아이 꿈마당",
                "장전 지역아동센터",
                "구서초등학교 돌봄교실",
                "남산 다함께돌봄센터",
            },
        ),
        # 20:00, night care to 22:00, and the planned centre's 19:00; not the school's 17:00.
        ({"late": "19"}, {"금빛아이 꿈마당", "장전 지역아동센터", "남산 다함께돌봄센터"}),
        ({"late": "night"}, {"장전 지역아동센터"}),
        ({"vacation": "on"}, {"금빛아이 꿈마당", "장전 지역아동센터"}),
        ({"temporary": "on"}, {"금빛아이 꿈마당"}),
        ({"vacancy": "on"}, {"금빛아이 꿈마당", "구서초등학교 돌봄교실"}),
        ({"kind": "community"}, {"장전 지역아동센터"}),
        ({"kind": "school", "grade": 2}, {"구서초등학교 돌봄교실"}),
    ],
)
def test_each_filter(client, area, query, expected):
    assert set(listed(client.get(finder_url(**query)))) == expected


def test_vacancies_come_from_the_latest_figures(client, area):
    add_figures(area.community, dt.date(2026, 12, 1), 20, 15)
    html = client.get(finder_url(vacancy="on")).content.decode()
    assert "장전 지역아동센터" in html
    assert "빈자리 5" in html
    assert "2026. 12. 1. 기준" in html


@pytest.mark.parametrize(
    "query",
    [
        "dong=abc&grade=9&kind=zzz&late=%3Cscript%3E&page=x",
        "dong=999999&nearby=2",
        "grade=-1&vacancy=%00",
        "dong=" + "9" * 40,
    ],
)
def test_malformed_filters_are_left_out_with_a_korean_message(client, area, query):
    response = client.get(finder_url() + "?" + query)

    assert response.status_code == 200
    html = response.content.decode()
    assert "알 수 없는 조건은 빼고 찾았습니다" in html
    assert "<script>" not in html
    assert "금빛아이 꿈마당" in html


def test_another_councils_dong_is_not_a_filter(client, area, world):
    other_dong = world.other_council.dongs.first()
    response = client.get(finder_url(dong=other_dong.pk))
    assert "알 수 없는 조건은 빼고 찾았습니다: 행정동" in response.content.decode()


def test_empty_results_say_so(client, area):
    html = client.get(finder_url(dong=area.namsan.pk, nearby=0, kind="school")).content.decode()
    assert "조건에 맞는 시설이 없습니다" in html


def test_an_unknown_council_is_a_404_in_the_portal_layout(client, db):
    response = client.get(reverse("finder:index", args=["nowhere"]))

    assert response.status_code == 404
    html = response.content.decode()
    assert "페이지를 찾을 수 없습니다" in html
    assert 'class="navbar' in html  # the portal's own layout, not Django's plain page


# --- the facility page -------------------------------------------------------------------------


def facility_url(code: str, council: str = "geumjeong") -> str:
    return reverse("finder:facility", args=[council, code])


def test_the_facility_page_shows_the_same_and_how_to_correct_it(client, area):
    response = client.get(facility_url("GJ-DH-001"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="h3 mb-1"><span lang="ko">금빛아이 꿈마당</span></h1>' in html
    assert "정원 30 · 현원 28 · 대기 3" in html
    assert 'href="tel:0511234567"' in html
    assert reverse("finder:correction", args=["geumjeong", "GJ-DH-001"]) in html
    assert "지도에서 보기" not in html  # no map service chosen yet


def test_the_map_link_uses_the_districts_service_with_the_address_encoded(client, area):
    area.council.map_url_template = "https://map.kakao.com/?q={address}"
    area.council.save()

    html = client.get(facility_url("GJ-DH-001")).content.decode()

    encoded = "%EB%B6%80%EC%82%B0%EA%B4%91%EC%97%AD%EC%8B%9C%20%EA%B8%88%EC%A0%95%EA%B5%AC"
    assert f'href="https://map.kakao.com/?q={encoded}' in html
    assert "지도에서 보기 (새 창)" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize(
    ("code", "council"),
    [
        ("GJ-DH-003", "geumjeong"),  # not public
        ("GJ-DH-004", "geumjeong"),  # closed
        ("HD-DH-001", "geumjeong"),  # another council's, asked under this one
        ("NOPE-1", "geumjeong"),
        ("GJ-DH-001", "nowhere"),
    ],
)
def test_what_is_not_published_is_a_404(client, area, code, council):
    response = client.get(facility_url(code, council))
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_a_facility_closed_today_leaves_the_finder(client, area):
    area.centre.status = Facility.Status.CLOSED
    area.centre.closed_on = dt.date(2026, 1, 1)
    area.centre.save()
    assert client.get(facility_url("GJ-DH-001")).status_code == 404
    assert "금빛아이 꿈마당" not in client.get(finder_url()).content.decode()


def test_a_suspended_facility_is_not_listed(client, area):
    area.centre.status = Facility.Status.SUSPENDED
    area.centre.save()
    assert client.get(facility_url("GJ-DH-001")).status_code == 404


# --- caching ------------------------------------------------------------------------------------


def test_public_pages_may_be_cached_by_anyone(client, area):
    for url in (finder_url(), facility_url("GJ-DH-001")):
        response = client.get(url)
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "max-age=300" in cache_control
        assert "no-store" not in cache_control and "private" not in cache_control
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary
        assert not response.cookies  # nothing personal: no session, no CSRF cookie


def test_a_logged_in_user_gets_a_private_page(client, area, world):
    client.force_login(world.staff)
    response = client.get(finder_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_server_keeps_a_copy_for_visitors_without_a_session(client, area, world):
    assert "금빛아이 꿈마당" in client.get(finder_url()).content.decode()
    area.centre.name = "새 이름 돌봄센터"
    area.centre.save()

    # Visitors share the copy for up to five minutes, like any cache that honours max-age.
    assert "금빛아이 꿈마당" in client.get(finder_url()).content.decode()
    # Staff, logged in, always see the registry as it is.
    client.force_login(world.staff)
    assert "새 이름 돌봄센터" in client.get(finder_url()).content.decode()


def test_the_copy_is_kept_per_language(client, area):
    client.get(finder_url())
    response = client.get(finder_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.content.decode().count('lang="en"') >= 1


def test_the_correction_form_is_never_cached(client, area):
    response = client.get(reverse("finder:correction", args=["geumjeong", "GJ-DH-001"]))
    assert "no-store" in response["Cache-Control"]


# --- cost ---------------------------------------------------------------------------------------


def _grow(council, dong, n: int) -> None:
    for i in range(n):
        facility = make_facility(council, dong=dong, is_public=True, name=f"시설 {i:03d}")
        add_figures(facility, dt.date(2026, 11, 1), 30, 20 + i % 11)


@pytest.mark.parametrize("size", [3, 30])
def test_the_finder_costs_the_same_queries_whatever_the_number_of_facilities(
    client, world, django_assert_num_queries, size
):
    dong = world.council.dongs.first()
    _grow(world.council, dong, size)
    # Council, 동 list, count, page of facilities with their figures and neighbours' subquery.
    with django_assert_num_queries(4):
        response = client.get(finder_url(dong=dong.pk, vacancy="on", grade=3))
    assert response.status_code == 200
    with django_assert_num_queries(4):
        client.get(finder_url(page=2))


@pytest.mark.parametrize("size", [3, 30])
def test_the_facility_page_costs_the_same_queries_whatever_the_number_of_facilities(
    client, world, django_assert_num_queries, size
):
    dong = world.council.dongs.first()
    _grow(world.council, dong, size)
    code = Facility.objects.filter(council=world.council).first().code
    with django_assert_num_queries(2):  # council, facility with its figures
        assert client.get(facility_url(code)).status_code == 200


def test_a_cached_page_costs_no_query(client, area, django_assert_num_queries):
    client.get(finder_url())
    with django_assert_num_queries(0):
        assert client.get(finder_url()).status_code == 200


# --- hostile data and the demo ------------------------------------------------------------------


def test_facility_data_is_plain_text_on_the_public_pages(client, world):
    from tests.hostile.html_checks import assert_shown_as_text

    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    world.council.map_url_template = "https://map.example.go.kr/?q={address}"
    world.council.finder_notice = payload
    world.council.save()
    facility = make_facility(
        world.council,
        code="GJ-XSS-1",
        is_public=True,
        name=payload,
        address='" onmouseover="alert(3)" javascript:alert(4)',
        phone='051"><svg onload=alert(6)>',  # within the field's 30 characters
        how_to_apply=payload,
        operator=payload,
    )
    add_figures(facility, dt.date(2026, 11, 30), 10, 5)

    for url in (finder_url(), facility_url("GJ-XSS-1")):
        html = client.get(url).content.decode()
        assert_shown_as_text(html)
        assert 'href="tel:0516"' in html  # only the digits of the "phone" are dialled
    facility_html = client.get(facility_url("GJ-XSS-1")).content.decode()
    assert 'href="https://map.example.go.kr/?q=%22%20onmouseover%3D%22alert%283%29%22' in (
        facility_html
    )


def test_the_demo_publishes_its_facilities_with_neighbours(client, db):
    from council.models import Dong
    from portal.demo import load_demo

    load_demo()
    html = client.get(finder_url()).content.decode()
    assert "찾은 시설 14곳" in html
    guseo2 = Dong.objects.get(council__slug="geumjeong", name="구서2동")
    assert {d.name for d in guseo2.neighbours.all()} == {"장전1동", "구서1동"}
    page = client.get(finder_url(dong=guseo2.pk)).content.decode()
    assert "다니는 학교에 신청" in page
    assert "1~2학년" in page
    load_demo()  # a rebuild: nothing doubled
    guseo2 = Dong.objects.get(council__slug="geumjeong", name="구서2동")
    assert guseo2.neighbours.count() == 2
