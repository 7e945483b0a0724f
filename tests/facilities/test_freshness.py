"""Every figure shows its age: 기준일 everywhere, the age in words past the limit, no stale
vacancy offered (badge or filter), 개소 여부 확인 중 after a passed 개소 예정일, the gap
view's oldest figure and the staff list of stale facilities — at the boundary dates."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from facilities import flyers, freshness
from facilities.models import Facility
from tests.factories import add_figures, make_facility

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = dt.date(2026, 12, 7)  # the age limit (6 months) puts the cutoff on 2026. 6. 7.
NOON = dt.datetime(2026, 12, 7, 12, 0, tzinfo=SEOUL)


@pytest.fixture
def today():
    with time_machine.travel(NOON, tick=False):
        yield TODAY


@pytest.mark.parametrize(
    ("as_of", "words"),
    [
        (dt.date(2026, 12, 7), ""),
        (dt.date(2026, 6, 7), ""),  # exactly six months: still fresh
        (dt.date(2026, 6, 6), "6개월 전 자료"),  # one day more: stale
        (dt.date(2026, 4, 1), "8개월 전 자료"),
        (dt.date(2025, 12, 8), "11개월 전 자료"),
        (dt.date(2025, 12, 7), "1년 전 자료"),
        (dt.date(2023, 12, 1), "3년 전 자료"),
        (None, ""),
    ],
)
def test_the_age_in_words_starts_the_day_after_the_limit(as_of, words):
    assert freshness.age_words(as_of, TODAY) == words
    assert freshness.is_stale(as_of, TODAY) == bool(words)


def test_the_cutoff_keeps_to_the_end_of_a_shorter_month():
    assert freshness.months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert freshness.months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)


def test_the_limit_is_a_setting(settings):
    settings.FACILITY_FIGURES_MAX_AGE_MONTHS = 12
    assert freshness.age_words(dt.date(2026, 4, 1), TODAY) == ""
    assert freshness.age_words(dt.date(2025, 12, 6), TODAY) == "1년 전 자료"


@pytest.fixture
def district(world):
    council = world.council
    dong = council.dongs.get(name="구서2동")
    fresh = make_facility(council, code="F-FRESH", name="새 자료 센터", dong=dong, is_public=True)
    add_figures(fresh, dt.date(2026, 6, 7), 30, 25)  # on the cutoff: fresh
    stale = make_facility(council, code="F-STALE", name="옛 자료 센터", dong=dong, is_public=True)
    add_figures(stale, dt.date(2026, 6, 6), 30, 20)  # a day older: stale
    ancient = make_facility(
        council, code="F-OLD", name="아주 옛 자료 센터", dong=dong, is_public=True
    )
    add_figures(ancient, dt.date(2023, 12, 1), 40, 37, waiting=3)
    overdue = make_facility(
        council,
        code="F-PLAN",
        name="개소 늦은 센터",
        dong=dong,
        status=Facility.Status.PLANNED,
        opened_on=dt.date(2024, 3, 4),
        is_public=True,
    )
    planned = make_facility(
        council,
        code="F-SOON",
        name="곧 여는 센터",
        dong=dong,
        status=Facility.Status.PLANNED,
        opened_on=dt.date(2027, 3, 2),
        is_public=True,
    )
    return {
        "fresh": fresh,
        "stale": stale,
        "ancient": ancient,
        "overdue": overdue,
        "planned": planned,
    }


def cards(html: str) -> dict[str, str]:
    """Each result card's text by facility name."""
    found = {}
    for card in re.findall(r"<article.*?</article>", html, flags=re.S):
        name = re.search(r'id="facility-\d+"><a href="[^"]+"[^>]*>([^<]+)</a>', card).group(1)
        found[name] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card))
    return found


def finder(client, **query) -> str:
    url = reverse("finder:index", args=["geumjeong"])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_card_shows_its_date_and_old_figures_their_age(client, district, today):
    found = cards(finder(client))

    assert "2026. 6. 7. 기준" in found["새 자료 센터"]
    assert "빈자리 5" in found["새 자료 센터"]
    assert "전 자료" not in found["새 자료 센터"]

    assert "2026. 6. 6. 기준" in found["옛 자료 센터"]
    assert "6개월 전 자료" in found["옛 자료 센터"]
    assert "빈자리 10" not in found["옛 자료 센터"]
    assert "빈자리 있음" not in found["옛 자료 센터"]  # no badge either
    assert "빈자리: 자료가 오래되어 알 수 없음" in found["옛 자료 센터"]

    assert "2023. 12. 1. 기준" in found["아주 옛 자료 센터"]
    assert "3년 전 자료" in found["아주 옛 자료 센터"]
    assert "빈자리 3" not in found["아주 옛 자료 센터"]


def test_the_vacancy_filter_ignores_figures_past_the_limit_and_says_so(client, district, today):
    html = finder(client, vacancy="on")

    assert set(cards(html)) == {"새 자료 센터"}
    assert "기준일이 6개월 안인 자료로만 찾습니다" in html


def test_the_vacancy_filter_follows_the_setting(client, district, today, settings):
    settings.FACILITY_FIGURES_MAX_AGE_MONTHS = 7
    assert set(cards(finder(client, vacancy="on"))) == {"새 자료 센터", "옛 자료 센터"}


def test_a_passed_opening_date_shows_that_it_is_being_checked(client, district, today):
    found = cards(finder(client))

    assert "개소 여부 확인 중" in found["개소 늦은 센터"]
    assert "2024. 3. 4." not in found["개소 늦은 센터"]
    assert "개소 예정" not in found["개소 늦은 센터"]
    assert "개소 예정 · 2027. 3. 2." in found["곧 여는 센터"]


def test_staff_confirming_the_opening_ends_the_check(client, district, today):
    overdue = district["overdue"]
    overdue.status = Facility.Status.OPERATING
    overdue.save()

    assert "개소 여부 확인 중" not in cards(finder(client))["개소 늦은 센터"]


def test_the_facility_page_shows_the_age(client, district, today):
    url = reverse("finder:facility", args=["geumjeong", "F-OLD"])
    html = client.get(url).content.decode()

    assert "2023. 12. 1. 기준" in html
    assert "3년 전 자료" in html
    assert "빈자리 3" not in html


def test_the_flyer_rows_carry_each_figure_with_its_date_and_age(world, district, today):
    context = flyers.flyer_context(
        council=world.council,
        dong=district["fresh"].dong,
        school=None,
        url="https://example.test/f/geumjeong/1/",
        today=TODAY,
    )
    rows = {row.name: row for row in context["rows"]}

    assert rows["새 자료 센터"].figures == ["정원 30 · 현원 25", "빈자리 5"]
    assert rows["새 자료 센터"].as_of == "2026. 6. 7. 기준"
    assert rows["아주 옛 자료 센터"].figures == ["정원 40 · 현원 37"]
    assert rows["아주 옛 자료 센터"].as_of == "2023. 12. 1. 기준 (3년 전 자료)"
    assert rows["개소 늦은 센터"].notes[0] == "개소 여부 확인 중"


def test_the_gap_view_heading_states_its_oldest_figure(client, world, district, today):
    client.force_login(world.staff)
    html = client.get(reverse("facilities:gaps", args=["geumjeong"])).content.decode()
    heading = re.search(r'id="gap-dates">(.*?)</p>', html, flags=re.S).group(1)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", heading))

    assert "2026. 12. 7. 기준" in text
    assert "가장 오래된 정원·현원 자료 2023. 12. 1." in text
    assert "3년 전 자료" in text


def test_the_staff_dashboard_lists_the_facilities_past_the_limit(client, world, district, today):
    hidden = make_facility(world.council, code="F-HIDDEN", name="비공개 옛 자료", is_public=False)
    add_figures(hidden, dt.date(2025, 1, 1), 10, 10)
    closed = make_facility(
        world.council, code="F-CLOSED", name="폐지 옛 자료", status=Facility.Status.CLOSED
    )
    add_figures(closed, dt.date(2025, 1, 1), 10, 10)
    client.force_login(world.staff)

    html = client.get(reverse("portal:dashboard", args=["geumjeong"])).content.decode()
    listed = re.search(r'<ul class="small mb-2" id="stale-list">(.*?)</ul>', html, re.S).group(1)
    names = re.findall(r'<a href="[^"]+">([^<]+)</a>', listed)

    # Oldest first; private ones too (staff keep the whole registry fresh); never closed ones.
    assert names == ["아주 옛 자료 센터", "비공개 옛 자료", "옛 자료 센터", "개소 늦은 센터"]
    assert "현황 확인이 필요한 시설 4곳" in html
    assert "3년 전 자료" in listed
    assert "개소 예정일 2024. 3. 4. 지남" in listed
    # Each with its 행정동 (read in the same query).
    dong = world.council.dongs.order_by("order").first().name
    assert listed.count(f"</a> · {dong} ·") == 4
