"""Access cases for every council URL (roster, meetings, agenda, materials, opinions)."""

from council.models import Meeting
from tests import factories
from tests.access import AccessCase, everyone, post_only, staff_only
from tests.council.factories import make_attachment, make_draft_meeting, make_open_meeting


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


# Members and reviewers see an open meeting, reviewers only once published.
OPEN_MEETING = {
    "anonymous": 302,
    "member": 200,
    "other_member": 200,
    "reviewer": 403,
    "other_reviewer": 403,
    "staff": 200,
    "other_council_staff": 404,
    "superuser": 200,
}

# A meeting in preparation is known only to staff (404 for the others, not 403).
DRAFT_STAFF_ONLY = staff_only(member=404, other_member=404, reviewer=404, other_reviewer=404)

CASES = [
    AccessCase("council:keep_alive", _council, everyone(204, other_council_staff=404)),
    AccessCase("council:roster", _council, staff_only()),
    AccessCase("council:member_add", _council, staff_only()),
    AccessCase("council:members_renew", _council, staff_only()),
    AccessCase("council:member_edit", _member, staff_only()),
    AccessCase("council:member_end_term", _member, staff_only()),
    AccessCase("council:member_resend_link", _member, post_only()),
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
    AccessCase("council:meeting_open", _draft, post_only()),
    AccessCase("council:meeting_close", _open, post_only()),
    AccessCase("council:agenda_add", _draft, DRAFT_STAFF_ONLY),
    AccessCase("council:agenda_edit", _draft_item, DRAFT_STAFF_ONLY),
    AccessCase("council:agenda_move", _draft_item, post_only()),
    AccessCase("council:agenda_delete", _draft_item, post_only()),
    AccessCase("facilities:agenda_snapshot", _draft_item, DRAFT_STAFF_ONLY),
    AccessCase("council:attachment_add", _draft_item, DRAFT_STAFF_ONLY),
    AccessCase("council:attachment_download", _attachment, OPEN_MEETING),
    AccessCase("council:attachment_delete", _attachment, post_only()),
    AccessCase(
        "council:my_opinion",
        _open_only_member,
        {
            "anonymous": 302,
            "member": 200,
            "other_member": 404,
            "reviewer": 403,
            "other_reviewer": 403,
            "staff": 403,
            "other_council_staff": 404,
            "superuser": 403,
        },
    ),
    AccessCase(
        "council:my_opinion_receipt",
        _submitted_only_member,
        {
            "anonymous": 302,
            "member": 200,
            "other_member": 404,
            "reviewer": 403,
            "other_reviewer": 403,
            "staff": 403,
            "other_council_staff": 404,
            "superuser": 403,
        },
    ),
    AccessCase("council:my_opinion_autosave", _open_only_member, post_only()),
    AccessCase("council:tracker", _open, staff_only()),
    AccessCase("council:meeting_remind", _open, post_only()),
    AccessCase(
        "council:opinion_detail",
        _opinion,
        # Nobody but staff and its author knows an opinion exists.
        {**OPEN_MEETING, "other_member": 404, "reviewer": 404, "other_reviewer": 404},
    ),
    AccessCase("council:opinion_on_behalf", _invitee, staff_only()),
]
