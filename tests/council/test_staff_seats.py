"""The administrator's page that gives an existing login a staff seat on another council
of the district: the person is named and confirmed first, Korean refusals, audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from council.access import council_of
from council.models import AuditEvent, Council, LinkedSeat
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def edu(world):
    return factories.make_council("geumjeong-edu", "금정구", kind=Council.Kind.ELEMENTARY)


def _url(council):
    return reverse("staff_seat_add", args=[council.slug])


def test_the_administrator_names_the_person_then_confirms_the_seat(world, edu, client):
    world.staff.email = "kim.staff@geumjeong.go.kr"
    world.staff.first_name = "김담당"
    world.staff.save()
    client.force_login(world.superuser)
    assert "구청 담당자 자리 추가" in client.get(reverse("council_list")).content.decode()
    asked = client.post(_url(edu), {"login": "KIM.staff@geumjeong.go.kr", "name": ""})
    body = asked.content.decode()
    assert 'id="seat-confirm"' in body and world.council.name in body and "김담당" in body
    assert not LinkedSeat.objects.exists()  # nothing until confirmed

    done = client.post(
        _url(edu), {"login": "KIM.staff@geumjeong.go.kr", "name": "", "confirm": "1"}, follow=True
    )
    assert "구청 담당자 일도 봅니다" in done.content.decode()
    link = LinkedSeat.objects.get(login=world.staff)
    assert council_of(link.seat) == edu and link.seat.staff.name == "김담당"
    event = AuditEvent.objects.get(action="staff_seat_add")
    assert (event.council, event.user) == (edu, world.superuser)
    assert world.staff.username in event.target
    # The person now sees both councils on one page with the one login.
    client.force_login(world.staff)
    assert "내 협의체 (2)" in client.get(reverse("home"), follow=True).content.decode()


def test_an_unknown_login_or_one_already_on_the_council_is_refused_in_korean(world, edu, client):
    client.force_login(world.superuser)
    body = client.post(_url(edu), {"login": "nobody", "name": ""}).content.decode()
    assert "‘nobody’ 아이디나 전자우편 주소를 쓰는 사람이 없습니다." in body
    post = {"login": world.staff.username, "name": "", "confirm": "1"}
    client.post(_url(edu), post)
    again = client.post(_url(edu), post).content.decode()
    assert "이 사람은 이미 이 협의체에 있습니다." in again
    same = client.post(_url(world.council), post).content.decode()
    assert "이 사람은 이미 이 협의체에 있습니다." in same
    assert LinkedSeat.objects.count() == 1
    assert AuditEvent.objects.filter(action="staff_seat_add").count() == 1


def test_another_districts_login_or_a_shared_address_is_refused(world, edu, client):
    client.force_login(world.superuser)
    body = client.post(
        _url(edu), {"login": world.other_council_staff.username, "name": ""}
    ).content.decode()
    assert "협의체의 구청 담당자로 등록할 수 없습니다" in body
    for username in ("a-staff", "b-staff"):
        factories.make_staff(world.council, username)
    User.objects.filter(username__in=["a-staff", "b-staff"]).update(email="team@gu.go.kr")
    body = client.post(_url(edu), {"login": "team@gu.go.kr", "name": ""}).content.decode()
    assert "주소를 쓰는 아이디가 여럿입니다. 아이디로 적어 주세요." in body
    assert not LinkedSeat.objects.exists()


def test_the_councils_own_staff_may_not_use_it(world, client):
    client.force_login(world.staff)
    assert client.get(_url(world.council)).status_code == 403
    assert client.get(_url(world.other_council)).status_code == 404
