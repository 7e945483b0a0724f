"""Issue 13, case 5: a member whose term ended keeps reading only the meetings they
were invited to (read-only) and nothing of later ones.

Replays the probe: a former member, never invited to the new meeting, asked for
the new meeting's page, its proposals, the facility list and a non-public material.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from council.models import Meeting, Opinion
from council.services import opinions as opinion_services
from tests import factories
from tests.factories import SEOUL, make_attachment, make_proposal


@pytest.fixture
def history(world):
    """2022-h2 (published; the former member was invited) and 2023-h2 (open; not)."""
    old = factories.make_meeting(
        world.council,
        year=2022,
        status=Meeting.Status.PUBLISHED,
        period_start=dt.date(2022, 12, 20),
        period_end=dt.date(2022, 12, 22),
        deadline=dt.datetime(2022, 12, 22, 18, 0, tzinfo=SEOUL),
        invite=[world.former_member, world.member],
    )
    factories.make_opinion(old, world.former_member, ["2022년에 낸 의견"])
    old_proposal = make_proposal(old, department=world.department, headline="지난 건의")
    old_file = make_attachment(old, "2022 자료.pdf")
    new = factories.make_meeting(world.council, year=2023, invite=[world.member])
    new_proposal = make_proposal(new, department=world.department, headline="새 건의")
    new.status = Meeting.Status.PUBLISHED
    new.save()
    new_file = make_attachment(new, "비공개 자료.pdf")
    return {
        "old": old,
        "old_proposal": old_proposal,
        "old_file": old_file,
        "new": new,
        "new_proposal": new_proposal,
        "new_file": new_file,
    }


def _get(client, name, *args):
    return client.get(reverse(name, args=["geumjeong", *args]))


def test_it_hides_every_page_of_a_later_meeting(client, world, history):
    client.force_login(world.former_member.user)
    new = history["new"]
    assert _get(client, "council:meeting_detail", new.slug).status_code == 404
    assert _get(client, "council:my_opinion", new.slug).status_code == 404
    assert (
        _get(client, "proposals:proposal_detail", new.slug, history["new_proposal"].number)
    ).status_code == 404
    response = _get(client, "council:attachment_download", new.slug, history["new_file"].pk)
    assert response.status_code == 404
    assert not getattr(response, "streaming", False)


def test_it_refuses_the_facility_registry(client, world, history):
    client.force_login(world.former_member.user)
    assert _get(client, "facilities:list").status_code == 403
    assert _get(client, "facilities:report").status_code == 403
    assert _get(client, "facilities:report_xlsx").status_code == 403


def test_it_keeps_the_meetings_they_were_invited_to(client, world, history):
    client.force_login(world.former_member.user)
    old = history["old"]
    assert _get(client, "council:meeting_detail", old.slug).status_code == 200
    response = _get(client, "proposals:proposal_detail", old.slug, history["old_proposal"].number)
    assert "지난 건의" in response.content.decode()
    response = _get(client, "council:attachment_download", old.slug, history["old_file"].pk)
    assert response.status_code == 200
    html = _get(client, "council:my_opinion", old.slug).content.decode()
    assert "2022년에 낸 의견" in html


def test_their_home_lists_only_those_meetings_and_says_why(client, world, history):
    client.force_login(world.former_member.user)
    html = _get(client, "council:my_meetings").content.decode()
    assert "2022년 하반기" in html
    assert "2023년 하반기" not in html
    assert "임기가 끝나 참석 대상이었던 회의만 볼 수 있습니다" in html
    # The navigation no longer offers the registry.
    assert reverse("facilities:list", args=["geumjeong"]) not in html


def test_a_member_in_office_still_sees_both(client, world, history):
    client.force_login(world.member.user)
    html = _get(client, "council:my_meetings").content.decode()
    assert "2022년 하반기" in html and "2023년 하반기" in html
    assert _get(client, "facilities:list").status_code == 200


def test_a_member_whose_term_ends_while_invited_can_no_longer_write(world):
    """Read-only: the term ended during an open meeting they were invited to."""
    meeting = factories.make_meeting(world.council, year=2024, invite=[world.member])
    world.member.term_end = dt.date(2020, 12, 31)
    world.member.term_start = dt.date(2019, 1, 1)
    world.member.save()
    with pytest.raises(opinion_services.OpinionClosed) as refused:
        opinion_services.save_opinion(
            meeting=meeting,
            member=world.member,
            points=[opinion_services.PointInput(text="늦은 의견")],
            submit=True,
            entered_by=world.member.user,
        )
    assert "임기가 끝난 위원은 의견서를 저장할 수 없습니다" in str(refused.value)
    assert not Opinion.objects.filter(meeting=meeting).exists()
    assert not meeting.accepts_opinions_from(world.member)
