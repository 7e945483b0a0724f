"""Staff pages of the trends across meetings (추이): charts with tables, the
spreadsheet, and freezing the figures into an agenda item as meeting material."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from council import audit
from council.access import get_council_for_staff
from lib.downloads import file_response
from reports import trends as trend_data
from reports.forms import YearRangeForm


def _years(data) -> tuple[YearRangeForm, int, int]:
    """The requested year range, or the last five years when none (or a bad one) is given."""
    today = timezone.localdate()
    default = (today.year - trend_data.DEFAULT_YEARS + 1, today.year)
    form = YearRangeForm(
        data or None, initial=dict(zip(("first_year", "last_year"), default, strict=True))
    )
    if data and form.is_valid():
        return form, form.cleaned_data["first_year"], form.cleaned_data["last_year"]
    return form, *default


def trends(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    form, first, last = _years(request.GET)
    data = trend_data.build_trends(council=council_obj, first_year=first, last_year=last)
    return render(
        request,
        "reports/trends.html",
        {
            "council": council_obj,
            "form": form,
            "trends": data,
            "charts": trend_data.charts(data),
            "query": f"first_year={first}&last_year={last}",
        },
    )


def trends_xlsx(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    _form, first, last = _years(request.GET)
    data = trend_data.build_trends(council=council_obj, first_year=first, last_year=last)
    filename, content_type, content = trend_data.export_xlsx(data)
    audit.record(request, action="trends_xlsx", target=filename, council=council_obj)
    return file_response(filename, content_type, content)
