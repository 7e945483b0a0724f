"""What a 403 page may say about whose page it is.

Access helpers raise `page_of(roles)`; the 403 page (config/errors.py) shows
the exception's text only when it is one of MESSAGES, so nothing else an
exception carries can reach a visitor. Telling a user of the same council that
a page belongs to another role leaks nothing: the roles are public knowledge.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

STAFF_ONLY = _("구청 담당자만 볼 수 있는 화면입니다.")
MEMBER_ONLY = _("위원만 볼 수 있는 화면입니다.")
REVIEWER_ONLY = _("부서 담당자만 볼 수 있는 화면입니다.")
STAFF_AND_REVIEWERS_ONLY = _("구청 담당자와 부서 담당자만 볼 수 있는 화면입니다.")

MESSAGES = (STAFF_ONLY, MEMBER_ONLY, REVIEWER_ONLY, STAFF_AND_REVIEWERS_ONLY)

_BY_ROLES = {
    frozenset({"staff"}): STAFF_ONLY,
    frozenset({"member"}): MEMBER_ONLY,
    frozenset({"reviewer"}): REVIEWER_ONLY,
    frozenset({"staff", "reviewer"}): STAFF_AND_REVIEWERS_ONLY,
}


def page_of(roles: Iterable[str]) -> PermissionDenied:
    """A PermissionDenied that names the roles (council.access.Role values) owning the page."""
    owners = frozenset(str(role) for role in roles) - {"admin"}
    message = _BY_ROLES.get(owners)
    return PermissionDenied(message) if message is not None else PermissionDenied()
