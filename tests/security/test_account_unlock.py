"""Staff and department reviewer accounts of the council on the roster (담당 공무원·검토
부서): their lock state, and the same unlock-with-a-reason as members (audited)."""

from __future__ import annotations

from django.urls import reverse

from council.models import AuditEvent
from tests.factories import PASSWORD, make_staff
from tests.security.test_login_throttle import _login


def _lock(client, settings, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, REMOTE_ADDR="203.0.113.9")


def test_the_roster_lists_staff_and_reviewers_with_their_lock(client, world, settings):
    colleague = make_staff(world.council, "staff2")
    _lock(client, settings, "reviewer")
    client.force_login(world.staff)
    response = client.get(reverse("council:roster", args=[world.council.slug]))
    rows = {row["login"]: row for row in response.context["account_rows"]}
    # This council's staff and reviewers only: not the other council's.
    expected = {world.staff, colleague, world.reviewer, world.other_reviewer}
    assert set(rows) == {user.username for user in expected}
    assert rows["reviewer"]["locked_until"] and rows["reviewer"]["department"]
    assert not rows[colleague.username]["locked_until"]
    html = response.content.decode()
    assert "담당 공무원·검토 부서" in html
    unlock = reverse("council:account_unlock", args=[world.council.slug, world.reviewer.pk])
    assert unlock in html
    # An account that is not locked has no unlock button; one's own account never has.
    assert reverse("council:account_unlock", args=[world.council.slug, colleague.pk]) not in html


def test_staff_unlock_a_reviewer_with_a_reason_which_is_audited(client, world, settings):
    _lock(client, settings, "reviewer")
    assert _login(client, "reviewer", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    client.force_login(world.staff)
    unlock = reverse("council:account_unlock", args=[world.council.slug, world.reviewer.pk])
    page = client.get(unlock).content.decode()
    assert "로그인이 제한되어 있습니다" in page and "부서 담당자" in page
    refused = client.post(unlock, {"reason": " "})
    assert (
        refused.status_code == 200
        and not AuditEvent.objects.filter(action="account_unlock").exists()
    )
    done = client.post(unlock, {"reason": "본인 전화 확인"}, follow=True)
    assert "계정의 로그인 제한을 풀었습니다" in done.content.decode()
    event = AuditEvent.objects.get(action="account_unlock")
    assert (event.reason, event.user, event.council) == (
        "본인 전화 확인",
        world.staff,
        world.council,
    )
    client.post(reverse("logout"))
    assert _login(client, "reviewer", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_another_councils_account_or_ones_own_is_not_found(client, world):
    client.force_login(world.staff)
    for account in (world.other_council_staff, world.staff, world.member.user):
        url = reverse("council:account_unlock", args=[world.council.slug, account.pk])
        assert client.get(url).status_code == 404
