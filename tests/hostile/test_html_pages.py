"""Every page that shows free text, filled with hostile payloads: shown as text only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council.models import Meeting
from proposals.models import DepartmentResponse
from reports.document import build_result_context, render_document_fragment
from reports.services import publish_meeting
from tests.factories import make_hostile_council
from tests.hostile.html_checks import assert_shown_as_text, injected_markup
from tests.hostile.payloads import ALL, LONG


def _meeting(data):
    return {"council": "geumjeong", "meeting": data.meeting.slug}


def _council(data):
    return {"council": "geumjeong"}


def _opinion(data):
    return {**_meeting(data), "opinion_id": data.meeting.opinions.get().pk}


def _proposal(data):
    return {**_meeting(data), "number": data.proposal_numbers[0]}


def _facility(data):
    return {"council": "geumjeong", "code": data.facility_codes[0]}


# (URL name, kwargs, role that sees the text, whether the script payload is shown in full)
PAGES = [
    ("council:meeting_detail", _meeting, "staff", True),
    ("council:meeting_detail", _meeting, "member", True),
    ("council:my_opinion", _meeting, "member", True),
    ("council:tracker", _meeting, "staff", False),
    ("council:opinion_detail", _opinion, "staff", True),
    ("council:roster", _council, "staff", True),
    ("council:audit_log", _council, "staff", True),
    ("proposals:aggregate", _meeting, "staff", True),
    ("proposals:response_list", _meeting, "staff", False),
    ("proposals:proposal_detail", _proposal, "staff", True),
    ("proposals:proposal_detail", _proposal, "reviewer", True),
    ("proposals:response_edit", _proposal, "reviewer", True),
    ("proposals:review_home", _council, "reviewer", False),
    ("facilities:list", _council, "staff", False),
    ("facilities:list", _council, "member", False),
    ("facilities:detail", _facility, "staff", True),
]


@pytest.mark.parametrize(
    ("url_name", "kwargs", "role", "full"),
    PAGES,
    ids=[f"{name}-{role}" for name, _, role, _ in PAGES],
)
def test_it_shows_hostile_text_as_text(client, world, url_name, kwargs, role, full):
    data = make_hostile_council(world)
    url = reverse(url_name, kwargs=kwargs(data))
    client.force_login(world.user(role))
    response = client.get(url)
    assert response.status_code == 200, url
    assert_shown_as_text(response.content.decode(), expect_escaped=full)


def test_the_result_document_html_shows_hostile_text_as_text(world):
    data = make_hostile_council(world)
    html = render_document_fragment(build_result_context(data.meeting))
    assert not injected_markup(html)


def test_the_checker_sees_injected_markup():
    # The checker itself must fail on unescaped payloads, or the tests above prove nothing.
    for payload in ["<script>alert(1)</script>", "<img src=x onerror=alert(8)>", "<svg onload=alert(23)>",
                    '<a href="javascript:alert(19)">클릭</a>', '<iframe src="file:///etc/passwd"></iframe>',
                    '<link rel="stylesheet" href="http://evil.example/x.css">',
                    '<div style="background:url(file:///etc/passwd)">배경</div>']:  # fmt: skip
        assert injected_markup(f"<main><p>{payload}</p></main>"), payload
    assert len(ALL) >= 50


def test_the_public_archive_shows_published_hostile_text_as_text(client, world):
    data = make_hostile_council(
        world, status=Meeting.Status.CLOSED, texts=[p for p in ALL if p not in LONG]
    )
    DepartmentResponse.objects.update(status=DepartmentResponse.Status.FINAL)
    publish_meeting(meeting=data.meeting, user=world.staff)
    # The stored fragment is what the public page shows: it must be inert too.
    response = client.get(
        reverse("archive:detail", kwargs={"council": "geumjeong", "meeting": data.meeting.slug})
    )
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())
    index = client.get(reverse("archive:index"))
    assert index.status_code == 200
    assert not injected_markup(index.content.decode())


def test_the_commitment_pages_show_hostile_text_as_text(client, world):
    """The board, a commitment, 내 회의 and a later meeting's carried section."""
    from council.models import Meeting
    from proposals.models import Commitment, DepartmentResponse
    from reports.document import build_result_context, render_document_fragment
    from reports.exporters import xlsx_from_context
    from tests.reports.access_cases import _stored_version

    data = make_hostile_council(world, status=Meeting.Status.PUBLISHED)
    DepartmentResponse.objects.update(status=DepartmentResponse.Status.FINAL)
    _stored_version(data.meeting)
    commitment = Commitment.objects.first()
    pages = [
        (world.staff, reverse("proposals:commitment_board", args=["geumjeong"])),
        (world.reviewer, reverse("proposals:commitment_detail", args=["geumjeong", commitment.pk])),
        (world.member.user, reverse("council:my_meetings", args=["geumjeong"])),
        (world.member.user, reverse("proposals:member_follow_ups", args=["geumjeong"])),
    ]
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert not injected_markup(response.content.decode()), url
    later = factories_meeting_after(world)
    context = build_result_context(later, final_only=False)
    assert len(context["doc"].carried) == len(data.proposal_numbers)
    assert not injected_markup(render_document_fragment(context))
    xlsx_from_context(context)  # every cell safe_cell'd, none rejected by openpyxl


def factories_meeting_after(world):
    from council.models import Meeting
    from tests import factories

    return factories.make_meeting(world.council, year=2024, half=1, status=Meeting.Status.CLOSED)
