"""The portal's URLs plus views that fail on purpose, for the error-page tests."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@login_not_required
def boom(request):
    raise RuntimeError("a bug in a view")


@login_not_required
def forbidden_with_internal_text(request):
    raise PermissionDenied("internal: user 7 lacks flag can_publish on council 3")


@login_not_required
def bad(request):
    raise BadRequest("malformed")


@login_not_required
@require_POST
def post_only(request):
    return HttpResponse("done")


urlpatterns = [
    path("__test__/post-only/", post_only),
    path("__test__/boom/", boom),
    path("__test__/forbidden/", forbidden_with_internal_text),
    path("__test__/bad/", bad),
    *urlpatterns,
]
