"""The public archive of published results: no login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from council.models import Meeting


@login_not_required
def archive_index(request: HttpRequest) -> HttpResponse:
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.PUBLISHED)
        .select_related("council")
        .order_by("-year", "-half", "council__name")
    )
    return render(request, "reports/archive_index.html", {"meetings": meetings})
