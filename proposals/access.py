"""Who may see which proposal and response: one helper per object.

The rules are council/access.py's. Applied to proposals: staff (and the site
administrator) see every proposal of the council's meetings. A department
reviewer sees only the proposals routed to their department, once the meeting
is past preparation; any other proposal is 404, so nothing is learned about
what exists. Members see proposals once the meeting is published, and never a
response that is not final.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from council.access import (
    COUNCIL_ROLES,
    Role,
    counts_as_staff,
    get_council_for,
    get_meeting_for,
    may_use_page,
    role_of,
)
from council.models import Council, Meeting
from proposals.models import Commitment, Department, DepartmentResponse, ProgressNote, Proposal


def department_of(user: User) -> Department | None:
    """The reviewer's department; None for every other role."""
    if role_of(user) == Role.REVIEWER:
        return user.reviewer.department
    return None


def get_meeting_for_responses(user: User, council_slug: str, meeting_slug: str) -> Meeting:
    """A meeting whose responses staff or a reviewer work on (the spreadsheet round trip)."""
    return get_meeting_for(user, council_slug, meeting_slug, roles={Role.STAFF, Role.REVIEWER})


def get_department_for(user: User, meeting: Meeting, department_id: int) -> Department:
    """A department of the meeting's council; a reviewer only their own (others 404)."""
    department = get_object_or_404(Department, council=meeting.council, pk=department_id)
    if role_of(user) == Role.REVIEWER and user.reviewer.department_id != department.pk:
        raise Http404
    return department


def may_know_proposal(user: User, proposal: Proposal) -> bool:
    """Rule 2 for proposals: reviewers know only their department's; members only
    published ones."""
    if counts_as_staff(user):
        return True
    role = role_of(user)
    if role == Role.REVIEWER:
        return proposal.department_id == user.reviewer.department_id
    return role == Role.MEMBER and proposal.meeting.is_published


def get_proposal_for(
    user: User,
    council_slug: str,
    meeting_slug: str,
    number: int,
    *,
    roles: frozenset[Role] | set[Role] = COUNCIL_ROLES,
) -> Proposal:
    """The proposal `number` of a meeting if `user` may know it (404), for a page
    `roles` may use (403)."""
    meeting = get_meeting_for(user, council_slug, meeting_slug)
    proposal = get_object_or_404(
        Proposal.objects.select_related("meeting__council", "category", "department"),
        meeting=meeting,
        number=number,
    )
    if not may_know_proposal(user, proposal):
        raise Http404
    if not may_use_page(user, roles):
        raise PermissionDenied
    return proposal


def get_proposal_for_staff(
    user: User, council_slug: str, meeting_slug: str, number: int
) -> Proposal:
    """Staff-only proposal pages (edit, delete, history, return a response)."""
    return get_proposal_for(user, council_slug, meeting_slug, number, roles={Role.STAFF})


def get_proposal_for_response(
    user: User, council_slug: str, meeting_slug: str, number: int
) -> Proposal:
    """The response form: staff, or the reviewer of the proposal's department."""
    return get_proposal_for(
        user, council_slug, meeting_slug, number, roles={Role.STAFF, Role.REVIEWER}
    )


def visible_response(user: User, proposal: Proposal) -> DepartmentResponse | None:
    """The proposal's response as `user` may see it: members only a final one."""
    try:
        response = proposal.response
    except DepartmentResponse.DoesNotExist:
        return None
    if counts_as_staff(user):
        return response
    if role_of(user) == Role.REVIEWER and response.department_id == user.reviewer.department_id:
        return response
    if response.is_final:
        return response
    return None


# ---------------------------------------------------------------- commitments
# Staff see every commitment of the council; a department reviewer only their
# department's (any other is 404); members and the public only published ones
# (made in a final response of a published meeting), and never on these pages.

COMMITMENT_ROLES = frozenset({Role.STAFF, Role.REVIEWER})


def get_council_for_commitments(user: User, council_slug: str) -> Council:
    """The board and the progress spreadsheets: staff, and reviewers for their department."""
    return get_council_for(user, council_slug, roles=set(COMMITMENT_ROLES))


def may_know_commitment(user: User, commitment: Commitment) -> bool:
    if counts_as_staff(user):
        return True
    role = role_of(user)
    if role == Role.REVIEWER:
        return commitment.department_id == user.reviewer.department_id
    response = commitment.response
    return role == Role.MEMBER and response.is_final and response.proposal.meeting.is_published


def get_commitment_for(
    user: User,
    council_slug: str,
    commitment_id: int,
    *,
    roles: frozenset[Role] | set[Role] = COMMITMENT_ROLES,
) -> Commitment:
    """A commitment of the council that `user` may know (404), for a page `roles`
    may use (403). `overdue` is annotated."""
    council = get_council_for(user, council_slug, roles=COUNCIL_ROLES)
    commitment = get_object_or_404(
        Commitment.objects.with_overdue().select_related(
            "status",
            "plan_project",
            "department__council",
            "response__proposal__meeting__council",
            "response__proposal__category",
        ),
        department__council=council,
        pk=commitment_id,
    )
    if not may_know_commitment(user, commitment):
        raise Http404
    if not may_use_page(user, roles):
        raise PermissionDenied
    return commitment


def get_note_for(user: User, council_slug: str, commitment_id: int, note_id: int) -> ProgressNote:
    """A progress note's attachment: whoever may work on the commitment."""
    commitment = get_commitment_for(user, council_slug, commitment_id)
    note = get_object_or_404(ProgressNote, commitment=commitment, pk=note_id)
    note.commitment = commitment
    return note
