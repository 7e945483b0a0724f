from django.conf import settings
from django.http import HttpRequest

from council.access import Role, council_of, is_former_member, role_of
from council.models import Council


def site(request: HttpRequest) -> dict:
    """What every page (error pages too) shows whoever is reading: the help line and,
    on a government domain, the official-site masthead."""
    return {
        "site_help_contact": settings.PORTAL_HELP_CONTACT,
        "official_masthead": settings.PORTAL_OFFICIAL_MASTHEAD,
    }


def navigation(request: HttpRequest) -> dict:
    """The role and council the navigation bar is drawn for."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_role": None,
            "nav_council": None,
            "nav_reader": False,
            "nav_facilities": False,
            "Role": Role,
        }
    role = role_of(user)
    council = council_of(user)
    if role == Role.ADMIN and getattr(request, "resolver_match", None):
        slug = request.resolver_match.kwargs.get("council")
        if slug:
            council = (
                Council.objects.filter(slug=slug).only("slug", "name", "district", "kind").first()
            )
    # A former member keeps their meetings but no longer reads the council's registry.
    reader = role is not None and not is_former_member(user)
    # The facility registry, finder and gap view belong to children's councils.
    facilities = council is not None and council.has_care_facilities
    return {
        "nav_role": role,
        "nav_council": council,
        "nav_reader": reader,
        "nav_facilities": facilities,
        # A person on several councils (council.seats): their councils, from the session.
        "nav_seats": request.session.get("seats", []) if hasattr(request, "session") else [],
        "Role": Role,
    }
