"""The staff's audit log page: logins, failures and downloads of their own council."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import audit
from council.models import AuditEvent
from tests.factories import PASSWORD

URL = reverse("council:audit_log", args=["geumjeong"])


def _record(user, council, action, target):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7")
    request.user = user
    audit.record(request, action=action, target=target, council=council)


def test_it_logs_successful_and_failed_logins_through_the_form(client, world):
    client.post(reverse("login"), {"username": "member", "password": "wrong"})
    client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert AccessFailureLog.objects.filter(username="member").count() == 1
    assert AccessLog.objects.filter(username="member").count() == 1


def test_it_shows_logins_and_downloads_of_the_council_newest_first(client, world):
    client.post(reverse("login"), {"username": "member", "password": "wrong"})
    client.post(reverse("login"), {"username": "reviewer", "password": PASSWORD})
    client.post(reverse("login"), {"username": "staff_hd", "password": PASSWORD})
    client.logout()
    _record(world.staff, world.council, "result_preview_pdf", "2023년 하반기 결과 문서")
    _record(world.other_council_staff, world.other_council, "facility_export", "해운대 비밀 목록")

    client.force_login(world.staff)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "접속·내려받기 기록" in html
    assert "로그인 실패" in html and "김위원 (member)" in html
    assert "로그인 성공" in html and "(reviewer)" in html
    assert "회의 결과 미리보기 내려받기 (PDF)" in html and "2023년 하반기 결과 문서" in html
    assert "10.0.0.7" in html
    # Every time is to the second with its offset: 2026. 12. 6. 19:12:03 (UTC+09:00).
    assert re.search(r"\d{4}\. \d{1,2}\. \d{1,2}\. \d\d:\d\d:\d\d \(UTC\+09:00\)", html)
    # Nothing of the other council.
    assert "staff_hd" not in html
    assert "해운대 비밀 목록" not in html
    # Newest first: the staff's own login, the download, the reviewer's login, the failure.
    assert (
        html.index("담당자 (staff)")
        < html.index("2023년 하반기 결과 문서")
        < html.index("검토자 (reviewer)")
        < html.index("로그인 실패")
    )


def test_it_shows_an_empty_state(client, world):
    client.force_login(world.staff)
    AccessLog.objects.all().delete()  # the staff's own login was just logged
    response = client.get(URL)
    assert "아직 기록이 없습니다." in response.content.decode()


def _make_rows(world, count):
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=world.staff,
            council=world.council,
            action="facility_export",
            target=f"목록 {i}",
            at=now - dt.timedelta(minutes=i),
        )
        for i in range(count)
    )
    for username in ["member", "member2", "reviewer", "staff"] * (count // 4):
        AccessLog.objects.create(username=username, ip_address="10.0.0.1", user_agent="t")
        AccessFailureLog.objects.create(username=username, ip_address="10.0.0.2", user_agent="t")


def test_its_query_count_does_not_grow_with_rows(client, world, django_assert_num_queries):
    client.force_login(world.staff)
    _make_rows(world, 4)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    _make_rows(world, 200)
    with django_assert_num_queries(len(small)):
        response = client.get(URL + "?page=2")
    assert response.status_code == 200
    assert "2 / " in response.content.decode()


def test_it_paginates_fifty_rows_a_page(client, world):
    _make_rows(world, 60)
    client.force_login(world.staff)
    html = client.get(URL).content.decode()
    assert html.count("<tr>") == 50 + 1  # rows + header
    assert "다음" in html


@pytest.mark.parametrize("role", ["member", "reviewer"])
def test_it_is_refused_to_other_roles(client, world, role):
    client.force_login(world.user(role))
    assert client.get(URL).status_code == 403


def test_it_is_hidden_from_other_councils(client, world):
    client.force_login(world.other_council_staff)
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("attachment_download", "회의 자료 내려받기"),
        ("facility_export", "돌봄시설 목록 내보내기"),
        ("proposals_xlsx_export", "검토 의견 엑셀 내보내기"),
        ("result_preview_pdf", "회의 결과 미리보기 내려받기 (PDF)"),
        ("result_v2_xlsx", "공개된 회의 결과 내려받기 (제2판, XLSX)"),
        ("something_new", "something_new"),
    ],
)
def test_it_names_each_download_in_korean(client, world, action, label):
    _record(world.staff, world.council, action, "대상")
    client.force_login(world.staff)
    assert label in client.get(URL).content.decode()
