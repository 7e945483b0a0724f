"""Follow-up commitments between meetings: the board, one commitment's page with its
timeline and progress form, note attachments, the council's status list, and the
member's page of the proposals they fed."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import audit
from council.access import Role, counts_as_staff, get_council_for, get_council_for_staff
from council.category_views import rename_page
from council.models import Meeting
from lib.downloads import stored_file_response
from lib.errors import Refused, StaleVersion
from lib.ordering import move_page
from proposals import commitment_services as services
from proposals import plan_services
from proposals.access import (
    department_of,
    get_commitment_for,
    get_council_for_commitments,
    get_note_for,
)
from proposals.forms import (
    BoardFilterForm,
    CommitmentStatusForm,
    MemberMailForm,
    PlanFieldsForm,
    ProgressForm,
)
from proposals.models import (
    DEFAULT_STATUSES,
    Commitment,
    CommitmentStatus,
    Department,
    ProgressNote,
    StatusMailSubscription,
    overdue_q,
)
from proposals.views.proposal_pages import _diffs

BOARD_PAGE_SIZE = 30


def _board_queryset(council, department, data: dict):
    """Made commitments of the council as the filters say, overdue first, then by
    department, status order and due date."""
    qs = (
        Commitment.objects.made()
        .for_council(council)
        .with_overdue()
        .with_latest_note()
        .select_related("status", "department", "response__proposal__meeting__council")
    )
    if department is not None:
        qs = qs.filter(department=department)
    elif data.get("department"):
        qs = qs.filter(department=data["department"])
    state = data.get("state") or "open"
    if state == "open":
        qs = qs.open()
    elif state == "closed":
        qs = qs.exclude(status__kind=CommitmentStatus.Kind.OPEN)
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("meeting"):
        qs = qs.filter(response__proposal__meeting=data["meeting"])
    if data.get("overdue"):
        qs = qs.filter(overdue=True)
    return qs.order_by(
        "-overdue", "department__name", "status__order", "due_date", "response__proposal__number"
    )


def commitment_board(request: HttpRequest, council: str) -> HttpResponse:
    """Staff: every open commitment by department and status, overdue first, filterable.
    A department reviewer sees their department's."""
    council_obj = get_council_for_commitments(request.user, council)
    own = department_of(request.user)
    statuses = list(CommitmentStatus.objects.filter(council=council_obj))
    departments = Department.objects.filter(council=council_obj)
    if own is not None:
        departments = departments.filter(pk=own.pk)
    departments = list(departments)
    meetings = (
        Meeting.objects.filter(council=council_obj, proposals__response__commitments__isnull=False)
        .select_related("council")
        .distinct()
        .order_by("-year", "-half")
    )
    form = BoardFilterForm(
        request.GET or None,
        departments=Department.objects.filter(pk__in=[d.pk for d in departments]),
        statuses=CommitmentStatus.objects.filter(council=council_obj),
        meetings=meetings,
    )
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(_board_queryset(council_obj, own, data), BOARD_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # The summary: open commitments per department and status, and how many are overdue.
    summary_qs = Commitment.objects.made().for_council(council_obj).open()
    if own is not None:
        summary_qs = summary_qs.filter(department=own)
    counts = {
        (row["department"], row["status"]): row["n"]
        for row in summary_qs.values("department", "status").annotate(n=Count("pk"))
    }
    overdue = dict(
        summary_qs.values("department")
        .annotate(n=Count("pk", filter=overdue_q(timezone.localdate())))
        .values_list("department", "n")
    )
    open_statuses = [s for s in statuses if not s.closes]
    summary = [
        {
            "department": d,
            "cells": [counts.get((d.pk, s.pk), 0) for s in open_statuses],
            "total": sum(counts.get((d.pk, s.pk), 0) for s in open_statuses),
            "overdue": overdue.get(d.pk, 0),
        }
        for d in departments
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/commitment_board.html",
        {
            "council": council_obj,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "summary": [row for row in summary if row["total"]],
            "open_statuses": open_statuses,
            "departments": departments,
            "own_department": own,
            "is_staff": own is None,
        },
    )


def _stale_message(current: Commitment) -> str:
    return _(
        "다른 사람이 먼저 이 후속 조치를 바꿨습니다 (%(theirs)d번째 수정). 아래에서 두 내용을 "
        "비교한 뒤 다시 저장하세요. 입력하신 내용은 저장되지 않았습니다."
    ) % {"theirs": current.version}


def commitment_detail(request: HttpRequest, council: str, commitment: int) -> HttpResponse:
    """One commitment: its proposal, status, timeline and history; the department's
    reviewer (or staff on its behalf) records progress here."""
    item = get_commitment_for(request.user, council, commitment)
    staff = counts_as_staff(request.user)
    council_obj = item.department.council
    statuses = CommitmentStatus.objects.filter(council=council_obj)
    can_update = item.accepts_progress()
    conflict = None
    conflict_note = None
    if request.method == "POST" and can_update:
        form = ProgressForm(request.POST, request.FILES, statuses=statuses)
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("attachment")
            try:
                services.record_progress(
                    commitment=item,
                    version=data["version"],
                    status=data["status"],
                    reason=data["reason"],
                    note_date=data["note_date"],
                    note_text=data["note_text"],
                    attachment=services.Attachment(
                        upload, data["attachment_name"], data["attachment_type"]
                    )
                    if upload
                    else None,
                    user=request.user,
                    as_staff=staff,
                )
            except StaleVersion as stale:
                conflict = stale.current
                conflict_note = conflict.notes.order_by("-date", "-pk").first()
                messages.error(request, _stale_message(conflict))
                # The next save goes through on purpose: the user has now seen theirs.
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("추진 현황을 기록했습니다."))
                return redirect("proposals:commitment_detail", council_obj.slug, item.pk)
    else:
        form = ProgressForm(
            initial={
                "version": item.version,
                "status": item.status_id,
                "reason": item.reason,
                "note_date": timezone.localdate(),
            },
            statuses=statuses,
        )
    notes = list(
        item.notes.select_related("status").order_by("-date", "-pk")
    )  # newest first on the page
    records = list(
        item.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    labels = {
        "status": {s.pk: s.name for s in statuses},
        "department": dict(
            Department.objects.filter(council=council_obj).values_list("pk", "name")
        ),
        "entered_by_staff": {True: _("예"), False: _("아니오")},
    }
    proposal = item.response.proposal
    return render(
        request,
        "proposals/commitment_detail.html",
        {
            "council": council_obj,
            "commitment": item,
            "proposal": proposal,
            "meeting": proposal.meeting,
            "notes": notes,
            "form": form,
            "can_update": can_update,
            "is_staff": staff,
            # The response page is the proposal's department's (and staff's).
            "shows_response_link": staff or item.department_id == proposal.department_id,
            "conflict": conflict,
            "conflict_note": conflict_note,
            "yours": form.data if conflict else None,
            "yours_status": statuses.filter(pk=form.data.get("status") or 0).first()
            if conflict
            else None,
            "history": _diffs(
                records,
                labels,
                excluded=["version", "status_changed_at", "created_at", "closed_at"],
            ),
        },
    )


def note_file(request: HttpRequest, council: str, commitment: int, note: int) -> HttpResponse:
    """A progress note's attachment, for whoever may work on the commitment (audited)."""
    note_obj = get_note_for(request.user, council, commitment, note)
    if not note_obj.attachment:
        return redirect("proposals:commitment_detail", council, commitment)
    audit.record(
        request,
        action="progress_note_download",
        target=f"{note_obj.commitment.what[:80]}: {note_obj.attachment_name}",
        council=note_obj.commitment.department.council,
    )
    return stored_file_response(
        request,
        note_obj.attachment,
        filename=note_obj.attachment_name,
        content_type=note_obj.attachment_type,
    )


# ---------------------------------------------------------------- the council's status list


def commitment_statuses(request: HttpRequest, council: str) -> HttpResponse:
    """The council's ordered statuses (made from the defaults on first visit): add,
    edit, reorder."""
    council_obj = get_council_for_staff(request.user, council)
    form = CommitmentStatusForm(
        request.POST or None, instance=CommitmentStatus(council=council_obj)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_status(
                council=council_obj,
                name=form.cleaned_data["name"],
                progress=form.cleaned_data["progress"],
                kind=form.cleaned_data["kind"],
                needs_reason=form.cleaned_data["needs_reason"],
            )
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("추진 상태를 추가했습니다."))
            return redirect("proposals:commitment_statuses", council=council_obj.slug)
    statuses = list(CommitmentStatus.objects.filter(council=council_obj))
    return render(
        request,
        "proposals/commitment_statuses.html",
        {
            "council": council_obj,
            "statuses": statuses,
            # Made (from these defaults) with the first commitment or added status; a
            # GET never writes them.
            "defaults": [
                CommitmentStatus(name=name, progress=progress, kind=kind, needs_reason=reason)
                for name, progress, kind, reason in DEFAULT_STATUSES
            ]
            if not statuses
            else [],
            "form": form,
        },
    )


def commitment_status_edit(request: HttpRequest, council: str, status: int) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    obj = get_object_or_404(CommitmentStatus, council=council_obj, pk=status)
    return rename_page(
        request,
        council=council_obj,
        form=CommitmentStatusForm(request.POST or None, instance=obj),
        title=_("추진 상태 고치기"),
        done=_("추진 상태를 고쳤습니다."),
        list_url="proposals:commitment_statuses",
    )


@require_POST
def commitment_status_move(request: HttpRequest, council: str, status: int) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    obj = get_object_or_404(CommitmentStatus, council=council_obj, pk=status)
    return move_page(
        request,
        lambda direction: services.move_status(status=obj, direction=direction),
        done=_("추진 상태 순서를 바꿨습니다."),
        back=reverse("proposals:commitment_statuses", kwargs={"council": council_obj.slug}),
    )


# ---------------------------------------------------------------- members


def member_follow_ups(request: HttpRequest, council: str) -> HttpResponse:
    """A member's page: the published commitments of proposals their points fed, with
    status and timeline; and whether to hear of status changes by e-mail."""
    council_obj = get_council_for(request.user, council, roles={Role.MEMBER})
    member = request.user.member
    if request.method == "POST":
        form = MemberMailForm(request.POST)
        if form.is_valid():
            try:
                enabled = services.set_status_mail(
                    member=member, enabled=form.cleaned_data["enabled"]
                )
            except Refused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("추진 상태가 바뀌면 전자우편으로 알려 드립니다.")
                    if enabled
                    else _("추진 상태 알림을 받지 않습니다."),
                )
            return redirect("proposals:member_follow_ups", council=council_obj.slug)
    subscribed = StatusMailSubscription.objects.filter(member=member).exists()
    form = MemberMailForm(initial={"enabled": subscribed})
    commitments = list(
        Commitment.objects.public()
        .for_council(council_obj)
        .filter(response__proposal__source_points__opinion__member=member)
        .distinct()
        .select_related("status", "department", "response__proposal__meeting__council")
        .order_by(
            "-response__proposal__meeting__year",
            "-response__proposal__meeting__half",
            "response__proposal__number",
            "order",
        )
    )
    notes: dict[int, list[ProgressNote]] = {}
    for note in ProgressNote.objects.filter(commitment__in=commitments).select_related("status"):
        notes.setdefault(note.commitment_id, []).append(note)
    rows = [{"commitment": c, "notes": notes.get(c.pk, [])} for c in commitments]
    return render(
        request,
        "proposals/member_follow_ups.html",
        {
            "council": council_obj,
            "rows": rows,
            "form": form,
            "subscribed": subscribed,
            "may_subscribe": member.in_office(),
            "has_email": bool(request.user.email),
        },
    )


def commitment_plan(request: HttpRequest, council: str, commitment: int) -> HttpResponse:
    """Staff file a commitment under a 세부사업 of the 지역사회보장계획 with its indicator,
    target, result and budget (proposals.plan_services)."""
    item = get_commitment_for(request.user, council, commitment, roles={Role.STAFF})
    council_obj = item.department.council
    project = item.plan_project
    form = PlanFieldsForm(
        request.POST or None,
        council_id=council_obj.pk,
        initial={
            "project_code": project.code if project else "",
            "project_name": project.name if project else "",
            "indicator": item.indicator,
            "unit": item.unit,
            "target_value": item.target_value,
            "actual_value": item.actual_value,
            "budget": item.budget,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.set_plan_fields(commitment=item, fields=form.fields_value())
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("지역사회보장계획 연계 내용을 저장했습니다."))
            return redirect("proposals:commitment_detail", council_obj.slug, item.pk)
    return render(
        request,
        "proposals/commitment_plan.html",
        {"council": council_obj, "commitment": item, "form": form},
    )
