"""Who may see what: roles, and one `get_<thing>_for(user, ...)` helper per object.

Rules: a user from another council (or with no role) gets 404 for council
pages, so that nothing is learned about what exists; a user of the same
council whose role may not use the page gets 403. Superusers act as staff of
every council.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from council.denials import page_of
from council.models import (
    AgendaItem,
    Attachment,
    Council,
    Invitation,
    Meeting,
    Member,
    Opinion,
)


class Role(models.TextChoices):
    STAFF = "staff", _("구청 담당자")
    MEMBER = "member", _("위원")
    REVIEWER = "reviewer", _("부서 담당자")
    ADMIN = "admin", _("시스템 관리자")


def role_of(user: User | AnonymousUser) -> Role | None:
    """The user's role; one role per account."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    if hasattr(user, "staff"):
        return Role.STAFF
    if hasattr(user, "member"):
        return Role.MEMBER
    if hasattr(user, "reviewer"):
        return Role.REVIEWER
    return None


def council_id_of(user: User | AnonymousUser) -> int | None:
    role = role_of(user)
    if role == Role.STAFF:
        return user.staff.council_id
    if role == Role.MEMBER:
        return user.member.council_id
    if role == Role.REVIEWER:
        return user.reviewer.department.council_id
    return None


def council_of(user: User | AnonymousUser) -> Council | None:
    """The council the user's role belongs to (none for administrators and outsiders).

    The authentication backend (council.backends) loads it with the user, so
    this costs no query on a request.
    """
    role = role_of(user)
    if role == Role.STAFF:
        return user.staff.council
    if role == Role.MEMBER:
        return user.member.council
    if role == Role.REVIEWER:
        return user.reviewer.department.council
    return None


def home_url_for(user: User) -> str:
    """Where each role lands after login."""
    role = role_of(user)
    if role == Role.STAFF:
        return reverse("council:dashboard", args=[user.staff.council.slug])
    if role == Role.MEMBER:
        return reverse("council:my_meetings", args=[user.member.council.slug])
    if role == Role.REVIEWER:
        return reverse("proposals:review_home", args=[user.reviewer.department.council.slug])
    if role == Role.ADMIN:
        return reverse("council_list")
    return reverse("no_role")


def is_staff_of(user: User, council: Council) -> bool:
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.STAFF and user.staff.council_id == council.pk)


def get_council_for(user: User, slug: str, *, roles: set[Role]) -> Council:
    """The council `slug` if `user` belongs to it; 404 otherwise, 403 for the wrong role."""
    role = role_of(user)
    if role == Role.ADMIN:
        council = get_object_or_404(Council, slug=slug)
        if Role.STAFF in roles or Role.ADMIN in roles:
            return council
        raise page_of(roles)
    # Everyone else belongs to exactly one council: any other slug, existing or
    # not, is 404, so nothing is learned about other councils.
    council = council_of(user)
    if council is None or council.slug != slug:
        raise Http404
    if role not in roles:
        raise page_of(roles)
    return council


def get_council_for_staff(user: User, slug: str) -> Council:
    return get_council_for(user, slug, roles={Role.STAFF})


def get_council_for_reader(user: User, slug: str) -> Council:
    """Any role of the council may read (registry, meeting list)."""
    return get_council_for(user, slug, roles={Role.STAFF, Role.MEMBER, Role.REVIEWER})


def get_meeting_for(
    user: User,
    council_slug: str,
    meeting_slug: str,
    *,
    queryset: QuerySet[Meeting] | None = None,
) -> Meeting:
    """A meeting page: staff always; members only when invited or the meeting is
    open/closed/published and they are active; reviewers only once published.

    `queryset` lets a caller load more with the meeting (annotations) in the
    same query; the rules above apply unchanged.
    """
    council = get_council_for_reader(user, council_slug)
    meeting = get_object_or_404(
        (queryset if queryset is not None else Meeting.objects).select_related("council"),
        council=council,
        slug=meeting_slug,
    )
    role = role_of(user)
    if role in (Role.STAFF, Role.ADMIN):
        return meeting
    if meeting.status == Meeting.Status.DRAFT:
        raise Http404
    if role == Role.MEMBER:
        return meeting
    if role == Role.REVIEWER and meeting.status == Meeting.Status.PUBLISHED:
        return meeting
    raise PermissionDenied


def get_member_for_staff(user: User, council_slug: str, member_id: int) -> Member:
    council = get_council_for_staff(user, council_slug)
    return get_object_or_404(Member.objects.select_related("user"), council=council, pk=member_id)


def get_opinion_for(user: User, council_slug: str, meeting_slug: str, opinion_id: int) -> Opinion:
    """Staff see every opinion; a member only their own (others are 404, never 403)."""
    meeting = get_meeting_for(user, council_slug, meeting_slug)
    opinion = get_object_or_404(
        Opinion.objects.select_related("member", "meeting"), meeting=meeting, pk=opinion_id
    )
    role = role_of(user)
    if role in (Role.STAFF, Role.ADMIN):
        return opinion
    if role == Role.MEMBER and opinion.member.user_id == user.pk:
        return opinion
    raise Http404


def get_meeting_for_staff(user: User, council_slug: str, meeting_slug: str) -> Meeting:
    """A meeting's management pages: staff of its council only."""
    council = get_council_for_staff(user, council_slug)
    return get_object_or_404(
        Meeting.objects.select_related("council"), council=council, slug=meeting_slug
    )


def get_agenda_item_for_staff(
    user: User, council_slug: str, meeting_slug: str, item_id: int
) -> AgendaItem:
    meeting = get_meeting_for_staff(user, council_slug, meeting_slug)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_id)
    item.meeting = meeting
    return item


def get_attachment_for(
    user: User, council_slug: str, meeting_slug: str, attachment_id: int
) -> Attachment:
    """A material file: whoever may see the meeting may download it."""
    meeting = get_meeting_for(user, council_slug, meeting_slug)
    attachment = get_object_or_404(
        Attachment.objects.select_related("agenda_item"),
        agenda_item__meeting=meeting,
        pk=attachment_id,
    )
    attachment.agenda_item.meeting = meeting
    return attachment


def get_invited_member_for(
    user: User, council_slug: str, meeting_slug: str
) -> tuple[Meeting, Member]:
    """The member's own opinion form: invited members only (others 404); other roles 403."""
    if role_of(user) != Role.MEMBER:
        get_meeting_for(user, council_slug, meeting_slug)  # 404 before 403, as everywhere
        raise page_of({Role.MEMBER})
    member = user.member
    invited = Invitation.objects.filter(meeting=OuterRef("pk"), member=member)
    meeting = get_meeting_for(
        user,
        council_slug,
        meeting_slug,
        queryset=Meeting.objects.annotate(member_is_invited=Exists(invited)),
    )
    if not meeting.member_is_invited:
        raise Http404
    return meeting, member


def get_invitee_for_staff(
    user: User, council_slug: str, meeting_slug: str, member_id: int
) -> tuple[Meeting, Member]:
    """Staff entering an opinion on behalf of an invited member."""
    meeting = get_meeting_for_staff(user, council_slug, meeting_slug)
    invitation = get_object_or_404(
        Invitation.objects.select_related("member__user"), meeting=meeting, member_id=member_id
    )
    return meeting, invitation.member
