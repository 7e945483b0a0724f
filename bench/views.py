"""The throughput baseline: a view that renders a trivial template and nothing else."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from council.models import Meeting, Member, Opinion, OpinionPoint


def bare(request: HttpRequest) -> HttpResponse:
    # Login-required like every portal page, so both sides pay the same
    # middleware (session, auth, CSRF, CSP, no-store) and differ only in the view.
    return render(request, "bench/bare.html", {"name": request.user.get_username()})


@require_http_methods(["GET", "POST"])
def placeholder_opinion(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Stand-in for the member's opinion form until the council app's lands: one text
    point, saved and submitted in one transaction, then redirect (the real flow's shape)."""
    member = get_object_or_404(Member, user=request.user, council__slug=council)
    meeting_obj = get_object_or_404(Meeting, council__slug=council, slug=meeting)
    if request.method == "POST":
        text = request.POST.get("text", "").strip()
        if text and meeting_obj.accepts_opinions():
            with transaction.atomic():
                opinion, _ = Opinion.objects.update_or_create(
                    meeting=meeting_obj,
                    member=member,
                    defaults={
                        "status": Opinion.Status.SUBMITTED,
                        "submitted_at": timezone.now(),
                        "entered_by": request.user,
                    },
                )
                opinion.points.all().delete()
                OpinionPoint.objects.create(opinion=opinion, order=1, text=text)
            return redirect(request.path)
    return render(request, "bench/placeholder_opinion.html", {"meeting": meeting_obj})
