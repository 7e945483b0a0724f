"""Issue 24, item 3: audit and login records are read-only in the admin, removed only
by the retention command, and chained by keyed hashes that `verify_audit` checks."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from council import audit
from council.models import AuditCheckpoint, AuditEvent, LoginRecord
from tests.factories import PASSWORD


def _events(world, n):
    return [
        AuditEvent.objects.create(
            user=world.staff, council=world.council, action="roster_view", target=f"명단 {i}"
        )
        for i in range(n)
    ]


def _verify() -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_an_intact_chain_verifies(world):
    _events(world, 5)
    assert _verify() == (True, "감사 기록 이상 없음: 열람·내려받기 기록, 로그인 기록\n")


def test_verify_finds_a_row_edited_and_a_row_deleted_by_sql(world):
    events = _events(world, 6)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET target = %s, ip_address = %s WHERE id = %s",
            ["다른 대상", "10.9.9.9", events[1].pk],
        )
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [events[4].pk])
    ok, report = _verify()
    assert not ok
    assert f"#{events[1].seq}: 내용이 바뀐 기록" in report
    assert f"#{events[4].seq}: 지워진 기록" in report
    # The first break is named.
    assert f"처음: 열람·내려받기 기록 #{events[1].seq}: 내용이 바뀐 기록" in report


def test_verify_finds_an_inserted_row_and_a_removed_newest_row(world):
    events = _events(world, 3)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (action, target, at, reason, seq, prev_hash, hash) "
            "VALUES ('roster_view', '끼워 넣음', %s, '', %s, %s, %s)",
            [timezone.now(), events[-1].seq + 1, events[-1].hash, "0" * 64],
        )
    ok, report = _verify()
    assert not ok and f"#{events[-1].seq + 1}: 내용이 바뀐 기록" in report
    AuditEvent.objects.filter(seq=events[-1].seq + 1).delete()
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    ok, report = _verify()
    assert not ok and f"#{events[-1].seq}: 지워진 마지막 기록" in report


def test_logins_are_chained_too(client, world):
    client.post(reverse("login"), {"username": "member", "password": "wrong-password"})
    client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    records = list(LoginRecord.objects.order_by("seq").values_list("username", "success"))
    assert records == [("member", False), ("member", True)]
    assert _verify()[0]
    LoginRecord.objects.filter(success=False).update(success=True)
    ok, report = _verify()
    assert not ok and "로그인 기록 #1: 내용이 바뀐 기록" in report


def test_retention_leaves_a_checkpoint_and_the_chain_still_verifies(world, settings):
    settings.AUDIT_RETENTION_DAYS = 730
    events = _events(world, 5)
    old = timezone.now() - dt.timedelta(days=800)
    # Only the oldest run goes: #1 and #2 are old, #4 is old but follows a kept record.
    for event in (events[0], events[1], events[3]):
        AuditEvent.objects.filter(pk=event.pk).update(at=old)
    # (moving the date is itself an edit: re-sign those rows as if made then)
    from council.audit_chain import content_hash

    for event in AuditEvent.objects.filter(at=old):
        AuditEvent.objects.filter(pk=event.pk).update(hash=content_hash(event))
    AuditEvent.objects.filter(seq=events[2].seq).update(prev_hash=events[1].hash)
    removed = audit.purge_expired()
    assert removed["events"] == 2
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [
        e.seq for e in events[2:]
    ]
    checkpoint = AuditCheckpoint.objects.get(chain="events")
    assert checkpoint.seq == events[1].seq and checkpoint.removed == 2


def test_retention_then_verify_passes(world, settings):
    settings.AUDIT_RETENTION_DAYS = 730
    _events(world, 3)
    audit.purge_expired(now=timezone.now() + dt.timedelta(days=731))
    assert not AuditEvent.objects.exists()
    _events(world, 2)
    assert _verify()[0]
    # A forged checkpoint is found.
    AuditCheckpoint.objects.filter(chain="events").update(seq=1)
    assert not _verify()[0]


@pytest.mark.parametrize(
    "model", [AuditEvent, LoginRecord, AuditCheckpoint, AccessAttempt, AccessLog, AccessFailureLog]
)
def test_the_admin_cannot_change_or_delete_records(client, world, model):
    """The probe: /admin/council/auditevent/67/change/ saved, /delete/ removed, and the
    lockout records offered "delete selected"."""
    client.force_login(world.superuser)
    AuditEvent.objects.create(user=world.staff, action="roster_view", target="명단")
    AccessAttempt.objects.create(username="member", ip_address="10.0.0.1", failures_since_start=1)
    AccessFailureLog.objects.create(username="member", ip_address="10.0.0.1")
    AccessLog.objects.create(username="member", ip_address="10.0.0.1")
    AuditCheckpoint.objects.create(chain="events", seq=0, hash="x", signature="x")
    obj = model.objects.first()
    assert obj is not None
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    listing = client.get(base)
    assert listing.status_code == 200
    assert 'name="action"' not in listing.content.decode()  # no "delete selected"
    before = list(model.objects.values())
    response = client.post(
        f"{base}{obj.pk}/change/", {"target": "다른 대상", "username": "x", "seq": "99"}
    )
    assert response.status_code in (403, 302) or "<form" not in response.content.decode()
    assert client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(base, {"action": "delete_selected", "_selected_action": [obj.pk]})
    assert bulk.status_code in (200, 302)
    assert list(model.objects.values()) == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_records_form_one_chain_on_postgresql(world):
    """Eight threads record at once: one chain, no shared number or predecessor."""

    def work():
        try:
            for i in range(10):
                AuditEvent.objects.create(action="roster_view", target=f"동시 {i}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert AuditEvent.objects.count() == 80
    assert _verify()[0]
