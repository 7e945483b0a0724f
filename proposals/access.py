"""Who may see which proposal and response: one helper per object.

Staff (and the site admin) of the council see every proposal of its meetings.
A department reviewer sees only the proposals routed to their department;
any other proposal is 404, so nothing is learned about what exists. Members
see proposals only once the meeting is published, and never a response that
is not final.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from council.access import Role, get_council_for, role_of
from council.models import Department, Meeting
from proposals.models import DepartmentResponse, Proposal

ALL_ROLES = {Role.STAFF, Role.MEMBER, Role.REVIEWER}


def is_staff_role(user: User) -> bool:
    return role_of(user) in (Role.STAFF, Role.ADMIN)


def department_of(user: User) -> Department | None:
    """The reviewer's department; None for every other role."""
    if role_of(user) == Role.REVIEWER:
        return user.reviewer.department
    return None


def get_meeting_for_staff(user: User, council_slug: str, meeting_slug: str) -> Meeting:
    """A meeting's staff pages (aggregation, responses list): staff only."""
    council = get_council_for(user, council_slug, roles=ALL_ROLES)
    meeting = get_object_or_404(
        Meeting.objects.select_related("council"), council=council, slug=meeting_slug
    )
    if not is_staff_role(user):
        raise PermissionDenied
    return meeting


def get_meeting_for_responses(user: User, council_slug: str, meeting_slug: str) -> Meeting:
    """A meeting whose responses a staff user or a reviewer may work on (spreadsheet).

    Reviewers never see a meeting still in preparation (404).
    """
    council = get_council_for(user, council_slug, roles=ALL_ROLES)
    meeting = get_object_or_404(
        Meeting.objects.select_related("council"), council=council, slug=meeting_slug
    )
    role = role_of(user)
    if role in (Role.STAFF, Role.ADMIN):
        return meeting
    if role == Role.REVIEWER:
        if meeting.status == Meeting.Status.DRAFT:
            raise Http404
        return meeting
    raise PermissionDenied


def get_department_for(user: User, meeting: Meeting, department_id: int) -> Department:
    """A department of the meeting's council; a reviewer only their own (others 404)."""
    department = get_object_or_404(Department, council=meeting.council, pk=department_id)
    if role_of(user) == Role.REVIEWER and user.reviewer.department_id != department.pk:
        raise Http404
    return department


def get_proposal_for(user: User, council_slug: str, meeting_slug: str, number: int) -> Proposal:
    """The proposal `number` of a meeting, if `user` may see it.

    Staff of the council: always. Reviewer: only when routed to their
    department (else 404). Member: only once the meeting is published (else 404).
    """
    council = get_council_for(user, council_slug, roles=ALL_ROLES)
    meeting = get_object_or_404(
        Meeting.objects.select_related("council"), council=council, slug=meeting_slug
    )
    proposal = get_object_or_404(
        Proposal.objects.select_related("meeting__council", "category", "department"),
        meeting=meeting,
        number=number,
    )
    role = role_of(user)
    if role in (Role.STAFF, Role.ADMIN):
        return proposal
    if role == Role.REVIEWER:
        if proposal.department_id != user.reviewer.department_id:
            raise Http404
        if meeting.status == Meeting.Status.DRAFT:
            raise Http404
        return proposal
    if role == Role.MEMBER and meeting.status == Meeting.Status.PUBLISHED:
        return proposal
    raise Http404


def get_proposal_for_staff(
    user: User, council_slug: str, meeting_slug: str, number: int
) -> Proposal:
    """Staff-only proposal pages (edit, delete, history): others of the council 403."""
    proposal = get_proposal_for(user, council_slug, meeting_slug, number)
    if not is_staff_role(user):
        raise PermissionDenied
    return proposal


def get_proposal_for_response(
    user: User, council_slug: str, meeting_slug: str, number: int
) -> Proposal:
    """The response form: staff, or the reviewer of the proposal's department."""
    proposal = get_proposal_for(user, council_slug, meeting_slug, number)
    if role_of(user) == Role.MEMBER:
        raise PermissionDenied
    return proposal


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
    if response.status == DepartmentResponse.Status.FINAL:
        return response
    return None
