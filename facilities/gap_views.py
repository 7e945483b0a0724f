"""Staff pages for where care is missing: the gap view, its thresholds, the population
import, the 동 codes and the national open-data import.

Every page is staff-only (`get_council_for_staff` or `get_agenda_item_for_staff` on the
first line). Imports are two requests: upload → preview (the parsed rows wait in
`lib.uploads`) → confirm, applied all or nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import audit
from council.access import get_council_for_staff
from council.models import Dong
from facilities import freshness, gap_charts, gap_exporter, opendata, population
from facilities.gap_forms import (
    DongCodeFormSet,
    GapFilterForm,
    GapSettingsForm,
    OpenDataUploadForm,
    PopulationUploadForm,
)
from facilities.gaps import gap_report, gap_tables
from facilities.models import FacilitySource, GapSettings, PopulationDataset
from lib import uploads
from lib.dates import korean_month
from lib.downloads import file_response
from lib.errors import Refused
from lib.xlsx import UploadRejected


def _months(council) -> list:
    return list(
        PopulationDataset.objects.filter(council=council)
        .order_by("-month")
        .values_list("month", flat=True)
    )


def gap_view(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    months = _months(council_obj)
    form = GapFilterForm(request.GET or None, months=months)
    as_of, month = form.values()
    settings = GapSettings.for_council(council_obj)
    report = gap_report(council=council_obj, as_of=as_of, month=month, settings=settings)
    query = request.GET.urlencode()
    dates = {
        key: dt.date.fromisoformat(report[key]) if report[key] else None
        for key in ("month", "as_of", "figures_from", "figures_to")
    }
    return render(
        request,
        "facilities/gaps/gap_view.html",
        {
            "council": council_obj,
            "form": form,
            "report": report,
            "dates": dates,
            "flagged_names": ", ".join(r["dong"] for r in report["rows"] if r["flags"]),
            "snapshot": gap_tables(report),
            "charts": [gap_charts.places_chart(report), gap_charts.demand_chart(report)]
            if report["rows"]
            else [],
            "settings": settings,
            "oldest_age": freshness.age_words(dates["figures_from"], as_of),
            "has_population": bool(months),
            "query": query,
        },
    )


def gap_xlsx(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    form = GapFilterForm(request.GET or None, months=_months(council_obj))
    as_of, month = form.values()
    report = gap_report(council=council_obj, as_of=as_of, month=month)
    filename, content_type, content = gap_exporter.gap_workbook(
        report=report, slug=council_obj.slug
    )
    audit.record(
        request, action="care_gaps_xlsx", target=f"돌봄 공백 현황 {as_of}", council=council_obj
    )
    return file_response(filename, content_type, content)


def gap_settings(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    instance = GapSettings.for_council(council_obj)
    form = GapSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.council = council_obj
        saved.updated_by = request.user
        saved.save()
        messages.success(request, _("돌봄 공백 기준을 저장했습니다."))
        return redirect("facilities:gaps", council=council_obj.slug)
    return render(
        request, "facilities/gaps/settings_form.html", {"council": council_obj, "form": form}
    )


# --- population --------------------------------------------------------------------------


def population_import(request: HttpRequest, council: str) -> HttpResponse:
    """Imported months, and upload → preview of a new file."""
    council_obj = get_council_for_staff(request.user, council)
    form = PopulationUploadForm(request.POST or None, request.FILES or None)
    preview = None
    rejected = None
    encoding = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        uploads.forget(request, kind=population.PENDING_KIND)
        try:
            parsed, encoding = population.read_population(upload)
            preview = population.judge_population(council=council_obj, parsed=parsed)
        except UploadRejected as exc:
            rejected = exc
        else:
            uploads.keep(
                request,
                kind=population.PENDING_KIND,
                scope=council_obj.slug,
                payload=population.to_payload(parsed, source_name=upload.name, encoding=encoding),
            )
    datasets = list(
        PopulationDataset.objects.filter(council=council_obj).select_related("imported_by")[:24]
    )
    settings = GapSettings.for_council(council_obj)
    return render(
        request,
        "facilities/population/import.html",
        {
            "council": council_obj,
            "form": form,
            "preview": preview,
            "encoding": encoding,
            "rejected": rejected,
            "datasets": datasets,
            "ages": (settings.age_from, settings.age_to),
            "rows": [
                {
                    "row": row,
                    "dong": dong,
                    "children": sum(row.ages[settings.age_from : settings.age_to + 1]),
                }
                for row, dong in preview.matched
            ]
            if preview
            else [],
            "uncoded": Dong.objects.filter(council=council_obj, code__isnull=True).exists(),
        },
    )


@require_POST
def population_confirm(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    payload = uploads.take(request, kind=population.PENDING_KIND, scope=council_obj.slug)
    if payload is None:
        messages.error(request, _("확인할 가져오기 자료가 없습니다. 파일을 다시 올려 주세요."))
        return redirect("facilities:population", council=council_obj.slug)
    try:
        dataset = population.apply_population(
            council=council_obj, user=request.user, payload=payload
        )
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("facilities:population", council=council_obj.slug)
    messages.success(
        request,
        _("%(month)s 주민등록 인구를 가져왔습니다 (행정동 %(count)s곳).")
        % {"month": korean_month(dataset.month), "count": dataset.figures.count()},
    )
    return redirect("facilities:gaps", council=council_obj.slug)


def dong_codes(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    queryset = Dong.objects.filter(council=council_obj).order_by("order", "name")
    formset = DongCodeFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        codes = [f.cleaned_data.get("code") for f in formset.forms if f.cleaned_data.get("code")]
        duplicates = {c for c in codes if codes.count(c) > 1}
        if duplicates:
            messages.error(
                request,
                _("같은 코드를 두 동에 적었습니다: %(codes)s")
                % {"codes": ", ".join(sorted(duplicates))},
            )
        else:
            with transaction.atomic():
                # Clear first, so two 동 can swap codes without tripping the unique rule.
                changed = [f.instance for f in formset.forms if f.has_changed()]
                Dong.objects.filter(pk__in=[d.pk for d in changed]).update(code=None)
                for dong in changed:
                    dong.save(update_fields=["code"])
            messages.success(request, _("행정동 코드를 저장했습니다."))
            return redirect("facilities:population", council=council_obj.slug)
    return render(
        request,
        "facilities/population/dong_codes.html",
        {"council": council_obj, "formset": formset},
    )


# --- national open data -------------------------------------------------------------------


def opendata_import(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    form = OpenDataUploadForm(request.POST or None, request.FILES or None)
    preview = None
    rejected = None
    if request.method == "POST" and form.is_valid():
        uploads.forget(request, kind=opendata.PENDING_KIND)
        try:
            parsed = opendata.read_open_data(form.cleaned_data["file"], form.cleaned_data["format"])
            preview = opendata.judge_open_data(council=council_obj, parsed=parsed)
        except UploadRejected as exc:
            rejected = exc
        else:
            if not preview.has_errors:
                parsed["source_name"] = form.cleaned_data["file"].name[:255]
                uploads.keep(
                    request, kind=opendata.PENDING_KIND, scope=council_obj.slug, payload=parsed
                )
    return _opendata_page(request, council_obj, form, preview, rejected)


def _opendata_page(request, council_obj, form, preview, rejected, choices=None):
    errors = opendata.row_errors(preview) if preview else []
    for row in preview.rows if preview else []:
        row.chosen_dong = (choices or {}).get(row.row, row.chosen_dong)
    return render(
        request,
        "facilities/opendata/import.html",
        {
            "council": council_obj,
            "form": form,
            "preview": preview,
            "rejected": rejected,
            "row_errors": errors[:50],
            "hidden_errors": max(0, len(errors) - 50),
            "dongs": list(Dong.objects.filter(council=council_obj).order_by("order", "name"))
            if preview
            else [],
            "counts": {
                action: preview.count(action)
                for action in (
                    opendata.Action.NEW,
                    opendata.Action.CHANGED,
                    opendata.Action.UNCHANGED,
                    opendata.Action.ERROR,
                )
            }
            if preview
            else {},
            "sources": FacilitySource.objects.filter(council=council_obj)
            .select_related("facility")
            .order_by("facility__name")[:200],
            "can_apply": bool(
                preview
                and not preview.has_errors
                and (preview.count(opendata.Action.NEW) or preview.count(opendata.Action.CHANGED))
            ),
        },
    )


@require_POST
def opendata_confirm(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    parsed = uploads.take(request, kind=opendata.PENDING_KIND, scope=council_obj.slug)
    if parsed is None:
        messages.error(request, _("확인할 가져오기 자료가 없습니다. 파일을 다시 올려 주세요."))
        return redirect("facilities:opendata", council=council_obj.slug)
    choices = {}
    for key, value in request.POST.items():
        if key.startswith("dong-") and key[5:].isdigit() and value.isdigit():
            choices[int(key[5:])] = int(value)
    try:
        preview = opendata.apply_open_data(
            council=council_obj, user=request.user, parsed=parsed, dong_choices=choices
        )
    except UploadRejected as exc:
        messages.error(request, str(exc))
        return redirect("facilities:opendata", council=council_obj.slug)
    except Refused as exc:
        # Nothing was written: show the same preview again with the choices made.
        uploads.keep(request, kind=opendata.PENDING_KIND, scope=council_obj.slug, payload=parsed)
        messages.error(request, str(exc))
        preview = opendata.judge_open_data(council=council_obj, parsed=parsed)
        form = OpenDataUploadForm(initial={"format": parsed["format"]})
        return _opendata_page(request, council_obj, form, preview, None, choices)
    messages.success(
        request,
        _(
            "공공데이터를 반영했습니다: 새 시설 %(new)s곳, 바뀐 시설 %(changed)s곳, 그대로 둔 충돌 %(conflicts)s건."
        )
        % {
            "new": preview.count(opendata.Action.NEW),
            "changed": preview.count(opendata.Action.CHANGED),
            "conflicts": preview.conflicts,
        },
    )
    return redirect("facilities:list", council=council_obj.slug)
