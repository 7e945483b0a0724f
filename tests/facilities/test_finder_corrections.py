"""Correction requests: sent without login, CSRF-protected, limited per client, guarded
against programs; kept as plain text; worked by staff in a queue."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from facilities import corrections
from facilities.models import CorrectionRequest
from tests.facilities.finder_data import make_area
from tests.hostile.html_checks import assert_shown_as_text
from tests.hostile.payloads import ALL

START = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def area(world):
    return make_area(world)


def form_url(code: str = "GJ-DH-001") -> str:
    return reverse("finder:correction", args=["geumjeong", code])


def token_of(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def send(client, *, message="전화번호가 051-999-0000으로 바뀌었습니다.", contact="", wait=10,
         code="GJ-DH-001", homepage="", token=None, at=START, **extra):  # fmt: skip
    """Open the form at `at`, then post it `wait` seconds later, like a person would."""
    with time_machine.travel(at, tick=False):
        page = client.get(form_url(code), **extra)
    data = {
        "message": message,
        "contact": contact,
        "homepage": homepage,
        "form_token": token if token is not None else token_of(page.content.decode()),
    }
    with time_machine.travel(at + dt.timedelta(seconds=wait), tick=False):
        return client.post(form_url(code), data, **extra)


def test_the_form_asks_what_is_wrong_without_login(client, area):
    response = client.get(form_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "정보가 다르면 알려 주세요" in html
    assert "무엇이 다른가요?" in html and "연락처 (선택)" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="hp-field" aria-hidden="true"' in html
    assert "no-store" in response["Cache-Control"]


def test_a_request_is_stored_as_typed_and_thanked(client, area):
    response = send(
        client, message="<b>전화번호</b>가 다릅니다\n방학 중 9시", contact="010-1234-5678"
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "finder:correction_sent", args=["geumjeong", "GJ-DH-001"]
    )
    stored = CorrectionRequest.objects.get()
    assert stored.facility == area.centre
    assert stored.message == "<b>전화번호</b>가 다릅니다\n방학 중 9시"
    assert stored.contact == "010-1234-5678"
    assert stored.status == CorrectionRequest.Status.NEW
    assert "127.0.0.1" not in stored.client_key  # a keyed hash, never the address
    thanks = client.get(response["Location"])
    assert "보내 주셔서 고맙습니다" in thanks.content.decode()


def test_the_form_is_csrf_protected(area):
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(START, tick=False):
        token = token_of(client.get(form_url()).content.decode())
    with time_machine.travel(START + dt.timedelta(seconds=30), tick=False):
        response = client.post(form_url(), {"message": "다릅니다", "form_token": token})
    assert response.status_code == 403
    assert not CorrectionRequest.objects.exists()


def test_an_empty_message_is_a_korean_error(client, area):
    response = send(client, message="   ")
    assert response.status_code == 200
    assert "무엇이 다른지 적어 주세요." in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_a_form_sent_at_once_is_shown_again_with_the_text_kept(client, area):
    response = send(client, message="운영시간이 다릅니다", wait=1)

    html = response.content.decode()
    assert response.status_code == 200
    assert "너무 빨리 보냈습니다" in html
    assert "운영시간이 다릅니다</textarea>" in html
    assert not CorrectionRequest.objects.exists()
    # The form shown again keeps its start time: sending it a little later works.
    with time_machine.travel(START + dt.timedelta(seconds=5), tick=False):
        again = client.post(
            form_url(), {"message": "운영시간이 다릅니다", "form_token": token_of(html)}
        )
    assert again.status_code == 302
    assert CorrectionRequest.objects.count() == 1


@pytest.mark.parametrize("token", ["", "forged", "eyJmIjoxLCJ0IjoxfQ:abc:def"])
def test_a_missing_or_forged_start_token_is_refused_with_the_text_kept(client, area, token):
    response = send(client, message="주소가 다릅니다", token=token)
    html = response.content.decode()
    assert "입력 화면이 오래되었습니다" in html
    assert "주소가 다릅니다</textarea>" in html
    assert not CorrectionRequest.objects.exists()


def test_a_day_old_form_must_be_sent_again(client, area):
    response = send(client, message="주소가 다릅니다", wait=25 * 60 * 60)
    html = response.content.decode()
    assert "입력 화면이 오래되었습니다" in html
    assert not CorrectionRequest.objects.exists()
    with time_machine.travel(START + dt.timedelta(hours=25, seconds=10), tick=False):
        again = client.post(
            form_url(), {"message": "주소가 다릅니다", "form_token": token_of(html)}
        )
    assert again.status_code == 302


def test_another_facilitys_token_does_not_fit(client, area):
    with time_machine.travel(START, tick=False):
        other = token_of(client.get(form_url("GJ-JA-001")).content.decode())
    response = send(client, token=other)
    assert "입력 화면이 오래되었습니다" in response.content.decode()


def test_a_filled_hidden_field_is_thanked_and_dropped(client, area):
    response = send(client, homepage="http://spam.example")
    assert response.status_code == 302
    assert not CorrectionRequest.objects.exists()


def test_a_flood_from_one_client_is_refused_and_the_earlier_requests_kept(client, area):
    for i in range(5):
        response = send(client, message=f"요청 {i}", at=START + dt.timedelta(minutes=i))
        assert response.status_code == 302

    refused = send(client, message="여섯 번째 요청", contact="010-0000-0000",
                   at=START + dt.timedelta(minutes=10))  # fmt: skip

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "지금은 요청을 더 받을 수 없습니다" in html
    assert "앞서 보내신 요청은 잘 접수되었습니다" in html
    assert "여섯 번째 요청</textarea>" in html  # shown back to copy, not stored
    assert "010-0000-0000" in html
    assert 'href="tel:0511234567"' in html
    assert sorted(CorrectionRequest.objects.values_list("message", flat=True)) == [
        f"요청 {i}" for i in range(5)
    ]
    # Another client is not affected; the first may send again an hour later.
    other = send(client, message="다른 사람", at=START + dt.timedelta(minutes=11),
                 REMOTE_ADDR="10.0.0.9")  # fmt: skip
    assert other.status_code == 302
    later = send(client, message="한 시간 뒤", at=START + dt.timedelta(minutes=61))
    assert later.status_code == 302
    assert CorrectionRequest.objects.count() == 7


def test_a_day_limit_holds_across_hours(area):
    facility = area.centre
    key = corrections.client_key("10.1.1.1")
    for i in range(20):
        corrections.submit_correction(
            facility=facility,
            message=f"{i}",
            contact="",
            client=key,
            now=START + dt.timedelta(hours=i // 4, minutes=i),
        )
    with pytest.raises(corrections.TooManyRequests):
        corrections.submit_correction(
            facility=facility, message="x", contact="", client=key,
            now=START + dt.timedelta(hours=20),
        )  # fmt: skip
    corrections.submit_correction(
        facility=facility, message="x", contact="", client=key,
        now=START + dt.timedelta(hours=30),
    )  # fmt: skip
    assert CorrectionRequest.objects.count() == 21


def test_the_limit_counts_the_client_not_the_address_text(area):
    assert corrections.client_key("10.0.0.1") != corrections.client_key("10.0.0.2")
    assert corrections.client_key("10.0.0.1") == corrections.client_key("10.0.0.1")
    assert "10.0.0.1" not in corrections.client_key("10.0.0.1")


def test_no_requests_about_what_is_not_published(client, area):
    assert client.get(form_url("GJ-DH-003")).status_code == 404
    assert client.post(form_url("GJ-DH-003"), {"message": "x"}).status_code == 404


def test_a_too_long_message_is_refused_in_korean(client, area):
    response = send(client, message="가" * 2001)
    assert response.status_code == 200
    assert "2000" in response.content.decode()
    assert not CorrectionRequest.objects.exists()


# --- the staff queue ---------------------------------------------------------------------------


def queue_url(status: str = "") -> str:
    url = reverse("finder_staff:corrections", args=["geumjeong"])
    return url + (f"?status={status}" if status else "")


def make_request(facility, message="전화번호가 다릅니다", contact="010-1111-2222"):
    return CorrectionRequest.objects.create(
        facility=facility, message=message, contact=contact, client_key="k"
    )


def test_staff_see_new_requests_and_the_dashboard_counts_them(client, area, world):
    make_request(area.centre)
    make_request(area.community, message="주소가 다릅니다")
    done = make_request(area.school, message="이미 고친 것")
    done.resolve(user=world.staff, note="고쳤습니다")
    make_request(area.elsewhere, message="다른 협의체의 요청")
    client.force_login(world.staff)

    html = client.get(queue_url()).content.decode()
    assert "전화번호가 다릅니다" in html and "주소가 다릅니다" in html
    assert "이미 고친 것" not in html and "다른 협의체의 요청" not in html
    assert "010-1111-2222" in html
    dashboard = client.get(reverse("portal:dashboard", args=["geumjeong"])).content.decode()
    assert "시설 찾기 정보 수정 요청: 새 요청 2건" in dashboard
    done_html = client.get(queue_url("done")).content.decode()
    assert "이미 고친 것" in done_html and "전화번호가 다릅니다" not in done_html


def test_the_dashboard_says_when_there_is_nothing_new(client, world):
    client.force_login(world.staff)
    dashboard = client.get(reverse("portal:dashboard", args=["geumjeong"])).content.decode()
    assert "새 요청 0건" in dashboard


def test_staff_close_a_request_with_a_note(client, area, world):
    request = make_request(area.centre)
    client.force_login(world.staff)
    detail = client.get(reverse("finder_staff:correction", args=["geumjeong", request.pk]))
    assert "처리 완료로 옮기기" in detail.content.decode()

    url = reverse("finder_staff:correction_resolve", args=["geumjeong", request.pk])
    response = client.post(url, {"staff_note": "전화번호를 고쳤습니다."})

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.DONE
    assert request.staff_note == "전화번호를 고쳤습니다."
    assert request.resolved_by == world.staff and request.resolved_at is not None
    page = client.get(reverse("finder_staff:correction", args=["geumjeong", request.pk]))
    assert "처리 완료로 옮기기" not in page.content.decode()
    assert "전화번호를 고쳤습니다." in page.content.decode()


def test_closing_needs_a_note_and_happens_once(client, area, world):
    request = make_request(area.centre)
    client.force_login(world.staff)
    url = reverse("finder_staff:correction_resolve", args=["geumjeong", request.pk])

    empty = client.post(url, {"staff_note": "  "})
    assert empty.status_code == 400
    assert "처리한 내용을 적어 주세요." in empty.content.decode()
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.NEW

    client.post(url, {"staff_note": "처음"})
    again = client.post(url, {"staff_note": "두 번째"}, follow=True)
    assert "이미 처리 완료한 요청입니다." in again.content.decode()
    request.refresh_from_db()
    assert request.staff_note == "처음"


def test_other_councils_staff_cannot_reach_a_request(client, area, world):
    request = make_request(area.centre)
    client.force_login(world.other_council_staff)
    url = reverse("finder_staff:correction_resolve", args=["geumjeong", request.pk])
    assert client.post(url, {"staff_note": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.NEW


MARKUP_PAYLOADS = [p for p in ALL if "<" in p[:60]]


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_request_text_is_plain_text_on_every_staff_page(client, area, world, payload):
    request = make_request(area.centre, message=payload, contact=payload[:100])
    client.force_login(world.staff)
    for url in (
        queue_url(),
        reverse("finder_staff:correction", args=["geumjeong", request.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert_shown_as_text(response.content.decode(), expect_escaped=False)
