"""Staff and readers' pages of the care-facility registry."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from council.access import get_council_for_reader, is_staff_of
from facilities.models import Facility


def facility_list(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_reader(request.user, council)
    facilities = (
        Facility.objects.filter(council=council_obj)
        .select_related("dong")
        .with_figures_as_of(timezone.localdate())
    )
    page = Paginator(facilities, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "facilities/facility_list.html",
        {"council": council_obj, "page": page, "can_edit": is_staff_of(request.user, council_obj)},
    )
