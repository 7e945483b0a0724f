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


def for_children_councils(urlconf: str):
    """`include(urlconf)` whose pages are 404 for a council of a kind without care
    facilities (통합지원협의체, 지역사회보장협의체: council.kinds).

    The check reads the council loaded with the signed-in user's role, so it costs
    no query; the administrator and the public (whose pages read the council anyway)
    pass, and a council that is not for children simply has no facilities to show.
    """
    from functools import wraps
    from importlib import import_module

    from django.http import Http404
    from django.urls import URLPattern, URLResolver, include

    from council.access import council_of

    def guard(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            council = council_of(request.user) if request.user.is_authenticated else None
            if (
                council is not None
                and council.slug == kwargs.get("council")
                and not council.has_care_facilities
            ):
                raise Http404
            return view(request, *args, **kwargs)

        return guarded

    def wrap(patterns):
        wrapped = []
        for entry in patterns:
            if isinstance(entry, URLResolver):
                wrapped.append(
                    URLResolver(
                        entry.pattern,
                        wrap(entry.url_patterns),
                        entry.default_kwargs,
                        entry.app_name,
                        entry.namespace,
                    )
                )
            else:
                wrapped.append(
                    URLPattern(entry.pattern, guard(entry.callback), entry.default_args, entry.name)
                )
        return wrapped

    module = import_module(urlconf)
    return include((wrap(module.urlpatterns), module.app_name))
