"""Staff and readers' pages of the care-facility registry.

Readers (staff, members, reviewers of the council) see the list, a
facility's page and the 기관별 현황 report; only staff create, edit, import
and export the registry.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import audit
from council.access import (
    get_council_for_reader,
    get_council_for_staff,
    is_staff_of,
)
from council.models import Council
from facilities import exporter, importer
from facilities.access import get_facility_for
from facilities.finder import public_facilities
from facilities.forms import (
    AsOfForm,
    FacilityFilterForm,
    FacilityForm,
    FiguresForm,
    ImportUploadForm,
    RegistryExportForm,
)
from facilities.models import Facility, FacilityFigures
from facilities.reports import NIGHT_THRESHOLD, status_report, status_tables
from lib import imports
from lib.downloads import file_response

PAGE_SIZE = 30


def _filtered(council: Council, form: FacilityFilterForm):
    facilities = Facility.objects.filter(council=council)
    if not form.is_valid():
        return facilities
    data = form.cleaned_data
    if data["q"]:
        q = data["q"].strip()
        facilities = facilities.filter(
            Q(name__icontains=q)
            | Q(code__icontains=q)
            | Q(address__icontains=q)
            | Q(operator__icontains=q)
        )
    if data["kind"]:
        facilities = facilities.filter(kind=data["kind"])
    if data["dong"]:
        facilities = facilities.filter(dong=data["dong"])
    if data["status"]:
        facilities = facilities.filter(status=data["status"])
    if data["night_care"]:
        facilities = facilities.filter(night_care=True)
    if data["open_after_20"]:
        facilities = facilities.filter(closes_at__gte=NIGHT_THRESHOLD)
    if data["temporary_vacancy"]:
        facilities = facilities.filter(temporary_care=True, temporary_spare__gt=0)
    return facilities


def facility_list(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_reader(request.user, council)
    form = FacilityFilterForm(request.GET or None, council=council_obj)
    today = timezone.localdate()
    facilities = (
        _filtered(council_obj, form)
        .select_related("dong", "other_kind")
        .with_figures_as_of(today)
        .order_by("kind", "dong__order", "name")
    )
    page = Paginator(facilities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "facilities/facility_list.html",
        {
            "council": council_obj,
            "form": form,
            "page": page,
            "today": today,
            "query": query.urlencode(),
            "filtered": bool(form.is_bound and any(form.data.get(k) for k in form.fields)),
            "can_edit": is_staff_of(request.user, council_obj),
        },
    )


def facility_detail(request: HttpRequest, council: str, code: str) -> HttpResponse:
    facility = get_facility_for(request.user, council, code)
    figures = list(facility.figures.select_related("recorded_by").order_by("-as_of"))
    records = list(facility.history.select_related("history_user").order_by("-history_date")[:30])
    history = []
    for record, previous in zip(records, records[1:] + [None], strict=True):
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["updated_at", "updated_by"])
            for change in delta.changes:
                field = Facility._meta.get_field(change.field)
                changes.append(str(field.verbose_name))
        history.append({"record": record, "changes": changes})
    return render(
        request,
        "facilities/facility_detail.html",
        {
            "council": facility.council,
            "facility": facility,
            "figures": figures,
            "history": history,
            "can_edit": is_staff_of(request.user, facility.council),
            "publicly_listed": public_facilities(facility.council, today=timezone.localdate())
            .filter(pk=facility.pk)
            .exists(),
        },
    )


def facility_create(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    form = FacilityForm(
        request.POST or None, instance=Facility(council=council_obj), council=council_obj
    )
    if request.method == "POST" and form.is_valid():
        facility = form.save(commit=False)
        facility.council = council_obj
        facility.updated_by = request.user
        facility.save()
        messages.success(request, _("돌봄시설을 등록했습니다. 정원·현원 기록을 추가해 주세요."))
        return redirect(facility)
    return render(
        request,
        "facilities/facility_form.html",
        {"council": council_obj, "form": form, "facility": None},
    )


def facility_edit(request: HttpRequest, council: str, code: str) -> HttpResponse:
    facility = get_facility_for(request.user, council, code, edit=True)
    form = FacilityForm(request.POST or None, instance=facility, council=facility.council)
    if request.method == "POST" and form.is_valid():
        facility = form.save(commit=False)
        facility.updated_by = request.user
        facility.save()
        messages.success(request, _("돌봄시설 정보를 저장했습니다."))
        return redirect(facility)
    return render(
        request,
        "facilities/facility_form.html",
        {"council": facility.council, "form": form, "facility": facility},
    )


def figures_create(request: HttpRequest, council: str, code: str) -> HttpResponse:
    facility = get_facility_for(request.user, council, code, edit=True)
    form = FiguresForm(
        request.POST or None,
        instance=FacilityFigures(facility=facility),
        facility=facility,
        initial={"as_of": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        figures = form.save(commit=False)
        figures.facility = facility
        figures.recorded_by = request.user
        figures.save()
        messages.success(request, _("정원·현원 기록을 추가했습니다."))
        return redirect(facility)
    latest = facility.figures.order_by("-as_of").first()
    return render(
        request,
        "facilities/figures_form.html",
        {"council": facility.council, "facility": facility, "form": form, "latest": latest},
    )


def facility_report(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_reader(request.user, council)
    form = AsOfForm(request.GET or None)
    as_of = form.day()
    return render(
        request,
        "facilities/report.html",
        {
            "council": council_obj,
            "form": form,
            # The same plain tables a meeting freezes (council/includes/snapshot_tables.html).
            "snapshot": status_tables(status_report(council=council_obj, as_of=as_of)),
            "as_of": as_of,
        },
    )


def facility_report_xlsx(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_reader(request.user, council)
    as_of = AsOfForm(request.GET or None).day()
    report = status_report(council=council_obj, as_of=as_of)
    filename, content_type, content = exporter.report_workbook(report=report, slug=council_obj.slug)
    audit.record(
        request, action="facility_report_xlsx", target=f"기관별 현황 {as_of}", council=council_obj
    )
    return file_response(filename, content_type, content)


def facility_export(request: HttpRequest, council: str) -> HttpResponse:
    """The registry as of a date; it holds personal data, so a reason is asked first
    (GET shows the form, POST records the reason and sends the file)."""
    council_obj = get_council_for_staff(request.user, council)
    form = RegistryExportForm(
        request.POST or None, initial={"as_of": request.GET.get("as_of") or timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        as_of: dt.date = form.day()
        filename, content_type, content = exporter.registry_workbook(
            council=council_obj, as_of=as_of
        )
        audit.record(
            request,
            action="facility_export",
            target=f"돌봄시설 목록 {as_of}",
            council=council_obj,
            reason=form.cleaned_data["reason"],
        )
        return file_response(filename, content_type, content)
    return render(request, "facilities/export_form.html", {"council": council_obj, "form": form})


def import_template(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    filename, content_type, content = exporter.template_workbook(council=council_obj)
    audit.record(
        request, action="facility_template", target="돌봄시설 등록 양식", council=council_obj
    )
    return file_response(filename, content_type, content)


def import_upload(request: HttpRequest, council: str) -> HttpResponse:
    """Upload → preview (lib.imports): the parsed rows wait in private storage under a token
    kept in the session; the client never resends them."""
    council_obj = get_council_for_staff(request.user, council)
    step = imports.upload_step(request, importer.FacilityImporter(council_obj), ImportUploadForm)
    preview = step.preview
    return render(
        request,
        "facilities/import.html",
        {
            "council": council_obj,
            "form": step.form,
            "results": preview.rows if preview else None,
            "summary": preview.counts if preview else None,
            "can_apply": bool(preview and preview.can_apply),
        },
    )


@require_POST
def import_confirm(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    back = reverse("facilities:import", kwargs={"council": council_obj.slug})
    return imports.confirm_step(request, importer.FacilityImporter(council_obj), back=back)
