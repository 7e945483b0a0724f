"""Issue 13, case 9: password-reset requests are limited per address and per client,
and the page is the same whether or not the address belongs to someone."""

from __future__ import annotations

import pytest
from django.core import mail as outbox
from django.urls import reverse

from council.models import PasswordResetRequest
from council.resets import purge_reset_requests
from lib import mail

RESET = reverse("password_reset")


def _ask(client, email, ip="203.0.113.10"):
    response = client.post(RESET, {"email": email}, REMOTE_ADDR=ip)
    mail.wait()
    return response


def test_twenty_requests_for_one_address_send_three_mails(client, world, settings):
    """The probe sent 20 e-mails to one address with 20 requests."""
    email = world.member.user.email
    statuses = [_ask(client, email, ip=f"203.0.113.{i}").status_code for i in range(20)]
    assert statuses[: settings.PASSWORD_RESET_PER_ADDRESS] == [302] * 3
    assert set(statuses[3:]) == {429}
    assert len(outbox.outbox) == settings.PASSWORD_RESET_PER_ADDRESS
    refused = _ask(client, email).content.decode()
    assert "비밀번호 재설정 요청이 너무 많습니다. 60분 뒤에 다시 시도하세요." in refused
    # Refused requests are not counted.
    assert PasswordResetRequest.objects.count() == settings.PASSWORD_RESET_PER_ADDRESS


def test_one_client_is_limited_across_addresses(client, world, settings):
    for i in range(settings.PASSWORD_RESET_PER_CLIENT):
        assert _ask(client, f"someone{i}@example.com").status_code == 302
    response = _ask(client, world.staff.email)
    assert response.status_code == 429
    assert outbox.outbox == []  # none of those addresses was registered; staff's got nothing
    # Another client is not affected.
    assert _ask(client, world.staff.email, ip="198.51.100.1").status_code == 302
    assert [m.to for m in outbox.outbox] == [[world.staff.email]]


def test_the_page_is_the_same_whether_the_address_exists(client, world):
    known = client.post(RESET, {"email": world.member.user.email}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.com"}, follow=True)
    mail.wait()
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert "입력한 주소가 등록되어 있으면" in known.content.decode()
    assert len(outbox.outbox) == 1 and outbox.outbox[0].to == [world.member.user.email]


def test_the_limit_does_not_tell_which_addresses_exist(client, world, settings):
    for email in (world.member.user.email, "nobody@example.com"):
        statuses = [
            _ask(client, email, ip=f"198.51.100.{i}").status_code
            for i in range(settings.PASSWORD_RESET_PER_ADDRESS + 1)
        ]
        assert statuses[-1] == 429


@pytest.mark.django_db
def test_old_requests_are_forgotten(settings):
    import datetime as dt

    from django.utils import timezone

    old = timezone.now() - dt.timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES + 1)
    PasswordResetRequest.objects.create(address_digest="x" * 64, at=old)
    PasswordResetRequest.objects.create(address_digest="y" * 64)
    assert purge_reset_requests() == 1
    assert PasswordResetRequest.objects.count() == 1
    # The stored digest is not the address.
    assert not PasswordResetRequest.objects.filter(address_digest__contains="@").exists()


def test_the_client_address_is_stored_only_as_a_keyed_hash(client, world):
    """One rate limiter, one privacy rule (lib.ratelimit): the reset counter keeps no raw
    address, and the hash differs from the correction form's for the same address."""
    from facilities.corrections import client_key as correction_key

    _ask(client, "someone@example.com", ip="203.0.113.77")
    row = PasswordResetRequest.objects.get()
    stored = " ".join(str(v) for v in PasswordResetRequest.objects.values_list().get())
    assert "203.0.113.77" not in stored
    assert row.client_key and row.client_key != correction_key("203.0.113.77")
    assert not any(f.name == "ip_address" for f in PasswordResetRequest._meta.fields)


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_the_addresses_already_stored():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from council.resets import client_key

    before = [("council", "0007_opinion_entered_at")]
    after = [("council", "0008_reset_requests_hash_the_client")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    old_apps.get_model("council", "PasswordResetRequest").objects.create(
        address_digest="x" * 64, ip_address="198.51.100.9"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    row = PasswordResetRequest.objects.get()
    assert row.client_key == client_key("198.51.100.9")
