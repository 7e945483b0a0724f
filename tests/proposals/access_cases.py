"""Access cases for every proposals URL (aggregation, proposals, responses, xlsx)."""

from council.models import Invitation, Meeting, OpinionPoint
from proposals.models import DepartmentResponse
from tests import factories
from tests.access import AccessCase, everyone, post_only, posted_as, staff_only
from tests.factories import make_closed_meeting, make_points, make_proposal, make_response


def _council(world):
    return {"council": world.council.slug}


def _meeting(world, status=Meeting.Status.CLOSED):
    meeting = make_closed_meeting(world.council)
    if status != meeting.status:
        meeting.status = status
        meeting.save()
    return meeting


def _meeting_kwargs(world):
    meeting = _meeting(world)
    return {"council": world.council.slug, "meeting": meeting.slug}


def _proposal_kwargs(world, status=Meeting.Status.CLOSED):
    meeting = _meeting(world, status)
    proposal = make_proposal(meeting, department=world.department)
    make_response(proposal)  # a draft: members must never see it
    return {"council": world.council.slug, "meeting": meeting.slug, "number": proposal.number}


def _first_of_two_proposals(world):
    kwargs = _proposal_kwargs(world)
    make_proposal(Meeting.objects.get(slug=kwargs["meeting"], council=world.council))
    return kwargs


def _final_response_kwargs(world):
    meeting = _meeting(world)
    proposal = make_proposal(meeting, department=world.department)
    make_response(proposal, status=DepartmentResponse.Status.FINAL)
    return {"council": world.council.slug, "meeting": meeting.slug, "number": proposal.number}


def _submitted_points_kwargs(world):
    meeting = _meeting(world)
    make_points(meeting, world.member, ["돌봄센터를 늘려 주세요."])
    return {"council": world.council.slug, "meeting": meeting.slug}


def _new_proposal_from_points(world, kwargs):
    points = OpinionPoint.objects.filter(
        opinion__meeting__council=world.council, opinion__meeting__slug=kwargs["meeting"]
    )
    return {"action": "create", "points": [p.pk for p in points], "headline": ""}


def _down(world, kwargs):
    return {"direction": "down"}


def _return_comment(world, kwargs):
    return {"comment": "후속 조치 일정을 적어 주세요."}


def _published_proposal_kwargs(world):
    return _proposal_kwargs(world, Meeting.Status.PUBLISHED)


def _former_history_proposal_kwargs(world):
    """A published 2022 meeting the former member was invited to: they read its proposals."""
    meeting = make_closed_meeting(world.council, year=2022, status=Meeting.Status.PUBLISHED)
    Invitation.objects.create(meeting=meeting, member=world.former_member)
    proposal = make_proposal(meeting, department=world.department)
    return {"council": world.council.slug, "meeting": meeting.slug, "number": proposal.number}


def _export_kwargs(world):
    return {**_meeting_kwargs(world), "department": world.department.pk}


def _category(world):
    return {"council": world.council.slug, "category": world.council.categories.first().pk}


def _department(world):
    return {"council": world.council.slug, "department": world.department.pk}


def _commitment(world, status=Meeting.Status.CLOSED):
    proposal = make_proposal(_meeting(world, status), department=world.department)
    return factories.make_commitment(proposal)


def _commitment_kwargs(world):
    return {"council": world.council.slug, "commitment": _commitment(world).pk}


def _published_commitment_kwargs(world):
    commitment = _commitment(world, Meeting.Status.PUBLISHED)
    return {"council": world.council.slug, "commitment": commitment.pk}


def _note_kwargs(world, status=Meeting.Status.CLOSED):
    note = factories.make_note(_commitment(world, status))
    return {"council": world.council.slug, "commitment": note.commitment_id, "note": note.pk}


def _status_kwargs(world):
    from proposals.commitment_services import ensure_statuses

    status = ensure_statuses(council=world.council)[1]
    return {"council": world.council.slug, "status": status.pk}


# Commitments: staff, and the reviewer of the commitment's department; others 404
# until it is published, then members 403 (they may know it, not use the page).
COMMITMENT_PAGE = staff_only(
    member=404, other_member=404, former_member=404, reviewer=200, other_reviewer=404
)
PUBLISHED_COMMITMENT_PAGE = staff_only(reviewer=200, other_reviewer=404)
COMMITMENT_ROLES = staff_only(reviewer=200, other_reviewer=200)
MEMBERS_ONLY = {
    "anonymous": 302,
    "member": 200,
    "other_member": 200,
    "former_member": 200,
    "reviewer": 403,
    "other_reviewer": 403,
    "staff": 403,
    "other_council_staff": 404,
    "superuser": 403,
}

# The proposal pages of a closed meeting: a reviewer of another department and
# members (meeting not published) get 404, so nothing is learned about it.
# A former member was not invited to the meeting: it does not exist for them (404).
STAFF_PROPOSAL = staff_only(member=404, other_member=404, former_member=404, other_reviewer=404)
RESPONSE_PAGE = staff_only(
    member=404, other_member=404, former_member=404, other_reviewer=404, reviewer=200
)
MEETING_STAFF_ONLY = staff_only(former_member=404)

CASES = [
    AccessCase(
        "proposals:review_home",
        _council,
        {
            "anonymous": 302,
            "member": 403,
            "other_member": 403,
            "former_member": 403,
            "reviewer": 200,
            "other_reviewer": 200,
            "staff": 403,
            "other_council_staff": 404,
            "superuser": 403,
        },
        label="proposals",
    ),
    AccessCase("council:categories", _council, staff_only()),
    AccessCase("council:category_edit", _category, staff_only()),
    AccessCase(
        "council:category_move", _category, post_only(), post=posted_as(staff_only()), data=_down
    ),
    AccessCase("council:category_delete", _category, post_only(), post=posted_as(staff_only())),
    AccessCase("proposals:departments", _council, staff_only()),
    AccessCase("proposals:department_edit", _department, staff_only()),
    AccessCase("proposals:aggregate", _meeting_kwargs, MEETING_STAFF_ONLY),
    AccessCase(
        "proposals:aggregate_action",
        _submitted_points_kwargs,
        post_only(),
        post=posted_as(MEETING_STAFF_ONLY),
        data=_new_proposal_from_points,
    ),
    AccessCase("proposals:response_list", _meeting_kwargs, MEETING_STAFF_ONLY),
    AccessCase(
        "proposals:export_xlsx",
        _export_kwargs,
        staff_only(reviewer=200, other_reviewer=404, former_member=404),
    ),
    AccessCase(
        "proposals:import_xlsx",
        _meeting_kwargs,
        staff_only(reviewer=200, other_reviewer=200, former_member=404),
    ),
    # Nothing is pending for anyone here: staff and reviewers are sent back to the upload.
    AccessCase(
        "proposals:import_apply",
        _meeting_kwargs,
        post_only(),
        post=posted_as(staff_only(reviewer=200, other_reviewer=200, former_member=404)),
        post_changes=False,
    ),
    AccessCase(
        "proposals:proposal_detail",
        _proposal_kwargs,
        staff_only(
            member=404, other_member=404, former_member=404, reviewer=200, other_reviewer=404
        ),
    ),
    AccessCase(
        "proposals:proposal_detail",
        _published_proposal_kwargs,
        everyone(200, other_reviewer=404, other_council_staff=404, former_member=404),
        label="published",
    ),
    AccessCase(
        "proposals:proposal_detail",
        _former_history_proposal_kwargs,
        everyone(200, other_reviewer=404, other_council_staff=404),
        label="former_member_invited",
    ),
    AccessCase("proposals:proposal_edit", _proposal_kwargs, STAFF_PROPOSAL),
    AccessCase(
        "proposals:proposal_move",
        _first_of_two_proposals,
        post_only(),
        post=posted_as(STAFF_PROPOSAL),
        data=_down,
    ),
    AccessCase("proposals:proposal_delete", _proposal_kwargs, STAFF_PROPOSAL),
    AccessCase("proposals:proposal_history", _proposal_kwargs, STAFF_PROPOSAL),
    AccessCase("proposals:response_edit", _proposal_kwargs, RESPONSE_PAGE),
    AccessCase(
        "proposals:response_edit",
        _published_proposal_kwargs,
        staff_only(
            member=403, other_member=403, former_member=404, reviewer=200, other_reviewer=404
        ),
        label="published",
    ),
    AccessCase(
        "proposals:response_return",
        _final_response_kwargs,
        post_only(),
        post=posted_as(STAFF_PROPOSAL),
        data=_return_comment,
    ),
    AccessCase("proposals:proposal_new", _meeting_kwargs, MEETING_STAFF_ONLY),
    AccessCase("proposals:commitment_board", _council, COMMITMENT_ROLES),
    AccessCase("proposals:commitment_detail", _commitment_kwargs, COMMITMENT_PAGE),
    AccessCase(
        "proposals:commitment_detail",
        _published_commitment_kwargs,
        PUBLISHED_COMMITMENT_PAGE,
        label="published",
    ),
    AccessCase(
        "proposals:commitment_plan",
        _commitment_kwargs,
        staff_only(member=404, other_member=404, former_member=404, other_reviewer=404),
    ),
    AccessCase("proposals:note_file", _note_kwargs, COMMITMENT_PAGE),
    AccessCase(
        "proposals:note_file",
        lambda world: _note_kwargs(world, Meeting.Status.PUBLISHED),
        PUBLISHED_COMMITMENT_PAGE,
        label="published",
    ),
    AccessCase(
        "proposals:commitment_export",
        _department,
        staff_only(reviewer=200, other_reviewer=404),
    ),
    AccessCase("proposals:commitment_import", _council, COMMITMENT_ROLES),
    # Nothing is pending for anyone here: staff and reviewers are sent back to the upload.
    AccessCase(
        "proposals:commitment_import_apply",
        _council,
        post_only(),
        post=posted_as(COMMITMENT_ROLES),
        post_changes=False,
    ),
    AccessCase("proposals:commitment_statuses", _council, staff_only()),
    AccessCase("proposals:commitment_status_edit", _status_kwargs, staff_only()),
    AccessCase(
        "proposals:commitment_status_move",
        _status_kwargs,
        post_only(),
        post=posted_as(staff_only()),
        data=_down,
    ),
    AccessCase("proposals:member_follow_ups", _council, MEMBERS_ONLY),
]
