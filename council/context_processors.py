from django.http import HttpRequest

from council.access import Role, council_of, role_of
from council.models import Council


def navigation(request: HttpRequest) -> dict:
    """The role and council the navigation bar is drawn for."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_role": None, "nav_council": None, "Role": Role}
    role = role_of(user)
    council = council_of(user)
    if role == Role.ADMIN and getattr(request, "resolver_match", None):
        slug = request.resolver_match.kwargs.get("council")
        if slug:
            council = Council.objects.filter(slug=slug).only("slug", "name", "district").first()
    return {"nav_role": role, "nav_council": council, "Role": Role}
