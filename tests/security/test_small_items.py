"""Issue 24, item 10: the language cookie is Secure (production), SameSite and
HttpOnly; links that leave the site (mails, the flyer's QR code, the request
letters) use PORTAL_BASE_URL, never the request's host; a former member cannot
turn on status mails. (The flyer and the letters: tests/facilities/test_finder_flyers.py
and tests/reports/test_letters.py expect PORTAL_BASE_URL where the request's host
`testserver` used to be.)"""

from __future__ import annotations

import json

from django.core import mail
from django.urls import reverse

from proposals.models import StatusMailSubscription
from tests.deploy.support import django_script, portal_env


def test_the_language_cookie_is_same_site_and_not_for_scripts(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]


def test_the_language_cookie_is_secure_in_production(tmp_path):
    printed = django_script(
        portal_env(tmp_path / "data"),
        "from django.conf import settings\nimport json\n"
        "print(json.dumps([settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SAMESITE,"
        " settings.SESSION_COOKIE_SECURE]))",
    )
    assert json.loads(printed.strip().splitlines()[-1]) == [True, "Lax", True]


def test_a_mailed_link_uses_the_portal_address_not_the_request_host(client, world, settings):
    settings.ALLOWED_HOSTS = ["*"]  # a too-wide host check: the forged host gets through
    settings.PORTAL_BASE_URL = "https://dolbom.geumjeong.go.kr"
    client.force_login(world.staff)
    url = reverse("council:member_resend_link", args=["geumjeong", world.member.pk])
    client.post(url, HTTP_HOST="evil.example")
    (sent,) = mail.outbox
    assert "https://dolbom.geumjeong.go.kr/accounts/reset/" in sent.body
    assert "evil.example" not in sent.body


def test_a_former_member_cannot_turn_on_status_mails(client, world):
    url = reverse("proposals:member_follow_ups", args=["geumjeong"])
    client.force_login(world.former_member.user)
    page = client.get(url).content.decode()
    assert 'id="status-mail-closed"' in page and 'name="enabled"' not in page
    response = client.post(url, {"enabled": "on"}, follow=True)
    assert "임기가 끝난 위원은 추진 상태 알림을 새로 받을 수 없습니다" in response.content.decode()
    assert not StatusMailSubscription.objects.exists()
    # A member in office still can.
    client.force_login(world.member.user)
    client.post(url, {"enabled": "on"})
    assert StatusMailSubscription.objects.get().member == world.member


def test_a_former_member_with_an_old_subscription_hears_nothing_more(world):
    from proposals.commitment_services import notify_status_change
    from tests import factories

    meeting = factories.make_meeting(
        world.council, status="published", invite=[world.former_member, world.member]
    )
    proposal = factories.make_proposal(meeting, department=world.department)
    commitment = factories.make_commitment(proposal)
    for member in (world.former_member, world.member):
        opinion = factories.make_opinion(meeting, member, ["의견"])
        proposal.source_points.add(*opinion.points.all())
        StatusMailSubscription.objects.create(member=member)
    # Two subscribed, one told: the member in office.
    assert notify_status_change(commitment_id=commitment.pk, old="계획", new="추진 중") == 1
    assert all(world.former_member.user.email not in m.to for m in mail.outbox)
