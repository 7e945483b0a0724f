"""The member's opinion form: draft, submit, edit, the deadline edge and privacy."""

import datetime as dt
import re

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Invitation, Meeting, Opinion
from tests import factories
from tests.factories import SEOUL, make_open_meeting

DEADLINE = dt.datetime(2099, 12, 22, 18, 0, tzinfo=SEOUL)
ONE_SECOND = dt.timedelta(seconds=1)


def _url(meeting):
    return reverse("council:my_opinion", args=[meeting.council.slug, meeting.slug])


def _post(points, action="submit", extra=1, version=0):
    data = {
        "points-TOTAL_FORMS": str(len(points) + extra),
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "30",
        "action": action,
        "version": str(version),
    }
    for i, (text, category, agenda_item) in enumerate(points):
        data[f"points-{i}-text"] = text
        data[f"points-{i}-category"] = category.pk if category else ""
        data[f"points-{i}-agenda_item"] = agenda_item.pk if agenda_item else ""
    for i in range(len(points), len(points) + extra):
        data[f"points-{i}-text"] = ""
    return data


def test_it_shows_the_form_with_one_empty_point_and_both_buttons(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)
    client.force_login(world.member.user)
    html = client.get(_url(meeting)).content.decode()
    assert "내 의견서" in html
    assert 'name="points-0-text"' in html
    assert "임시 저장" in html and ">제출<" in html
    assert 'data-keepalive-url="/c/geumjeong/keep-alive/"' in html
    assert "js/session-timeout.js" in html


def test_it_saves_a_draft_then_submits_then_edits(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)
    category = world.council.categories.get(name="운영")
    item = meeting.agenda_items.get()
    client.force_login(world.member.user)

    response = client.post(_url(meeting), _post([("운영시간 연장", category, item)], "draft"))
    assert response.status_code == 302
    opinion = Opinion.objects.get(meeting=meeting, member=world.member)
    assert opinion.status == Opinion.Status.DRAFT
    assert opinion.submitted_at is None

    response = client.post(
        _url(meeting),
        _post([("운영시간 연장", category, item), ("홍보 필요", None, None)], "submit", version=1),
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith("/my-opinion/receipt/")
    assert "접수 완료" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.SUBMITTED
    assert opinion.channel == Opinion.Channel.PORTAL
    assert opinion.entered_by == world.member.user
    assert [(p.text, p.category, p.agenda_item) for p in opinion.points.all()] == [
        ("운영시간 연장", category, item),
        ("홍보 필요", None, None),
    ]

    html = client.get(_url(meeting)).content.decode()
    assert "수정한 내용으로 다시 제출" in html
    assert "운영시간 연장" in html

    client.post(_url(meeting), _post([("고친 의견", None, None)], "submit", version=2))
    assert [p.text for p in opinion.points.all()] == ["고친 의견"]


def test_it_refuses_to_submit_an_empty_opinion(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)
    client.force_login(world.member.user)
    response = client.post(_url(meeting), _post([], "submit"))
    assert response.status_code == 200
    assert "의견을 하나 이상" in response.content.decode()
    assert not Opinion.objects.filter(meeting=meeting).exists()


def test_it_accepts_a_save_one_second_before_the_deadline(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)
    with time_machine.travel(DEADLINE - ONE_SECOND, tick=False):
        client.force_login(world.member.user)
        response = client.post(_url(meeting), _post([("마감 직전 의견", None, None)]))
    assert response.status_code == 302
    opinion = Opinion.objects.get(meeting=meeting, member=world.member)
    assert opinion.status == Opinion.Status.SUBMITTED
    assert opinion.submitted_at == DEADLINE - ONE_SECOND


def test_it_refuses_a_save_one_second_late_and_shows_the_text_back(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)
    with time_machine.travel(DEADLINE + ONE_SECOND, tick=False):
        client.force_login(world.member.user)
        response = client.post(_url(meeting), _post([("늦었지만 꼭 전하고 싶은 의견", None, None)]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "의견 제출 마감(2099. 12. 22.(화) 18:00)이 지났습니다." in html
    assert "입력하신 내용은 아래에 그대로 있으니 복사해 두시고" in html
    # The text to copy, and no button that would save.
    assert (
        '<textarea class="krds-input" id="typed-text" readonly rows="8">늦었지만 꼭 전하고 싶은 의견'
        in html
    )
    assert "내용 복사하기" in html
    assert 'name="action"' not in html
    assert not Opinion.objects.filter(meeting=meeting).exists()


def test_it_shows_the_opinion_read_only_after_the_deadline(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)
    factories.make_opinion(meeting, world.member, ["제출한 의견"])
    with time_machine.travel(DEADLINE + ONE_SECOND, tick=False):
        client.force_login(world.member.user)
        html = client.get(_url(meeting)).content.decode()
    assert "의견서를 더 고칠 수 없습니다" in html
    assert "제출한 의견" in html
    assert 'name="points-0-text"' not in html
    assert "마감" in html
    meeting.refresh_from_db()
    # The page reads the deadline; storing "closed" is the scheduled command's job.
    assert meeting.status == "open"


def test_it_returns_404_for_another_members_opinion(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    theirs = factories.make_opinion(meeting, world.other_member, ["남의 의견"])
    mine = factories.make_opinion(meeting, world.member, ["내 의견"])
    client.force_login(world.member.user)

    url = reverse("council:opinion_detail", args=["geumjeong", meeting.slug, theirs.pk])
    assert client.get(url).status_code == 404
    own = client.get(reverse("council:opinion_detail", args=["geumjeong", meeting.slug, mine.pk]))
    assert own.status_code == 200
    assert "내 의견" in own.content.decode()
    assert "남의 의견" not in own.content.decode()


def test_it_never_shows_opinions_on_the_meeting_page_to_members_or_reviewers(client, world):
    meeting = factories.make_meeting(
        world.council, status="published", invite=[world.member, world.other_member]
    )
    factories.make_opinion(meeting, world.other_member, ["비공개 의견 본문"])
    for user in (world.member.user, world.reviewer):
        client.force_login(user)
        html = client.get(meeting.get_absolute_url()).content.decode()
        assert "비공개 의견 본문" not in html


def test_it_refuses_a_member_who_was_not_invited(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    client.force_login(world.other_member.user)
    assert client.get(_url(meeting)).status_code == 404
    response = client.post(_url(meeting), _post([("몰래 제출", None, None)]))
    assert response.status_code == 404
    assert not Opinion.objects.exists()


def test_the_invitation_is_checked_in_the_same_query_as_the_meeting(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    client.force_login(world.member.user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(meeting)).status_code == 200
    invitation_table = Invitation._meta.db_table
    touching = [q["sql"] for q in queries if invitation_table in q["sql"]]
    assert len(touching) == 1
    assert Meeting._meta.db_table in touching[0]


def test_reviewers_never_reach_an_opinion_even_once_published(client, world):
    meeting = factories.make_meeting(world.council, status="published", invite=[world.member])
    opinion = factories.make_opinion(meeting, world.member)
    url = reverse("council:opinion_detail", args=["geumjeong", meeting.slug, opinion.pk])
    client.force_login(world.reviewer)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the login page


def test_it_shows_a_drafts_point_with_its_choices_selected_and_labelled(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)
    category = world.council.categories.get(name="운영")
    item = meeting.agenda_items.get()
    client.force_login(world.member.user)
    client.post(_url(meeting), _post([("운영시간 연장", category, item)], "draft"))

    html = client.get(_url(meeting)).content.decode()
    # The draft's point and the blank one, every control labelled.
    for prefix in ("0", "1"):
        for name in ("text", "category", "agenda_item"):
            assert f'<label for="id_points-{prefix}-{name}">' in html
            assert f'id="id_points-{prefix}-{name}"' in html
    assert ">\n운영시간 연장</textarea>" in html
    assert f'<option value="{category.pk}" selected>운영</option>' in html
    assert f'<option value="{item.pk}" selected>1. {item.title}</option>' in html
    # The blank point has nothing chosen but "선택 안 함".
    blank = html[html.index('name="points-1-category"') :]
    assert blank[: blank.index("</select>")].count(" selected") == 1
    assert '<option value="" selected>선택 안 함</option>' in blank
    assert 'name="points-TOTAL_FORMS" value="2" id="id_points-TOTAL_FORMS"' in html
    assert 'id="id_points-MAX_NUM_FORMS"' in html
    assert "is-error" not in html


def test_it_marks_a_wrong_point_invalid_and_keeps_what_was_typed(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)
    client.force_login(world.member.user)
    data = _post([("가" * 4001, None, None)], "draft")
    data["points-0-category"] = "999999"
    response = client.post(_url(meeting), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "입력한 내용을 확인해 주세요." in html
    textarea = re.search(r'<textarea[^>]*name="points-0-text"[^>]*>', html).group(0)
    for attribute in (
        'class="krds-input"',
        'maxlength="4000"',
        'aria-invalid="true"',
        'aria-describedby="id_points-0-text_error"',
    ):
        assert attribute in textarea
    assert '<div class="form-conts is-error">' in html
    assert '<div id="id_points-0-text_error" class="form-hint-invalid">' in html
    assert "가" * 4001 in html
    assert 'aria-describedby="id_points-0-category_error"' in html
    assert '<div id="id_points-0-category_error" class="form-hint-invalid">' in html
    assert "올바르게 선택해 주세요" in html
    assert not Opinion.objects.filter(meeting=meeting).exists()


def test_it_shows_category_and_agenda_of_points_once_closed(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=DEADLINE)
    category = world.council.categories.get(name="운영")
    item = meeting.agenda_items.get()
    client.force_login(world.member.user)
    client.post(_url(meeting), _post([("운영시간 연장", category, item)], "submit"))
    with time_machine.travel(DEADLINE + ONE_SECOND, tick=False):
        client.force_login(world.member.user)
        html = client.get(_url(meeting)).content.decode()
    assert "운영시간 연장" in html
    assert '<span class="krds-badge bg-light-gray">운영</span>' in html
    assert f"관련 안건: {item.title}" in html
