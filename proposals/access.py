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

from council.access import COUNCIL_ROLES, Role, get_meeting_for, role_of
from council.models import Meeting
from proposals.models import Department, DepartmentResponse, Proposal


def is_staff_role(user: User) -> bool:
    return role_of(user) in (Role.STAFF, Role.ADMIN)


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
    role = role_of(user)
    if role in (Role.STAFF, Role.ADMIN):
        return True
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
    role = role_of(user)
    if role not in roles and not (role == Role.ADMIN and Role.STAFF in roles):
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
    role = role_of(user)
    if role in (Role.STAFF, Role.ADMIN):
        return response
    if role == Role.REVIEWER and response.department_id == user.reviewer.department_id:
        return response
    if response.is_final:
        return response
    return None
