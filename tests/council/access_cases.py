"""Access cases for every council URL (roster, meetings, agenda, materials, opinions)."""

import datetime as dt

from council.models import AgendaItem, Meeting
from tests import factories
from tests.access import AccessCase, everyone, post_only, posted_as, staff_only
from tests.factories import make_attachment, make_draft_meeting, make_open_meeting


def _council(world):
    return {"council": world.council.slug}


def _member(world):
    return {"council": world.council.slug, "member_id": world.member.pk}


def _draft(world):
    meeting = make_draft_meeting(world.council)
    return {"council": world.council.slug, "meeting": meeting.slug}


def _open(world):
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    return {"council": world.council.slug, "meeting": meeting.slug}


def _published(world):
    meeting = factories.make_meeting(
        world.council, status=Meeting.Status.PUBLISHED, invite=[world.member]
    )
    return {"council": world.council.slug, "meeting": meeting.slug}


def _draft_item(world):
    meeting = make_draft_meeting(world.council)
    return {
        "council": world.council.slug,
        "meeting": meeting.slug,
        "item_id": meeting.agenda_items.first().pk,
    }


def _draft_first_of_two_items(world):
    meeting = make_draft_meeting(world.council)
    AgendaItem.objects.create(meeting=meeting, order=2, title="두 번째 안건")
    return {
        "council": world.council.slug,
        "meeting": meeting.slug,
        "item_id": meeting.agenda_items.order_by("order").first().pk,
    }


def _down(world, kwargs):
    return {"direction": "down"}


def _open_only_member(world):
    # Only world.member is invited: other_member is not on this meeting's roster.
    meeting = make_open_meeting(world.council, invite=[world.member])
    return {"council": world.council.slug, "meeting": meeting.slug}


def _attachment(world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    attachment = make_attachment(meeting)
    return {"council": world.council.slug, "meeting": meeting.slug, "attachment_id": attachment.pk}


def _opinion(world):
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    opinion = factories.make_opinion(meeting, world.member)
    return {"council": world.council.slug, "meeting": meeting.slug, "opinion_id": opinion.pk}


def _submitted_only_member(world):
    # Only world.member is invited, and has submitted (the receipt page has something to show).
    meeting = make_open_meeting(world.council, invite=[world.member])
    factories.make_opinion(meeting, world.member)
    return {"council": world.council.slug, "meeting": meeting.slug}


def _invitee(world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    return {"council": world.council.slug, "meeting": meeting.slug, "member_id": world.member.pk}


def _former_history(world):
    """A published 2022 meeting the former member was invited to (within their term)."""
    meeting = factories.make_meeting(
        world.council,
        year=2022,
        status=Meeting.Status.PUBLISHED,
        period_start=dt.date(2022, 12, 20),
        period_end=dt.date(2022, 12, 22),
        deadline=dt.datetime(2022, 12, 22, 18, 0, tzinfo=factories.SEOUL),
        invite=[world.former_member],
    )
    return meeting


def _former_meeting(world):
    return {"council": world.council.slug, "meeting": _former_history(world).slug}


def _former_attachment(world):
    meeting = _former_history(world)
    attachment = make_attachment(meeting)
    return {"council": world.council.slug, "meeting": meeting.slug, "attachment_id": attachment.pk}


def _former_opinion(world):
    meeting = _former_history(world)
    opinion = factories.make_opinion(meeting, world.former_member)
    return {"council": world.council.slug, "meeting": meeting.slug, "opinion_id": opinion.pk}


# Members and reviewers see an open meeting, reviewers only once published.
OPEN_MEETING = {
    "anonymous": 302,
    "member": 200,
    "other_member": 200,
    # Term ended before this meeting: never invited, so it does not exist for them.
    "former_member": 404,
    "reviewer": 403,
    "other_reviewer": 403,
    "staff": 200,
    "other_council_staff": 404,
    "superuser": 200,
}

# A member's own opinion pages: only the member (an opinion of theirs does not
# exist for other members); other roles of the council get 403.
MEMBER_OWN = {
    "anonymous": 302,
    "member": 200,
    "other_member": 404,
    "former_member": 404,
    "reviewer": 403,
    "other_reviewer": 403,
    "staff": 403,
    "other_council_staff": 404,
    "superuser": 403,
}

# A meeting in preparation is known only to staff (404 for the others, not 403).
DRAFT_STAFF_ONLY = staff_only(
    member=404, other_member=404, former_member=404, reviewer=404, other_reviewer=404
)
# A staff page of a meeting past preparation: a former member was not invited (404).
MEETING_STAFF_ONLY = staff_only(former_member=404)

CASES = [
    AccessCase("council:keep_alive", _council, everyone(204, other_council_staff=404)),
    AccessCase("council:roster", _council, staff_only()),
    AccessCase("council:member_add", _council, staff_only()),
    AccessCase("council:members_renew", _council, staff_only()),
    AccessCase("council:roster_import", _council, staff_only()),
    AccessCase("council:roster_template", _council, staff_only()),
    # Nothing is pending for anyone here: staff are sent back to the upload page.
    AccessCase(
        "council:roster_import_confirm",
        _council,
        post_only(),
        post=posted_as(staff_only()),
        post_changes=False,
    ),
    AccessCase("council:member_edit", _member, staff_only()),
    AccessCase("council:member_end_term", _member, staff_only()),
    AccessCase("council:member_unlock", _member, staff_only()),
    AccessCase("council:member_resend_link", _member, post_only(), post=posted_as(staff_only())),
    AccessCase("council:meeting_list", _council, staff_only()),
    AccessCase("council:meeting_create", _council, staff_only()),
    AccessCase("council:meeting_detail", _draft, DRAFT_STAFF_ONLY, label="draft"),
    AccessCase("council:meeting_detail", _open, OPEN_MEETING, label="open"),
    AccessCase(
        "council:meeting_detail",
        _published,
        {**OPEN_MEETING, "reviewer": 200, "other_reviewer": 200},
        label="published",
    ),
    AccessCase("council:meeting_edit", _draft, DRAFT_STAFF_ONLY),
    AccessCase("council:meeting_open", _draft, post_only(), post=posted_as(DRAFT_STAFF_ONLY)),
    AccessCase("council:meeting_close", _open, post_only(), post=posted_as(MEETING_STAFF_ONLY)),
    AccessCase("council:agenda_add", _draft, DRAFT_STAFF_ONLY),
    AccessCase("council:agenda_edit", _draft_item, DRAFT_STAFF_ONLY),
    AccessCase(
        "council:agenda_move",
        _draft_first_of_two_items,
        post_only(),
        post=posted_as(DRAFT_STAFF_ONLY),
        data=_down,
    ),
    AccessCase("council:agenda_delete", _draft_item, post_only(), post=posted_as(DRAFT_STAFF_ONLY)),
    AccessCase("council:attachment_add", _draft_item, DRAFT_STAFF_ONLY),
    AccessCase("council:attachment_download", _attachment, OPEN_MEETING),
    AccessCase(
        "council:attachment_delete", _attachment, post_only(), post=posted_as(MEETING_STAFF_ONLY)
    ),
    AccessCase(
        "council:my_opinion",
        _open_only_member,
        MEMBER_OWN,
    ),
    AccessCase("council:tracker", _open, MEETING_STAFF_ONLY),
    # A former member keeps, read-only, the meetings they were invited to.
    AccessCase(
        "council:meeting_detail",
        _former_meeting,
        {**OPEN_MEETING, "former_member": 200, "reviewer": 200, "other_reviewer": 200},
        label="former_member_invited",
    ),
    AccessCase(
        "council:attachment_download",
        _former_attachment,
        {**OPEN_MEETING, "former_member": 200, "reviewer": 200, "other_reviewer": 200},
        label="former_member_invited",
    ),
    AccessCase(
        "council:my_opinion",
        _former_meeting,
        {
            "anonymous": 302,
            "member": 404,
            "other_member": 404,
            "former_member": 200,
            "reviewer": 403,
            "other_reviewer": 403,
            "staff": 403,
            "other_council_staff": 404,
            "superuser": 403,
        },
        label="former_member_invited",
    ),
    AccessCase(
        "council:opinion_detail",
        _former_opinion,
        {
            **OPEN_MEETING,
            "member": 404,
            "other_member": 404,
            "former_member": 200,
            "reviewer": 404,
            "other_reviewer": 404,
        },
        label="former_member_invited",
    ),
    AccessCase("council:meeting_remind", _open, post_only(), post=posted_as(MEETING_STAFF_ONLY)),
    AccessCase(
        "council:my_opinion_receipt",
        _submitted_only_member,
        MEMBER_OWN,
    ),
    AccessCase(
        "council:my_opinion_autosave",
        _open_only_member,
        post_only(),
        data=lambda world, kwargs: {
            "points-TOTAL_FORMS": "1",
            "points-INITIAL_FORMS": "0",
            "points-MIN_NUM_FORMS": "0",
            "points-MAX_NUM_FORMS": "30",
            "points-0-text": "쓰는 중인 의견",
        },
        post=MEMBER_OWN,
    ),
    AccessCase(
        "council:opinion_detail",
        _opinion,
        # Nobody but staff and its author knows an opinion exists.
        {**OPEN_MEETING, "other_member": 404, "reviewer": 404, "other_reviewer": 404},
    ),
    AccessCase("council:opinion_on_behalf", _invitee, MEETING_STAFF_ONLY),
    AccessCase("council:meeting_record", _council, staff_only()),
    AccessCase("council:attendance", _open, MEETING_STAFF_ONLY),
    # One attach page for every listed report (council.extensions.SnapshotSource).
    *(
        AccessCase(
            "council:agenda_snapshot",
            lambda world, source=source: {**_draft_item(world), "source": source},
            DRAFT_STAFF_ONLY,
            label=source,
        )
        for source in ("facility_status", "care_gaps", "commitment_trends")
    ),
]
