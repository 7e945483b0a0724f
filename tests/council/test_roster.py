"""Roster pages: list with filter, add (set-password link), edit with history, end term, resend."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from council.models import Member
from tests import factories
from tests.factories import make_members

ROSTER = reverse("council:roster", args=["geumjeong"])


def _add(client, capture, **overrides):
    data = {
        "name": "신규위원",
        "email": "new@example.com",
        "role": "member",
        "affiliation": "학부모",
        "term_start": "2024-01-01",
        "term_end": "",
        "username": "",
    }
    data.update(overrides)
    # The link is mailed once the new account is committed.
    with capture(execute=True):
        return client.post(reverse("council:member_add", args=["geumjeong"]), data, follow=True)


def test_it_adds_a_member_with_an_unusable_password_and_mails_a_one_time_link(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    response = _add(client, django_capture_on_commit_callbacks)
    html = response.content.decode()
    assert "신규위원 위원을 등록하고 비밀번호 설정 링크를" in html
    member = Member.objects.get(name="신규위원")
    assert member.council == world.council
    assert not member.user.has_usable_password()
    assert member.user.username == "geumjeong-m04"  # three members exist already
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.com"]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)

    client.logout()
    page = client.get(link, follow=True)
    assert page.status_code == 200
    set_url = page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Haneul-Quartz-8147", "new_password2": "Haneul-Quartz-8147"}
    )
    assert done.status_code == 302
    member.user.refresh_from_db()
    assert member.user.check_password("Haneul-Quartz-8147")
    # The link works once only.
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "이 링크는 만료되었거나 이미 사용되었습니다" in again


def test_it_uses_a_typed_username_and_refuses_a_taken_one(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    _add(client, django_capture_on_commit_callbacks, username="kim-parent")
    assert User.objects.filter(username="kim-parent").exists()
    response = _add(
        client,
        django_capture_on_commit_callbacks,
        username="kim-parent",
        name="다른사람",
        email="o@example.com",
    )
    assert "이미 사용 중인 아이디입니다" in response.content.decode()
    assert not Member.objects.filter(name="다른사람").exists()


def test_it_ends_a_term_and_keeps_the_history(client, world):
    client.force_login(world.staff)
    url = reverse("council:member_end_term", args=["geumjeong", world.member.pk])
    assert "김위원 위원 임기 종료" in client.get(url).content.decode()
    response = client.post(url, {"term_end": "2020-01-01"})
    assert "임기 시작일보다 빠를 수 없습니다" in response.content.decode()
    client.post(url, {"term_end": "2024-06-30"})
    world.member.refresh_from_db()
    assert world.member.term_end == dt.date(2024, 6, 30)

    ended = client.get(ROSTER + "?status=ended").content.decode()
    assert "김위원" in ended and "이위원" not in ended
    active = client.get(ROSTER).content.decode()
    assert "이위원" in active and "김위원" not in active

    edit = client.get(reverse("council:member_edit", args=["geumjeong", world.member.pk]))
    html = edit.content.decode()
    assert "변경 이력" in html
    assert "2024. 6. 30." in html  # the new term
    assert html.count("2023. 1. 1. ~") >= 2  # the earlier version is still listed
    assert world.member.history.count() == 2


def test_it_edits_a_member_and_their_email(client, world):
    client.force_login(world.staff)
    url = reverse("council:member_edit", args=["geumjeong", world.member.pk])
    client.post(
        url,
        {
            "name": "김위원",
            "email": "changed@example.com",
            "role": "chair",
            "affiliation": "전문가",
            "term_start": "2023-01-01",
            "term_end": "",
        },
    )
    world.member.refresh_from_db()
    assert world.member.role == "chair" and world.member.affiliation == "전문가"
    assert world.member.user.email == "changed@example.com"


def test_it_resends_the_link_by_post(client, world):
    client.force_login(world.staff)
    url = reverse("council:member_resend_link", args=["geumjeong", world.member.pk])
    response = client.post(url, follow=True)
    assert "비밀번호 설정 링크를 다시 보냈습니다" in response.content.decode()
    assert mail.outbox[0].to == [world.member.user.email]
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.parametrize("n", [3, 40])
def test_its_query_count_does_not_grow_with_members(client, world, n, django_assert_num_queries):
    make_members(world.council, n)
    factories.make_member(world.council, term_end=dt.date(2023, 6, 30))
    client.force_login(world.staff)
    # 7 + the audit record of the view (3: council.audit_chain) + the make-up by
    # affiliation + the account locks + the council's staff and reviewer accounts
    with django_assert_num_queries(13):
        response = client.get(ROSTER)
    assert response.content.decode().count("링크 다시 보내기") == n + 2
