"""Who may see a facility (the rules are council/access.py's).

Every role of the council may read the registry; only staff edit it.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404

from council.access import get_council_for_reader, get_council_for_staff
from facilities.models import Facility


def get_facility_for(user: User, council_slug: str, code: str, *, edit: bool = False) -> Facility:
    """A facility of the user's council: readers may look, only staff may edit (403)."""
    council = (
        get_council_for_staff(user, council_slug)
        if edit
        else get_council_for_reader(user, council_slug)
    )
    return get_object_or_404(
        Facility.objects.select_related("council", "dong", "updated_by"), council=council, code=code
    )
