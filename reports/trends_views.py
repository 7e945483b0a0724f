"""Staff pages of the trends across meetings (추이): charts with tables, the
spreadsheet, and freezing the figures into an agenda item as meeting material."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from council import audit
from council import services as council_services
from council.access import get_agenda_item_for_staff, get_council_for_staff
from council.downloads import file_response
from council.errors import Refused
from reports import trends as trend_data


class YearRangeForm(forms.Form):
    first_year = forms.IntegerField(label=_lazy("시작 연도"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_lazy("끝 연도"), min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _lazy("끝 연도는 시작 연도보다 빠를 수 없습니다."))
        if first and last and last - first > 20:
            self.add_error("first_year", _lazy("한 번에 20년까지 볼 수 있습니다."))
        return data


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


def trends_snapshot(request: HttpRequest, council: str, meeting: str, item_id: int) -> HttpResponse:
    """Attach the trends (as plain tables) to an agenda item, frozen as of today."""
    item = get_agenda_item_for_staff(request.user, council, meeting, item_id)
    form, first, last = _years(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = trend_data.build_trends(
            council=item.meeting.council, first_year=first, last_year=last
        )
        try:
            council_services.attach_snapshot(
                item=item, snapshot=trend_data.snapshot(data), as_of=data.today
            )
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("건의사항 추진 추이를 안건 자료로 첨부했습니다."))
        return redirect(item.meeting.get_absolute_url())
    return render(
        request,
        "council/snapshot_form.html",
        {
            "council": item.meeting.council,
            "meeting": item.meeting,
            "form": form,
            "item": item,
            "source_label": _("건의사항 추진 추이 첨부"),
        },
    )
