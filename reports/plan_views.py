"""Staff page of the year's results in the 지역사회보장계획's shape, and its downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from council import audit
from council.access import get_council_for_staff
from lib.downloads import file_response
from reports import plan_results

FORMATS = {"xlsx": plan_results.plan_results_xlsx, "hwpx": plan_results.plan_results_hwpx}
FIRST_YEAR = 2000


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= default + 1 else default


def plan_results_page(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    this_year = timezone.localdate().year
    year = _year(request.GET.get("year"), this_year)
    results = plan_results.build_plan_results(council=council_obj, year=year)
    return render(
        request,
        "reports/plan_results.html",
        {
            "council": council_obj,
            "year": year,
            "years": list(range(this_year, this_year - 6, -1)),
            "results": results,
            "parts": plan_results.part_tables(results),
        },
    )


def plan_results_file(request: HttpRequest, council: str, year: int, fmt: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    if fmt not in FORMATS or not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    results = plan_results.build_plan_results(council=council_obj, year=year)
    filename, content_type, content = FORMATS[fmt](results)
    audit.record(request, action="plan_results_export", target=filename, council=council_obj)
    return file_response(filename, content_type, content)
