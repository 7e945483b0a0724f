"""Issue 24, item 7: the correction queue (list and detail show the sender's phone or
e-mail), the opinion tracker, one member's opinion and the attendance page are
recorded in the audit log like the roster."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council.models import AuditEvent
from facilities.models import CorrectionRequest
from tests.factories import make_facility, make_open_meeting, make_opinion

CLIENT = {"REMOTE_ADDR": "203.0.113.81"}


def _correction(world):
    facility = make_facility(world.council, is_public=True, name="구서 다함께돌봄센터")
    return CorrectionRequest.objects.create(
        facility=facility, message="전화번호가 다릅니다.", client_key="test"
    )


def _pages(world):
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    opinion = make_opinion(meeting, world.member)
    correction = _correction(world)
    slug = world.council.slug
    return {
        "correction_list_view": reverse("finder_staff:corrections", args=[slug]),
        "correction_view": reverse("finder_staff:correction", args=[slug, correction.pk]),
        "tracker_view": reverse("council:tracker", args=[slug, meeting.slug]),
        "opinion_view": reverse("council:opinion_detail", args=[slug, meeting.slug, opinion.pk]),
        "attendance_view": reverse("council:attendance", args=[slug, meeting.slug]),
    }


@pytest.mark.parametrize(
    "action",
    ["correction_list_view", "correction_view", "tracker_view", "opinion_view", "attendance_view"],
)
def test_the_page_is_recorded(client, world, action):
    url = _pages(world)[action]
    client.force_login(world.staff)
    assert client.get(url, **CLIENT).status_code == 200
    event = AuditEvent.objects.get(action=action)
    assert event.user == world.staff and event.council == world.council
    assert event.ip_address == "203.0.113.81" and event.target
    # The staff's audit page names it in Korean.
    log = client.get(reverse("council:audit_log", args=[world.council.slug])).content.decode()
    assert action not in log and event.target in log


def test_a_member_reading_their_own_opinion_is_not_a_personal_data_view(client, world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    opinion = make_opinion(meeting, world.member)
    client.force_login(world.member.user)
    url = reverse("council:opinion_detail", args=["geumjeong", meeting.slug, opinion.pk])
    assert client.get(url).status_code == 200
    assert not AuditEvent.objects.filter(action="opinion_view").exists()
