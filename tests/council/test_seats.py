"""A person on two councils of one district: one login, both councils' open rounds on one
page, moving between the seats; a seat on a council of another district is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from council.access import council_of
from council.models import Council, LinkedSeat, Member
from council.seats import add_member_for_login
from lib.errors import Refused
from tests import factories

pytestmark = pytest.mark.django_db


def _seat(council, login, *, start=dt.date(2023, 1, 1), sector=""):
    return add_member_for_login(
        council=council,
        login_username=login.username,
        name="김위원",
        role=Member.Position.MEMBER,
        affiliation="학부모",
        sector=sector,
        term_start=start,
        term_end=None,
    )


@pytest.fixture
def two(world):
    """금정구's 2023 council (the world's) and its 2026 초등돌봄·교육 council."""
    edu = factories.make_council("geumjeong-edu", "금정구", kind=Council.Kind.ELEMENTARY)
    person = world.member  # 김위원 of the world's council
    seat = _seat(edu, person.user, sector="parent")
    old = factories.make_meeting(world.council, invite=[person], year=2026, half=2)
    new = factories.make_meeting(edu, invite=[seat], year=2026, half=2)
    return world, edu, person, seat, old, new


def test_one_login_sees_both_councils_open_rounds_on_one_page(two, client):
    world, edu, person, seat, old, new = two
    assert not seat.user.has_usable_password()  # reached only through the login
    client.force_login(person.user)
    page = client.get(reverse("my_councils"))
    titles = [r["meeting"].title for r in page.context["rounds"]]
    assert titles == [old.title, new.title] or titles == [new.title, old.title]
    body = page.content.decode()
    assert "금정구 지역 초등돌봄·교육 협의체 회의" in body and "금정구 지역돌봄협의체 회의" in body
    assert "내 협의체 (2)" in client.get(reverse("home"), follow=True).content.decode()


def test_the_person_moves_to_the_other_seat_and_back(two, client):
    world, edu, person, seat, old, new = two
    client.force_login(person.user)
    response = client.post(
        reverse("switch_seat", args=[seat.user.pk]), {"next": new.get_absolute_url()}
    )
    assert response["Location"] == new.get_absolute_url()
    assert client.get(new.get_absolute_url()).status_code == 200
    # Now the seat: the first council's pages are another council's (404) until moving back.
    assert client.get(old.get_absolute_url()).status_code == 404
    back = client.post(reverse("switch_seat", args=[person.user.pk]))
    assert back.status_code == 302
    assert client.get(old.get_absolute_url()).status_code == 200


def test_a_seat_signed_in_on_its_own_cannot_reach_the_login(two, client):
    world, edu, person, seat, old, new = two
    client.force_login(seat.user)  # e.g. a password set on the seat by a reset
    assert client.post(reverse("switch_seat", args=[person.user.pk])).status_code == 404
    assert client.post(reverse("switch_seat", args=[world.other_member.user.pk])).status_code == 404


def test_a_member_of_another_district_is_refused(two):
    world, edu, person, seat, old, new = two
    with pytest.raises(Refused, match="같은 자치구 안에서만"):
        _seat(world.other_council, person.user)  # 해운대구
    with pytest.raises(Refused, match="이미 이 협의체에"):
        _seat(edu, person.user)
    assert LinkedSeat.objects.count() == 1
    assert council_of(seat.user) == edu


def test_staff_add_an_existing_login_on_the_roster_page(two, client):
    world, edu, person, seat, old, new = two
    staff = factories.make_staff(edu)
    client.force_login(staff)
    url = reverse("council:member_add", args=[edu.slug])
    data = {
        "name": "이위원",
        "role": "member",
        "sector": "school",
        "affiliation": "교사",
        "email": "x@example.com",
        "term_start": "2026-03-01",
        "existing_login": world.other_member.user.username,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    added = Member.objects.get(council=edu, name="이위원")
    assert LinkedSeat.objects.get(seat=added.user).login == world.other_member.user
    data["existing_login"] = world.other_council_staff.username  # 해운대구
    data["name"] = "박담당"
    refused = client.post(url, data).content.decode()
    assert "같은 자치구 안에서만" in refused


def test_the_roster_shows_the_login_and_sends_no_password_link_to_a_seat(two, client, mailoutbox):
    world, edu, person, seat, old, new = two
    client.force_login(factories.make_staff(edu))
    roster = client.get(reverse("council:roster", args=[edu.slug])).content.decode()
    assert person.user.username in roster and "다른 협의체와 같은 로그인" in roster
    page = client.post(
        reverse("council:member_resend_link", args=[edu.slug, seat.pk]), follow=True
    ).content.decode()
    assert "같은 로그인을 씁니다" in page and mailoutbox == []
