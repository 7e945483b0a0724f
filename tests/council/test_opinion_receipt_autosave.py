"""The member's opinion in the field (issue 14): the receipt after 제출, leaving a point
out, the autosaved copy of what is typed, and a round that staff closed early."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from council.models import Opinion, OpinionAutosave
from council.services import meetings as meeting_services
from council.services import opinions as opinion_services
from tests.factories import SEOUL, make_open_meeting

DEADLINE = dt.datetime(2099, 12, 22, 18, 0, tzinfo=SEOUL)


def _url(meeting, name="council:my_opinion"):
    return reverse(name, args=[meeting.council.slug, meeting.slug])


def _form(texts, *, version=0, action="submit", delete=()):
    data = {
        "points-TOTAL_FORMS": str(len(texts)),
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "30",
        "version": str(version),
        "action": action,
    }
    for i, text in enumerate(texts):
        data[f"points-{i}-text"] = text
        if i in delete:
            data[f"points-{i}-DELETE"] = "on"
    return data


@pytest.fixture
def meeting(world):
    world.member.user.email = "kim@example.com"
    world.member.user.save()
    return make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)


def test_submitting_leads_to_a_receipt_with_what_happens_next(
    client, world, meeting, django_capture_on_commit_callbacks
):
    client.force_login(world.member.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(meeting), _form(["야간돌봄 확대", "방학 중 급식"]), follow=True)
    assert response.redirect_chain == [(_url(meeting, "council:my_opinion_receipt"), 302)]
    html = response.content.decode()
    assert "접수 완료" in html
    assert "의견 수" in html and "2건" in html
    assert "2099. 12. 22.(화) 18:00까지" in html  # until when it can be changed
    assert "kim@example.com(으)로 접수 내용을 보냈습니다." in html
    assert "다음 절차" in html
    assert ">고치기</a>" in html
    assert 'name="points-0-text"' not in html  # a receipt, not the form again
    # The e-mail copy went out with the points.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kim@example.com"]
    assert "야간돌봄 확대" in mail.outbox[0].body and "방학 중 급식" in mail.outbox[0].body


def test_the_receipt_without_a_submission_leads_back_to_the_form(client, world, meeting):
    client.force_login(world.member.user)
    client.post(_url(meeting), _form(["초안"], action="draft"))
    response = client.get(_url(meeting, "council:my_opinion_receipt"))
    assert response.status_code == 302 and response["Location"] == _url(meeting)


def test_a_point_ticked_to_leave_out_is_not_saved(client, world, meeting):
    client.force_login(world.member.user)
    client.post(_url(meeting), _form(["남길 의견", "뺄 의견", "또 남길 의견"], delete=(1,)))
    opinion = Opinion.objects.get()
    assert [p.text for p in opinion.points.all()] == ["남길 의견", "또 남길 의견"]
    html = client.get(_url(meeting)).content.decode()
    assert "이 의견 빼기" in html


def test_autosave_keeps_the_text_without_saving_or_submitting_the_opinion(client, world, meeting):
    client.force_login(world.member.user)
    response = client.post(_url(meeting, "council:my_opinion_autosave"), _form(["쓰는 중인 의견"]))
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert not Opinion.objects.exists()  # nothing saved, nothing submitted
    assert OpinionAutosave.objects.get().points == [
        {"text": "쓰는 중인 의견", "category": None, "agenda_item": None}
    ]
    # Back on the form (e.g. after logging in again): the text is there, with a notice.
    html = client.get(_url(meeting)).content.decode()
    assert "작성하던 내용을 불러왔습니다" in html
    assert "쓰는 중인 의견</textarea>" in html
    # Saving the opinion drops the autosaved copy.
    client.post(_url(meeting), _form(["쓰는 중인 의견"]))
    assert not OpinionAutosave.objects.exists()
    assert "작성하던 내용을 불러왔습니다" not in client.get(_url(meeting)).content.decode()


def test_autosave_never_changes_a_submitted_opinion(client, world, meeting):
    client.force_login(world.member.user)
    client.post(_url(meeting), _form(["제출한 의견"]))
    client.post(_url(meeting, "council:my_opinion_autosave"), _form(["고치는 중"], version=1))
    opinion = Opinion.objects.get()
    assert opinion.is_submitted and opinion.version == 1
    assert [p.text for p in opinion.points.all()] == ["제출한 의견"]
    html = client.get(_url(meeting)).content.decode()
    assert "고치는 중</textarea>" in html and "아직 제출되지 않았으니" in html


def test_autosave_is_refused_in_korean_after_the_deadline(client, world, meeting):
    with time_machine.travel(DEADLINE + dt.timedelta(seconds=1), tick=False):
        client.force_login(world.member.user)
        response = client.post(_url(meeting, "council:my_opinion_autosave"), _form(["늦은 글"]))
    assert response.status_code == 409
    assert "의견 제출 마감" in response.json()["message"]
    assert not OpinionAutosave.objects.exists()


def test_an_early_close_says_who_closed_when_and_keeps_the_text(client, world, meeting):
    council = world.council
    council.contact_name = "금정구청 아동청소년과"
    council.contact_phone = "051-519-0000"
    council.save()
    client.force_login(world.member.user)
    form = client.get(_url(meeting)).content.decode()
    assert 'name="action"' in form
    closed_at = dt.datetime(2099, 12, 15, 14, 5, tzinfo=SEOUL)
    meeting_services.close_meeting(meeting=meeting, now=closed_at, by=world.staff)

    response = client.post(_url(meeting), _form(["마감 후에 쓴 긴 의견"]))
    html = response.content.decode()
    assert "구청 담당자(담당자)가 2099. 12. 15.(화) 14:05에 의견 접수를 일찍 마감했습니다" in html
    assert "안내된 마감은 2099. 12. 22.(화) 18:00였습니다" in html
    assert "051-519-0000" in html and "금정구청 아동청소년과" in html
    assert "마감 후에 쓴 긴 의견</textarea>" in html and "내용 복사하기" in html
    assert 'name="action"' not in html  # no button that would pretend to save
    assert not Opinion.objects.exists()

    html = client.get(_url(meeting)).content.decode()
    assert "일찍 마감했습니다" in html and 'name="action"' not in html
    meeting.refresh_from_db()
    assert meeting.closed_by == world.staff and meeting.closed_early()


def test_a_round_closed_at_its_deadline_is_not_called_early(world, meeting):
    meeting_services.close_meeting(meeting=meeting, now=DEADLINE + dt.timedelta(minutes=5))
    meeting.refresh_from_db()
    assert not meeting.closed_early() and meeting.closed_by is None
    assert (
        meeting_services.closed_notice(meeting)
        == "의견 제출 마감(2099. 12. 22.(화) 18:00)이 지났습니다."
    )


def test_the_scheduled_command_removes_autosaved_copies_a_month_after_the_round(
    client, world, meeting
):
    other = make_open_meeting(
        world.council,
        invite=[world.member],
        year=2100,
        half=1,
        deadline=DEADLINE + dt.timedelta(days=120),
    )
    client.force_login(world.member.user)
    client.post(_url(meeting, "council:my_opinion_autosave"), _form(["이번 회의에 쓰던 글"]))
    client.post(_url(other, "council:my_opinion_autosave"), _form(["다음 회의에 쓰던 글"]))

    with time_machine.travel(DEADLINE + dt.timedelta(days=29), tick=False):
        call_command("send_reminders", stdout=io.StringIO())
    assert OpinionAutosave.objects.filter(meeting=meeting).exists()

    with time_machine.travel(DEADLINE + dt.timedelta(days=31), tick=False):
        out = io.StringIO()
        call_command("send_reminders", stdout=out)
    assert "removed 1 expired record(s)" in out.getvalue()
    kept = OpinionAutosave.objects.get()
    assert kept.meeting == other and kept.points[0]["text"] == "다음 회의에 쓰던 글"


def test_a_round_closed_early_counts_from_its_close_not_its_deadline(client, world, meeting):
    client.force_login(world.member.user)
    client.post(_url(meeting, "council:my_opinion_autosave"), _form(["쓰던 글"]))
    closed_at = DEADLINE - dt.timedelta(days=40)
    meeting_services.close_meeting(meeting=meeting, now=closed_at, by=world.staff)
    assert opinion_services.purge_stale_autosaves(now=closed_at + dt.timedelta(days=29)) == 0
    assert opinion_services.purge_stale_autosaves(now=closed_at + dt.timedelta(days=31)) == 1
    assert not OpinionAutosave.objects.exists()
