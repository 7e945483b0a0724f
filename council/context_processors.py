from django.http import HttpRequest

from council.access import Role, council_id_of, role_of
from council.models import Council


def navigation(request: HttpRequest) -> dict:
    """The role and council the navigation bar is drawn for."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_role": None, "nav_council": None, "Role": Role}
    role = role_of(user)
    council = None
    council_id = council_id_of(user)
    holder = getattr(user, "staff", None) if role == Role.STAFF else None
    if role == Role.MEMBER:
        holder = user.member
    if holder is not None and type(holder).council.is_cached(holder):
        # The view already loaded the council through get_council_for.
        council = holder.council
    elif council_id is not None:
        council = Council.objects.filter(pk=council_id).only("slug", "name", "district").first()
    elif role == Role.ADMIN and getattr(request, "resolver_match", None):
        slug = request.resolver_match.kwargs.get("council")
        if slug:
            council = Council.objects.filter(slug=slug).only("slug", "name", "district").first()
    return {"nav_role": role, "nav_council": council, "Role": Role}
