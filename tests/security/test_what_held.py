"""What held against the probe of issue 13, kept tested: CSRF on every state-changing
form, and a new session key at login with nothing left after logout."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from council.models import Meeting
from tests.factories import PASSWORD, make_draft_meeting


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(strict_client, world):
    meeting = make_draft_meeting(world.council)
    strict_client.force_login(world.staff)
    posts = [
        reverse("council:meeting_open", args=["geumjeong", meeting.slug]),
        reverse("council:member_resend_link", args=["geumjeong", world.member.pk]),
        reverse("council:agenda_add", args=["geumjeong", meeting.slug]),
        reverse("facilities:import_confirm", args=["geumjeong"]),
        reverse("facilities:export", args=["geumjeong"]),
        reverse("logout"),
    ]
    for url in posts:
        response = strict_client.post(url, {"kind": "report", "title": "x", "reason": "x"})
        assert response.status_code == 403, url
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.agenda_items.count() == 1
    # Still logged in: the logout without a token did nothing.
    assert strict_client.get(reverse("council:roster", args=["geumjeong"])).status_code == 200


def test_a_login_form_without_the_csrf_token_is_refused(strict_client, world):
    response = strict_client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


def test_login_gives_a_new_session_key_and_logout_ends_it(client, world):
    client.get(reverse("login"))
    client.session.save()
    planted = client.session.session_key
    client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert client.session.session_key != planted  # a planted session is not adopted
    logged_in = client.session.session_key
    copy = Client()
    copy.cookies["sessionid"] = logged_in
    roster = reverse("council:roster", args=["geumjeong"])
    assert copy.get(roster).status_code == 200  # the copied cookie works while logged in
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session
    assert copy.get(roster).status_code == 302  # and not after logout
