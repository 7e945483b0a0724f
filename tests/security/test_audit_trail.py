"""Issue 13, case 11: every view of personal data and every staff download is
recorded with who, when and the client address; a personal-data export asks for a
reason; records are kept AUDIT_RETENTION_DAYS (never less than a year) and then
removed by the scheduled command."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from council.models import AuditEvent
from reports.models import PublishedResult
from tests.reports.access_cases import _published_kwargs

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CLIENT = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.44"}


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]


def _only_event(action):
    event = AuditEvent.objects.get(action=action)
    assert event.ip_address == "203.0.113.44"  # the client, through the trusted proxy
    assert event.at > timezone.now() - dt.timedelta(minutes=1)
    return event


def test_the_roster_page_is_recorded(client, world, behind_proxy):
    client.force_login(world.staff)
    client.get(reverse("council:roster", args=["geumjeong"]), {"status": "ended"}, **CLIENT)
    event = _only_event("roster_view")
    assert (event.user, event.council) == (world.staff, world.council)
    assert event.target == "위원 명단 (임기 종료, 1쪽)"


def test_the_member_edit_page_is_recorded(client, world, behind_proxy):
    client.force_login(world.staff)
    url = reverse("council:member_edit", args=["geumjeong", world.member.pk])
    client.get(url, **CLIENT)
    assert _only_event("member_view").target == "김위원"


@pytest.mark.parametrize(("fmt", "action"), [("pdf", "archive_pdf"), ("xlsx", "archive_xlsx")])
def test_a_staff_download_from_the_archive_is_recorded(client, world, behind_proxy, fmt, action):
    kwargs = _published_kwargs(world, fmt=fmt)
    client.force_login(world.staff)
    assert client.get(reverse("archive:file", kwargs=kwargs), **CLIENT).status_code == 200
    assert _only_event(action).user == world.staff


def test_the_archive_page_viewed_by_staff_is_recorded_and_the_public_is_not(
    client, world, behind_proxy
):
    kwargs = _published_kwargs(world)
    url = reverse("archive:detail", kwargs=kwargs)
    assert client.get(url, **CLIENT).status_code == 200  # anonymous
    client.force_login(world.member.user)
    client.get(url, **CLIENT)
    assert not AuditEvent.objects.exists()
    client.force_login(world.staff)
    client.get(url, **CLIENT)
    assert _only_event("archive_view").user == world.staff


def test_the_published_html_view_is_recorded(client, world, behind_proxy):
    kwargs = _published_kwargs(world, version=1, fmt="html")
    client.force_login(world.staff)
    assert client.get(reverse("reports:published_file", kwargs=kwargs), **CLIENT).status_code == 200
    assert str(PublishedResult.objects.get()) in _only_event("result_v1_html").target


def test_the_registry_export_asks_for_a_reason_first(client, world, behind_proxy):
    client.force_login(world.staff)
    url = reverse("facilities:export", args=["geumjeong"])
    page = client.get(url).content.decode()
    assert "내보내는 사유" in page
    refused = client.post(url, {"reason": ""}, **CLIENT)
    assert refused["Content-Type"].startswith("text/html")
    assert "필수 항목입니다" in refused.content.decode()
    assert not AuditEvent.objects.exists()
    response = client.post(url, {"reason": "하반기 점검 자료"}, **CLIENT)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _only_event("facility_export").reason == "하반기 점검 자료"
    # The audit log shows the reason with the target.
    log = client.get(reverse("council:audit_log", args=["geumjeong"])).content.decode()
    assert "사유: 하반기 점검 자료" in log
    assert "203.0.113.44" in log


def test_the_scheduled_command_removes_records_past_retention(world, settings):
    settings.AUDIT_RETENTION_DAYS = 730
    old = timezone.now() - dt.timedelta(days=731)
    kept = timezone.now() - dt.timedelta(days=729)
    for at in (old, kept):
        AuditEvent.objects.create(user=world.staff, action="roster_view", target="명단", at=at)
        # attempt_time is auto_now_add: set it afterwards.
        log = AccessLog.objects.create(username="staff", ip_address="192.0.2.1")
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=at)
        failure = AccessFailureLog.objects.create(
            username="staff", ip_address="192.0.2.1", locked_out=False
        )
        AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=at)
    call_command("send_reminders", stdout=open(os.devnull, "w"))
    assert list(AuditEvent.objects.values_list("at", flat=True)) == [kept]
    assert list(AccessLog.objects.values_list("attempt_time", flat=True)) == [kept]
    assert list(AccessFailureLog.objects.values_list("attempt_time", flat=True)) == [kept]
    # A shorter retention later: purge_audit removes the record kept so far.
    settings.AUDIT_RETENTION_DAYS = 700
    call_command("purge_audit", stdout=open(os.devnull, "w"))
    assert AuditEvent.objects.count() == 0


def test_it_refuses_to_start_with_less_than_a_year_of_retention():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_AUDIT_RETENTION_DAYS"] = "364"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_AUDIT_RETENTION_DAYS must be at least 365" in result.stderr
