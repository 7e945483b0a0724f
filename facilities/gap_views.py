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
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import audit
from council.access import get_council_for_staff
from council.models import Dong
from facilities import dong_list, freshness, gap_exporter, opendata, population
from facilities.gap_forms import (
    DongCodeFormSet,
    DongListUploadForm,
    GapFilterForm,
    GapSettingsForm,
    GradeFocusForm,
    OpenDataUploadForm,
    PopulationUploadForm,
)
from facilities.gaps import demand_chart, gap_report, gap_tables, places_chart
from facilities.models import FacilitySource, GapSettings, PopulationDataset
from lib import imports
from lib.downloads import file_response


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
    grades = report["grades"]
    focus_form = GradeFocusForm(request.GET or None, bands=grades["bands"], times=grades["times"])
    g, t = focus_form.values()
    focus = {
        "grade": g,
        "time": t,
        "band": grades["bands"][g],
        "ages": grades["ages"][g],
        "time_label": grades["times"][t],
        "rows": [
            {"dong": r["dong"], "children": r["children"][g], **r["cells"][g][t]}
            for r in grades["rows"]
        ],
        "total": {
            "children": grades["total"]["children"][g],
            **grades["total"]["cells"][g][t],
        },
    }
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
            "charts": [places_chart(report), demand_chart(report)] if report["rows"] else [],
            "settings": settings,
            "oldest_age": freshness.age_words(dates["figures_from"], as_of),
            "has_population": bool(months),
            "query": query,
            "focus_form": focus_form,
            "focus": focus,
            "policy_date": dt.date.fromisoformat(grades["policy"]["date"]),
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
    """Imported months, and upload → preview of a new file (lib.imports)."""
    council_obj = get_council_for_staff(request.user, council)
    step = imports.upload_step(
        request,
        population.PopulationImporter(council_obj),
        PopulationUploadForm,
        error_on_form=False,
    )
    preview = step.preview.detail if step.preview else None
    settings = GapSettings.for_council(council_obj)
    return render(
        request,
        "facilities/population/import.html",
        {
            "council": council_obj,
            "form": step.form,
            "preview": preview,
            "encoding": step.payload["encoding"] if preview else "",
            "rejected": step.rejected,
            "datasets": list(
                PopulationDataset.objects.filter(council=council_obj).select_related("imported_by")[
                    :24
                ]
            ),
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
    back = reverse("facilities:population", kwargs={"council": council_obj.slug})
    return imports.confirm_step(request, population.PopulationImporter(council_obj), back=back)


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


def dong_list_import(request: HttpRequest, council: str) -> HttpResponse:
    """The 행정동 list from a file (the same files as `manage.py import_dongs`):
    upload → preview of what changes (lib.imports) → confirm."""
    council_obj = get_council_for_staff(request.user, council)
    step = imports.upload_step(
        request, dong_list.DongListImporter(council_obj), DongListUploadForm, error_on_form=False
    )
    plan = step.preview.detail if step.preview else None
    changes = []
    if plan is not None:
        changes = (
            [{"name": r.name, "code": r.code, "what": _("새로 추가")} for r in plan.new]
            + [
                {
                    "name": name,
                    "code": dong.code,
                    "what": _("이름 바뀜: %(old)s → %(new)s") % {"old": dong.name, "new": name},
                }
                for dong, name in plan.renamed
            ]
            + [
                {"name": dong.name, "code": code, "what": _("코드 채움")}
                for dong, code in plan.coded
            ]
        )
    return render(
        request,
        "facilities/population/dong_list.html",
        {
            "council": council_obj,
            "form": step.form,
            "preview": plan,
            "changes": changes,
            "can_apply": bool(step.preview and step.preview.can_apply),
            "rejected": step.rejected,
        },
    )


@require_POST
def dong_list_confirm(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    back = reverse("facilities:dong_list_import", kwargs={"council": council_obj.slug})
    return imports.confirm_step(request, dong_list.DongListImporter(council_obj), back=back)


# --- national open data -------------------------------------------------------------------


def opendata_import(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    step = imports.upload_step(
        request, opendata.OpenDataImporter(council_obj), OpenDataUploadForm, error_on_form=False
    )
    return _opendata_page(request, council_obj, step.form, step.preview, step.rejected)


def _opendata_page(request, council_obj, form, preview, rejected, choices=None):
    detail = preview.detail if preview else None
    for row in detail.rows if detail else []:
        row.chosen_dong = (choices or {}).get(row.row, row.chosen_dong)
    return render(
        request,
        "facilities/opendata/import.html",
        {
            "council": council_obj,
            "form": form,
            "preview": detail,
            "rejected": rejected,
            "row_errors": preview.errors[:50] if preview else [],
            "hidden_errors": max(0, len(preview.errors) - 50) if preview else 0,
            "dongs": list(Dong.objects.filter(council=council_obj).order_by("order", "name"))
            if preview
            else [],
            "counts": preview.counts if preview else {},
            "sources": FacilitySource.objects.filter(council=council_obj)
            .select_related("facility")
            .order_by("facility__name")[:200],
            "can_apply": bool(preview and preview.can_apply),
        },
    )


@require_POST
def opendata_confirm(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    importer = opendata.OpenDataImporter(council_obj)

    def again(payload: dict, options: dict) -> HttpResponse:
        form = OpenDataUploadForm(initial={"format": payload["format"]})
        preview = importer.judge(payload)
        return _opendata_page(request, council_obj, form, preview, None, options["dong_choices"])

    back = reverse("facilities:opendata", kwargs={"council": council_obj.slug})
    return imports.confirm_step(request, importer, back=back, again=again)
