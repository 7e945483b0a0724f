"""Who may see what: roles, and one `get_<thing>_for(user, ...)` helper per object.

The rules, written once for every app (proposals/access.py and reports/access.py
apply the same ones to their objects):

1. Pages of another council, and council pages for a user with no role: 404,
   so nothing is learned about other councils or what they hold.
2. An object the user's role may not know exists: 404. A meeting in
   preparation (draft) is known only to staff; another member's opinion, a
   proposal routed to another department, likewise.
3. A page of an object the user may know exists, but that the user's role may
   not use (a member on the aggregation page, a reviewer on the roster): 403.
   The 404 check always comes first, so a 403 never confirms that something
   hidden exists.
4. Staff of the council, and the site administrator for every council, see
   everything of the council.
5. A member whose term has ended (or not yet begun) keeps, read-only, the
   meetings they were invited to (the page, its materials, their own opinion,
   the published proposals) for their records, and nothing else: later
   meetings are 404, the council's current pages (the facility registry) 403.
   A member in office sees every meeting past preparation.

Every view calls one of these helpers on its first line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from council.models import (
    AgendaItem,
    Attachment,
    Council,
    Invitation,
    Meeting,
    Member,
    Opinion,
)
from lib import compiled
from lib.denials import page_of


class Role(models.TextChoices):
    STAFF = "staff", _("구청 담당자")
    MEMBER = "member", _("위원")
    REVIEWER = "reviewer", _("부서 담당자")
    ADMIN = "admin", _("시스템 관리자")


@dataclass(frozen=True)
class RoleBinding:
    """How a role is recognised on a user account, and which council it belongs to.

    The app that owns a role's model registers its binding (council: staff and
    members; proposals: department reviewers), so this module needs to import
    none of them.
    """

    role: Role
    accessor: str  # the User's one-to-one accessor, e.g. "member"
    council_path: str  # select_related path from the user to the council
    council: Callable[[Any], Council]  # the council of the role record


_BINDINGS: dict[Role, RoleBinding] = {}


def register_role(binding: RoleBinding) -> None:
    """Called from an app's `ready()`; one account has at most one role."""
    _BINDINGS[binding.role] = binding


def role_select_related() -> list[str]:
    """The joins that load every registered role (and its council) with the user."""
    return [binding.council_path for binding in _BINDINGS.values()]


def role_of(user: User | AnonymousUser) -> Role | None:
    """The user's role; one role per account."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    for binding in _BINDINGS.values():
        if hasattr(user, binding.accessor):
            return binding.role
    return None


def council_of(user: User | AnonymousUser) -> Council | None:
    """The council the user's role belongs to (none for administrators and outsiders).

    The authentication backend (council.backends) loads it with the user, so
    this costs no query on a request.
    """
    role = role_of(user)
    binding = _BINDINGS.get(role) if role else None
    if binding is None:
        return None
    return binding.council(getattr(user, binding.accessor))


def home_url_for(user: User) -> str:
    """Where each role lands after login (settings.ROLE_HOME_URLS names the pages)."""
    role = role_of(user)
    homes = settings.ROLE_HOME_URLS
    if role is None:
        return reverse(homes["none"])
    if role == Role.ADMIN:
        return reverse(homes[role])
    return reverse(homes[role], args=[council_of(user).slug])


def counts_as_staff(user: User | AnonymousUser) -> bool:
    """Staff, or the site administrator: an administrator counts as staff on every
    staff page and for every object staff may see. The one place this rule is written."""
    return role_of(user) in (Role.STAFF, Role.ADMIN)


def may_use_page(user: User | AnonymousUser, roles: Iterable[Role]) -> bool:
    """A page meant for `roles` (a staff page admits the administrator too)."""
    roles = set(roles)
    return role_of(user) in roles or (Role.STAFF in roles and counts_as_staff(user))


def is_staff_of(user: User, council: Council) -> bool:
    """Staff of this council; the administrator belongs to every council."""
    return counts_as_staff(user) and (council_of(user) is None or council_of(user).pk == council.pk)


def get_council_for(user: User, slug: str, *, roles: set[Role]) -> Council:
    """The council `slug` if `user` belongs to it (404 otherwise); 403 for the wrong role."""
    role = role_of(user)
    if role == Role.ADMIN:
        council = get_object_or_404(Council, slug=slug)
        if may_use_page(user, roles):
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


COUNCIL_ROLES = frozenset({Role.STAFF, Role.MEMBER, Role.REVIEWER})
STAFF_ROLES = frozenset({Role.STAFF})


def get_council_for_staff(user: User, slug: str) -> Council:
    return get_council_for(user, slug, roles=STAFF_ROLES)


ADMIN_ROLES = frozenset({Role.ADMIN})


def get_council_for_admin(user: User, slug: str) -> Council:
    """A council page only the site administrator uses (giving a login a staff seat):
    the council's own staff 403, everyone else as for any council page."""
    return get_council_for(user, slug, roles=ADMIN_ROLES)


def is_former_member(user: User) -> bool:
    """Rule 5: a member account whose term does not cover today."""
    return role_of(user) == Role.MEMBER and not user.member.in_office()


def get_council_for_reader(user: User, slug: str) -> Council:
    """Any role of the council may read (the facility registry); a former member
    may not (403: the page is known, the role no longer reaches it)."""
    council = get_council_for(user, slug, roles=COUNCIL_ROLES)
    if is_former_member(user):
        raise PermissionDenied
    return council


def may_know_meeting(user: User, meeting: Meeting) -> bool:
    """Rules 2 and 5 for meetings: staff know every meeting; others none in
    preparation; a former member only those they were invited to."""
    if counts_as_staff(user):
        return True
    if not meeting.visible_to_members():
        return False
    if is_former_member(user):
        return Invitation.objects.filter(meeting=meeting, member=user.member).exists()
    return True


def get_meeting_for(
    user: User,
    council_slug: str,
    meeting_slug: str,
    *,
    roles: frozenset[Role] | set[Role] = COUNCIL_ROLES,
) -> Meeting:
    """A meeting the user may know exists (404 otherwise), for a page `roles` may use (403)."""
    council = get_council_for(user, council_slug, roles=COUNCIL_ROLES)
    meeting = get_object_or_404(Meeting, council=council, slug=meeting_slug)
    return _known_meeting(user, council, meeting, roles)


def _known_meeting(user: User, council: Council, meeting: Meeting, roles) -> Meeting:
    """The rules of `get_meeting_for` once its meeting is found in `council`."""
    # The council is the one just checked: no join to load it again (the ORM's cost of
    # building one is most of a query's, docs/PERFORMANCE.md throughput).
    meeting.council = council
    if not may_know_meeting(user, meeting):
        raise Http404
    if not may_use_page(user, roles):
        raise page_of(roles)
    return meeting


def get_meeting_for_staff(user: User, council_slug: str, meeting_slug: str) -> Meeting:
    """A meeting's staff pages (manage, tracker, aggregation, responses list, result)."""
    return get_meeting_for(user, council_slug, meeting_slug, roles=STAFF_ROLES)


def get_meeting_page_for(user: User, council_slug: str, meeting_slug: str) -> Meeting:
    """The meeting page (agenda and materials): staff and members; department
    reviewers once the result is published (before that, their page is the
    review list)."""
    meeting = get_meeting_for(user, council_slug, meeting_slug)
    if role_of(user) == Role.REVIEWER and not meeting.is_published:
        raise PermissionDenied
    return meeting


def get_member_for_staff(user: User, council_slug: str, member_id: int) -> Member:
    council = get_council_for_staff(user, council_slug)
    return get_object_or_404(Member.objects.select_related("user"), council=council, pk=member_id)


def council_accounts(council: Council) -> QuerySet[User]:
    """The council's staff and department reviewer accounts (who must use a second
    factor), by name; reviewers found through the relation's name, not the app."""
    return (
        User.objects.filter(
            models.Q(staff__council=council) | models.Q(reviewer__department__council=council)
        )
        .distinct()
        .order_by("username")
    )


def get_account_for_staff(user: User, council_slug: str, account_id: int) -> tuple[Council, User]:
    """The council and another staff or reviewer account of it (never the staff's
    own: a second factor is reset by someone else); others are 404."""
    council = get_council_for_staff(user, council_slug)
    account = get_object_or_404(council_accounts(council).exclude(pk=user.pk), pk=account_id)
    return council, account


def get_opinion_for(user: User, council_slug: str, meeting_slug: str, opinion_id: int) -> Opinion:
    """Staff see every opinion; a member only their own; nobody else knows of any (404)."""
    meeting = get_meeting_for(user, council_slug, meeting_slug)
    opinion = get_object_or_404(
        Opinion.objects.select_related("member", "meeting"), meeting=meeting, pk=opinion_id
    )
    if counts_as_staff(user):
        return opinion
    if role_of(user) == Role.MEMBER and opinion.member.user_id == user.pk:
        return opinion
    raise Http404


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
    """A material file: whoever may see the meeting page may download it."""
    meeting = get_meeting_page_for(user, council_slug, meeting_slug)
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
        get_meeting_for(user, council_slug, meeting_slug, roles={Role.MEMBER})
        raise page_of({Role.MEMBER})  # staff and administrators: a known page of another role
    member = user.member
    council = get_council_for(user, council_slug, roles=COUNCIL_ROLES)
    # Not invited reads as no such meeting (404), so the invitation is a join in the
    # meeting's own query (one row at most), compiled once: a member opens this page
    # on every visit and every save (lib.compiled).
    found = compiled.instances(invited_meeting_query, council.pk, meeting_slug, member.pk)
    if not found:
        raise Http404
    return _known_meeting(user, council, found[0], {Role.MEMBER}), member


def invited_meeting_query(council_id: int, slug: str, member_id: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        council_id=council_id, slug=slug, invitations__member_id=member_id
    )


def get_invitee_for_staff(
    user: User, council_slug: str, meeting_slug: str, member_id: int
) -> tuple[Meeting, Member]:
    """Staff entering an opinion on behalf of an invited member."""
    meeting = get_meeting_for_staff(user, council_slug, meeting_slug)
    invitation = get_object_or_404(
        Invitation.objects.select_related("member__user"), meeting=meeting, member_id=member_id
    )
    return meeting, invitation.member
