"""Opinions carry an optimistic version (issue 13, item 6): nobody's text is replaced
silently, and staff never replace a member's own submission without choosing to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from council.models import Opinion
from council.services import opinions as opinion_services
from lib.errors import StaleVersion
from tests.factories import SEOUL, make_open_meeting

RECEIVED = {"received_at_0": "2023-12-21", "received_at_1": "09:30"}


def _points(*texts):
    return [opinion_services.PointInput(text=t) for t in texts]


def _form(texts, *, version, **extra):
    data = {
        "points-TOTAL_FORMS": str(len(texts)),
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "30",
        "version": str(version),
        **extra,
    }
    for i, text in enumerate(texts):
        data[f"points-{i}-text"] = text
    return data


def _member_url(meeting):
    return reverse("council:my_opinion", args=[meeting.council.slug, meeting.slug])


def _behalf_url(meeting, member):
    return reverse(
        "council:opinion_on_behalf", args=[meeting.council.slug, meeting.slug, member.pk]
    )


def _texts(opinion):
    return [p.text for p in opinion.points.all()]


@pytest.fixture
def meeting(world):
    return make_open_meeting(world.council, invite=[world.member, world.other_member])


def test_every_save_adds_one_to_the_version(world, meeting):
    args = {"meeting": meeting, "member": world.member, "entered_by": world.member.user}
    first = opinion_services.save_opinion(
        **args, points=_points("하나"), submit=False, expected_version=0
    )
    assert first.version == 1
    second = opinion_services.save_opinion(
        **args, points=_points("둘"), submit=True, expected_version=1
    )
    assert second.version == 2


def test_a_save_over_a_newer_version_is_refused_and_changes_nothing(world, meeting):
    args = {"meeting": meeting, "member": world.member, "entered_by": world.member.user}
    opinion_services.save_opinion(**args, points=_points("처음"), submit=True, expected_version=0)
    with pytest.raises(StaleVersion) as refused:
        opinion_services.save_opinion(
            **args, points=_points("늦은 양식"), submit=True, expected_version=0
        )
    assert "저장하지 않았습니다" in str(refused.value)
    assert refused.value.current.version == 1
    opinion = Opinion.objects.get()
    assert _texts(opinion) == ["처음"] and opinion.version == 1


def test_staff_replace_a_members_own_submission_only_when_they_choose_to(world, meeting):
    opinion_services.save_opinion(
        meeting=meeting,
        member=world.member,
        entered_by=world.member.user,
        points=_points("위원이 직접 쓴 의견"),
        submit=True,
        expected_version=0,
    )
    behalf = {
        "meeting": meeting,
        "member": world.member,
        "entered_by": world.staff,
        "points": _points("종이로 받은 의견"),
        "submit": True,
        "channel": Opinion.Channel.PAPER,
        "received_at": dt.datetime(2099, 1, 2, 9, 30, tzinfo=SEOUL),
        "expected_version": 1,
    }
    with pytest.raises(StaleVersion) as refused:
        opinion_services.save_opinion(**behalf)
    assert "김위원 위원이 포털에서 직접 제출한 의견서가 있습니다" in str(refused.value)
    opinion = Opinion.objects.get()
    assert opinion.channel == Opinion.Channel.PORTAL and _texts(opinion) == ["위원이 직접 쓴 의견"]

    opinion_services.save_opinion(**behalf, replace_submission=True)
    opinion = Opinion.objects.get()
    assert opinion.channel == Opinion.Channel.PAPER
    assert _texts(opinion) == ["종이로 받은 의견"]
    assert opinion.received_at == dt.datetime(2099, 1, 2, 9, 30, tzinfo=SEOUL)
    assert opinion.version == 2


def test_a_stale_on_behalf_form_never_replaces_the_members_newer_submission(client, world, meeting):
    # Staff open the on-behalf form while the member has no opinion yet (version 0) …
    client.force_login(world.staff)
    html = client.get(_behalf_url(meeting, world.member)).content.decode()
    assert 'name="version" value="0"' in html
    # … the member submits meanwhile …
    member = client.__class__()
    member.force_login(world.member.user)
    response = member.post(
        _member_url(meeting), _form(["위원이 먼저 낸 의견"], version=0, action="submit")
    )
    assert response.status_code == 302
    # … and staff save the paper copy from the stale form.
    response = client.post(
        _behalf_url(meeting, world.member),
        _form(["팩스로 받은 옛 의견"], version=0, channel="fax", **RECEIVED),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "저장하지 않았습니다." in html
    # Both texts, and the choice to make.
    assert "지금 저장된 의견서" in html and "위원이 먼저 낸 의견" in html
    assert "방금 입력한 내용" in html and "팩스로 받은 옛 의견" in html
    assert "위원이 직접 제출한 의견서를 이 내용으로 바꿉니다" in html
    assert 'name="version" value="1"' in html
    opinion = Opinion.objects.get()
    assert opinion.channel == Opinion.Channel.PORTAL
    assert _texts(opinion) == ["위원이 먼저 낸 의견"]

    # Saving again without the choice changes nothing; with it, staff's text wins.
    data = _form(["팩스로 받은 옛 의견"], version=1, channel="fax", **RECEIVED)
    assert client.post(_behalf_url(meeting, world.member), data).status_code == 200
    assert _texts(Opinion.objects.get()) == ["위원이 먼저 낸 의견"]
    data["replace_submission"] = "on"
    assert client.post(_behalf_url(meeting, world.member), data).status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.channel == Opinion.Channel.FAX and _texts(opinion) == ["팩스로 받은 옛 의견"]


def test_a_member_whose_form_went_stale_sees_both_texts_and_keeps_theirs(client, world, meeting):
    client.force_login(world.member.user)
    client.post(_member_url(meeting), _form(["처음 쓴 의견"], version=0, action="draft"))
    # Staff enter the paper copy meanwhile (the member's draft is not a submission).
    opinion_services.save_opinion(
        meeting=meeting,
        member=world.member,
        entered_by=world.staff,
        points=_points("사무국이 입력한 전화 의견"),
        submit=True,
        channel=Opinion.Channel.PHONE,
        expected_version=1,
    )
    response = client.post(
        _member_url(meeting), _form(["위원이 고친 의견"], version=1, action="submit")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "저장하지 않았습니다. 이 의견서를 여신 뒤에 구청 담당자가 먼저 저장했습니다." in html
    assert "사무국이 입력한 전화 의견" in html and "위원이 고친 의견" in html
    assert _texts(Opinion.objects.get()) == ["사무국이 입력한 전화 의견"]
    # The form now carries the current version: submitting again is the member's choice.
    assert 'name="version" value="2"' in html
    response = client.post(
        _member_url(meeting), _form(["위원이 고친 의견"], version=2, action="submit")
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.channel == Opinion.Channel.PORTAL and _texts(opinion) == ["위원이 고친 의견"]


def test_the_received_time_of_a_paper_opinion_cannot_lie_in_the_future(client, world, meeting):
    client.force_login(world.staff)
    response = client.post(
        _behalf_url(meeting, world.member),
        _form(
            ["의견"], version=0, channel="paper", received_at_0="2999-01-01", received_at_1="10:00"
        ),
    )
    assert "접수일시는 지금보다 늦을 수 없습니다." in response.content.decode()
    assert not Opinion.objects.exists()
