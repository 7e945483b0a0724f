"""Aggregation, proposals and department review responses."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from council import audit
from council.access import Role, get_council_for, get_council_for_staff, role_of
from council.models import Category, Council, Department, Meeting, Opinion, OpinionPoint, Reviewer
from proposals import services, spreadsheet
from proposals.access import (
    department_of,
    get_department_for,
    get_meeting_for_responses,
    get_meeting_for_staff,
    get_proposal_for,
    get_proposal_for_response,
    get_proposal_for_staff,
    is_staff_role,
    visible_response,
)
from proposals.forms import (
    AggregateActionForm,
    CategoryForm,
    DepartmentForm,
    FollowUpFormSet,
    PointFilterForm,
    ProposalForm,
    ResponseForm,
    ReturnForm,
    UploadForm,
)
from proposals.models import DepartmentResponse, Proposal

EDITABLE_STATUSES = (Meeting.Status.CLOSED,)


def _proposal_kwargs(proposal: Proposal) -> dict:
    return {
        "council": proposal.meeting.council.slug,
        "meeting": proposal.meeting.slug,
        "number": proposal.number,
    }


def _meeting_kwargs(meeting: Meeting) -> dict:
    return {"council": meeting.council.slug, "meeting": meeting.slug}


# --- aggregation -----------------------------------------------------------------


def aggregate(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """All submitted points side by side, filters, and the proposals made from them."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    all_points = list(
        OpinionPoint.objects.filter(
            opinion__meeting=meeting_obj, opinion__status=Opinion.Status.SUBMITTED
        )
        .select_related("opinion__member", "category", "agenda_item")
        .order_by("opinion__member__name", "order", "pk")
    )
    proposals = list(
        Proposal.objects.filter(meeting=meeting_obj)
        .select_related("category", "department")
        .prefetch_related(
            Prefetch(
                "source_points",
                queryset=OpinionPoint.objects.select_related("opinion__member").order_by(
                    "opinion__member__name", "order"
                ),
            )
        )
    )
    # Which proposals each point went into, from the proposals' own source points
    # (one query for the whole page rather than one per point).
    used_in: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        for point in proposal.source_points.all():
            used_in.setdefault(point.pk, []).append(proposal)
    for point in all_points:
        point.used_in = used_in.get(point.pk, [])
    filters = PointFilterForm(request.GET or None, points=all_points)
    points = filters.apply(all_points, set(used_in))
    return render(
        request,
        "proposals/aggregate.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "filters": filters,
            "points": points,
            "left_out": [p for p in all_points if not p.used_in],
            "proposals": proposals,
            "can_edit": meeting_obj.status in EDITABLE_STATUSES,
        },
    )


@require_POST
def aggregate_action(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Create a proposal from the selected points, or add them to an existing one."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    back = reverse("proposals:aggregate", kwargs=_meeting_kwargs(meeting_obj))
    if meeting_obj.status not in EDITABLE_STATUSES:
        messages.error(request, _("마감된 회의에서만 취합할 수 있습니다."))
        return redirect(back)
    form = AggregateActionForm(request.POST, meeting=meeting_obj)
    if not form.is_valid():
        for field, errors in form.errors.items():
            if field != "points":
                for error in errors:
                    messages.error(request, error)
        if "points" in form.errors:
            messages.error(request, _("건의사항으로 만들 의견을 하나 이상 선택하세요."))
        return redirect(back)
    points = list(form.cleaned_data["points"])
    if form.cleaned_data["action"] == "create":
        proposal = services.create_proposal(
            meeting=meeting_obj, points=points, headline=form.cleaned_data["headline"]
        )
        messages.success(
            request,
            _("%(number)d번 건의사항을 만들었습니다. 제목과 담당 부서를 확인하세요.")
            % {"number": proposal.number},
        )
        return redirect("proposals:proposal_edit", **_proposal_kwargs(proposal))
    proposal = services.add_points(proposal=form.cleaned_data["proposal"], points=points)
    messages.success(
        request,
        _("%(number)d번 건의사항에 의견 %(count)d개를 더했습니다.")
        % {"number": proposal.number, "count": len(points)},
    )
    return redirect(back)


# --- proposal editing --------------------------------------------------------------


def proposal_detail(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    """A proposal with its response as the user may see it (members: final only)."""
    proposal = get_proposal_for(request.user, council, meeting, number)
    response = visible_response(request.user, proposal)
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "council": proposal.meeting.council,
            "meeting": proposal.meeting,
            "proposal": proposal,
            "response": response,
            "follow_ups": response.follow_ups.all() if response else [],
            "is_staff": is_staff_role(request.user),
            "can_respond": role_of(request.user) != Role.MEMBER,
            "sources": proposal.source_points.select_related("opinion__member")
            if is_staff_role(request.user)
            else [],
        },
    )


def proposal_edit(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    """Edit a proposal; a save over someone else's newer save is refused, both shown."""
    proposal = get_proposal_for_staff(request.user, council, meeting, number)
    can_edit = proposal.meeting.status in EDITABLE_STATUSES
    conflict = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ProposalForm(request.POST, instance=Proposal.objects.get(pk=proposal.pk))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_proposal(
                    proposal=proposal,
                    version=data["version"],
                    category=data["category"],
                    headline=data["headline"],
                    details=data["details"],
                    department=data["department"],
                    due_date=data["due_date"],
                    source_points=data["source_points"],
                )
            except services.StaleVersion as stale:
                conflict = stale.current
                messages.error(
                    request,
                    _(
                        "다른 사람이 먼저 이 건의사항을 고쳤습니다 (버전 %(theirs)d). "
                        "아래에서 두 내용을 비교한 뒤 다시 저장하세요. 입력하신 내용은 저장되지 않았습니다."
                    )
                    % {"theirs": conflict.version},
                )
                # Let the next save go through on purpose: the user has now seen theirs.
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            else:
                messages.success(request, _("건의사항을 저장했습니다."))
                return redirect("proposals:proposal_edit", **_proposal_kwargs(proposal))
    else:
        form = ProposalForm(instance=proposal)
    return render(
        request,
        "proposals/proposal_form.html",
        {
            "council": proposal.meeting.council,
            "meeting": proposal.meeting,
            "proposal": proposal,
            "form": form,
            "conflict": conflict,
            "conflict_points": conflict.source_points.select_related("opinion__member")
            if conflict
            else [],
            "yours": form.data if conflict else None,
            "can_edit": can_edit,
        },
    )


@require_POST
def proposal_move(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request.user, council, meeting, number)
    back = reverse("proposals:aggregate", kwargs=_meeting_kwargs(proposal.meeting))
    if proposal.meeting.status not in EDITABLE_STATUSES:
        messages.error(request, _("마감된 회의에서만 순서를 바꿀 수 있습니다."))
        return redirect(back)
    try:
        services.move_proposal(proposal=proposal, direction=request.POST.get("direction", ""))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("건의사항 순서를 바꿨습니다."))
    return redirect(f"{back}#proposals")


def proposal_delete(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    """Confirm, then delete; the following proposals move up one number."""
    proposal = get_proposal_for_staff(request.user, council, meeting, number)
    if proposal.meeting.status not in EDITABLE_STATUSES:
        raise PermissionDenied
    if request.method == "POST":
        services.delete_proposal(proposal=proposal)
        messages.success(
            request, _("%(number)d번 건의사항을 삭제했습니다.") % {"number": proposal.number}
        )
        return redirect("proposals:aggregate", **_meeting_kwargs(proposal.meeting))
    return render(
        request,
        "proposals/proposal_confirm_delete.html",
        {"council": proposal.meeting.council, "meeting": proposal.meeting, "proposal": proposal},
    )


HISTORY_KINDS = {"+": _lazy("생성"), "~": _lazy("수정"), "-": _lazy("삭제")}


def _diffs(records: list, labels: dict[str, dict]) -> list[dict]:
    """Each history record with what changed against the one before (newest first).

    `labels` maps a field name to {stored value: readable text} (foreign keys,
    choices, source points), so the page never shows raw ids.
    """

    def readable(field: str, value):
        if field == "source_points":
            names = [labels[field].get(row.get("opinionpoint"), "?") for row in value or []]
            return ", ".join(names)
        return labels.get(field, {}).get(value, value)

    entries = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None:
            delta = record.diff_against(older, excluded_fields=["updated_at", "version"])
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": readable(change.field, change.old),
                        "new": readable(change.field, change.new),
                    }
                )
        entries.append(
            {
                "record": record,
                "who": record.history_user,
                "when": record.history_date,
                "kind": HISTORY_KINDS.get(record.history_type, record.history_type),
                "changes": changes,
            }
        )
    return entries


def proposal_history(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    """Who changed the proposal and its response, when, and from what to what."""
    proposal = get_proposal_for_staff(request.user, council, meeting, number)
    proposal_records = list(
        proposal.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    response = DepartmentResponse.objects.filter(proposal=proposal).first()
    response_records = (
        list(
            response.history.select_related("history_user").order_by("-history_date", "-history_id")
        )
        if response
        else []
    )
    council_id = proposal.meeting.council_id
    labels = {
        "category": dict(Category.objects.filter(council_id=council_id).values_list("pk", "name")),
        "department": dict(
            Department.objects.filter(council_id=council_id).values_list("pk", "name")
        ),
        "source_points": {
            p.pk: f"{p.opinion.member.name}: {p.text[:30]}"
            for p in OpinionPoint.objects.filter(opinion__meeting=proposal.meeting).select_related(
                "opinion__member"
            )
        },
        "state": dict(DepartmentResponse.State.choices),
        "status": dict(DepartmentResponse.Status.choices),
        "entered_by_staff": {True: _("예"), False: _("아니오")},
    }
    return render(
        request,
        "proposals/proposal_history.html",
        {
            "council": proposal.meeting.council,
            "meeting": proposal.meeting,
            "proposal": proposal,
            "proposal_entries": _diffs(proposal_records, labels),
            "response_entries": _diffs(response_records, labels),
        },
    )


# --- responses ---------------------------------------------------------------------


def _neighbours(proposal: Proposal, user) -> tuple[Proposal | None, Proposal | None]:
    """Previous and next proposal the user may answer, to work through a meeting."""
    qs = Proposal.objects.filter(meeting_id=proposal.meeting_id)
    department = department_of(user)
    if department is not None:
        qs = qs.filter(department=department)
    previous = qs.filter(number__lt=proposal.number).order_by("-number").first()
    following = qs.filter(number__gt=proposal.number).order_by("number").first()
    return previous, following


def response_edit(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    """The department's response: staff type it in on its behalf, or the reviewer writes it."""
    proposal = get_proposal_for_response(request.user, council, meeting, number)
    staff = is_staff_role(request.user)
    response = DepartmentResponse.objects.filter(proposal=proposal).first()
    # A reviewer may not rewrite a final response; staff return it for revision first.
    can_write = proposal.department_id is not None and (
        staff or response is None or response.status != DepartmentResponse.Status.FINAL
    )
    conflict = None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        form = ResponseForm(request.POST)
        formset = FollowUpFormSet(request.POST, prefix="followups")
        if form.is_valid() and formset.is_valid():
            follow_ups = [
                services.FollowUpData(f.cleaned_data["text"], f.cleaned_data["due_date"])
                for f in formset.forms
                if f.cleaned_data
                and not f.cleaned_data.get("DELETE")
                and f.cleaned_data.get("text")
            ]
            try:
                services.save_response(
                    proposal=proposal,
                    version=form.cleaned_data["version"],
                    state=form.cleaned_data["state"],
                    lines=form.cleaned_data["lines"],
                    follow_ups=follow_ups,
                    final="submit" in request.POST,
                    user=request.user,
                    as_staff=staff,
                )
            except services.StaleVersion as stale:
                conflict = stale.current
                messages.error(
                    request,
                    _(
                        "다른 사람이 먼저 이 검토 의견을 저장했습니다 (버전 %(theirs)d). "
                        "아래에서 두 내용을 비교한 뒤 다시 저장하세요. 입력하신 내용은 저장되지 않았습니다."
                    )
                    % {"theirs": conflict.version if conflict else 0},
                )
                form.data = form.data.copy()
                form.data["version"] = conflict.version if conflict else 0
            except services.WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                if "submit" in request.POST:
                    messages.success(request, _("검토 의견을 최종 제출했습니다."))
                else:
                    messages.success(request, _("검토 의견을 임시 저장했습니다."))
                return redirect("proposals:response_edit", **_proposal_kwargs(proposal))
    else:
        form = ResponseForm(
            initial={
                "version": response.version if response else 0,
                "state": response.state if response else "",
                "lines": response.lines if response else "",
            }
        )
        formset = FollowUpFormSet(
            prefix="followups",
            initial=[
                {"text": f.text, "due_date": f.due_date}
                for f in (response.follow_ups.all() if response else [])
            ],
        )
    previous, following = _neighbours(proposal, request.user)
    return render(
        request,
        "proposals/response_form.html",
        {
            "council": proposal.meeting.council,
            "meeting": proposal.meeting,
            "proposal": proposal,
            "response": response,
            "form": form,
            "formset": formset,
            "conflict": conflict,
            "conflict_follow_ups": conflict.follow_ups.all() if conflict else [],
            "yours_state": dict(DepartmentResponse.State.choices).get(form.data.get("state"), "")
            if conflict
            else "",
            "is_staff": staff,
            "can_write": can_write,
            "return_form": ReturnForm(),
            "previous": previous,
            "following": following,
            "overdue": proposal.due_date
            and proposal.due_date < timezone.localdate()
            and not (response and response.status == DepartmentResponse.Status.FINAL),
        },
    )


@require_POST
def response_return(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    """Staff send a final response back to the department, with a comment it will see."""
    proposal = get_proposal_for_staff(request.user, council, meeting, number)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("보완 요청 사유를 적으세요."))
    else:
        try:
            services.return_response(proposal=proposal, comment=form.cleaned_data["comment"])
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("검토 의견을 부서에 보완 요청했습니다."))
    return redirect("proposals:response_edit", **_proposal_kwargs(proposal))


def response_list(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Every proposal of the meeting with its response status, to work through in one sitting."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    proposals = list(
        Proposal.objects.filter(meeting=meeting_obj)
        .select_related("category", "department", "response", "response__entered_by")
        .order_by("number")
    )
    rows = _response_rows(proposals)
    departments = Department.objects.filter(council=meeting_obj.council)
    return render(
        request,
        "proposals/response_list.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "rows": rows,
            "overdue_count": sum(1 for r in rows if r["overdue"]),
            "departments": departments,
        },
    )


# --- spreadsheet round trip ---------------------------------------------------------


def export_xlsx(request: HttpRequest, council: str, meeting: str, department: int) -> HttpResponse:
    """A department's proposals of a meeting with their response columns, as xlsx."""
    meeting_obj = get_meeting_for_responses(request.user, council, meeting)
    department_obj = get_department_for(request.user, meeting_obj, department)
    filename, content_type, content = spreadsheet.export_department(
        meeting=meeting_obj, department=department_obj
    )
    audit.record(
        request,
        action="proposals_xlsx_export",
        target=f"{meeting_obj.slug} {department_obj.name}",
        council=meeting_obj.council,
    )
    response = HttpResponse(content, content_type=content_type)
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _import_session_key(meeting: Meeting) -> str:
    return f"proposals-import-{meeting.pk}"


def import_xlsx(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Upload an edited export; show per row what would change (nothing saved yet)."""
    meeting_obj = get_meeting_for_responses(request.user, council, meeting)
    department = department_of(request.user)
    rows = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rows = spreadsheet.read_upload(
                    upload=form.cleaned_data["file"], meeting=meeting_obj, department=department
                )
            except spreadsheet.UploadRejected as exc:
                form.add_error("file", str(exc))
            else:
                request.session[_import_session_key(meeting_obj)] = [r.as_dict() for r in rows]
    else:
        form = UploadForm()
    state_labels = dict(DepartmentResponse.State.choices)
    status_labels = dict(DepartmentResponse.Status.choices)
    return render(
        request,
        "proposals/import.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "form": form,
            "rows": rows,
            "state_labels": state_labels,
            "status_labels": status_labels,
            "applicable": sum(1 for r in rows or [] if r.changed and not r.conflict),
            "departments": Department.objects.filter(council=meeting_obj.council)
            if department is None
            else [department],
        },
    )


@require_POST
def import_apply(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Apply the previewed upload, all or nothing; conflict rows are left alone."""
    meeting_obj = get_meeting_for_responses(request.user, council, meeting)
    stored = request.session.pop(_import_session_key(meeting_obj), None)
    back = reverse("proposals:import_xlsx", kwargs=_meeting_kwargs(meeting_obj))
    if not stored:
        messages.error(request, _("먼저 파일을 올려 미리보기를 확인하세요."))
        return redirect(back)
    rows = [spreadsheet.RowChange(**row) for row in stored]
    department = department_of(request.user)
    if department is not None and any(
        not Proposal.objects.filter(pk=r.proposal_id, department=department).exists() for r in rows
    ):
        raise PermissionDenied
    saved = spreadsheet.apply_rows(
        rows=rows, meeting=meeting_obj, user=request.user, as_staff=is_staff_role(request.user)
    )
    conflicts = sum(1 for r in rows if r.conflict)
    messages.success(
        request,
        _("검토 의견 %(saved)d건을 반영했습니다. 충돌 %(conflicts)d건은 반영하지 않았습니다.")
        % {"saved": saved, "conflicts": conflicts},
    )
    if is_staff_role(request.user):
        return redirect("proposals:response_list", **_meeting_kwargs(meeting_obj))
    return redirect("proposals:review_home", council=meeting_obj.council.slug)


# --- reviewer home -----------------------------------------------------------------


def review_home(request: HttpRequest, council: str) -> HttpResponse:
    """Reviewer home: the department's proposals across meetings, due dates and status."""
    council_obj = get_council_for(request.user, council, roles={Role.REVIEWER})
    department = request.user.reviewer.department
    proposals = (
        Proposal.objects.for_department(department)
        .exclude(meeting__status=Meeting.Status.DRAFT)
        .select_related("meeting__council", "category", "response")
        .order_by("-meeting__year", "-meeting__half", "number")
    )
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    rows = _response_rows(page)
    meetings = (
        Meeting.objects.filter(proposals__department=department)
        .select_related("council")
        .exclude(status=Meeting.Status.DRAFT)
        .distinct()
    )
    return render(
        request,
        "proposals/review_home.html",
        {
            "council": council_obj,
            "department": department,
            "rows": rows,
            "page": page,
            "meetings": meetings,
        },
    )


# --- categories and departments ------------------------------------------------------


def categories(request: HttpRequest, council: str) -> HttpResponse:
    """The council's ordered categories (분야): add one, rename, move up/down."""
    council_obj = get_council_for_staff(request.user, council)
    form = CategoryForm(request.POST or None, instance=Category(council=council_obj))
    if request.method == "POST" and form.is_valid():
        last = Category.objects.filter(council=council_obj).order_by("-order").first()
        form.instance.order = (last.order if last else 0) + 1
        form.save()
        messages.success(request, _("분야를 추가했습니다."))
        return redirect("proposals:categories", council=council_obj.slug)
    return render(
        request,
        "proposals/categories.html",
        {
            "council": council_obj,
            "categories": Category.objects.filter(council=council_obj),
            "form": form,
        },
    )


def _rename(
    request: HttpRequest,
    *,
    council: Council,
    form: forms.ModelForm,
    title: str,
    done: str,
    list_url: str,
) -> HttpResponse:
    """The rename page shared by categories and departments."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, done)
        return redirect(list_url, council=council.slug)
    back = reverse(list_url, kwargs={"council": council.slug})
    context = {"council": council, "form": form, "title": title, "back": back}
    return render(request, "proposals/name_form.html", context)


def category_edit(request: HttpRequest, council: str, category: int) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    obj = get_object_or_404(Category, council=council_obj, pk=category)
    return _rename(
        request,
        council=council_obj,
        form=CategoryForm(request.POST or None, instance=obj),
        title=_("분야 이름 바꾸기"),
        done=_("분야 이름을 바꿨습니다."),
        list_url="proposals:categories",
    )


@require_POST
def category_move(request: HttpRequest, council: str, category: int) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    obj = get_object_or_404(Category, council=council_obj, pk=category)
    try:
        services.move_category(category=obj, direction=request.POST.get("direction", ""))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("분야 순서를 바꿨습니다."))
    return redirect("proposals:categories", council=council_obj.slug)


def departments(request: HttpRequest, council: str) -> HttpResponse:
    """The council's departments with their reviewer accounts; add one."""
    council_obj = get_council_for_staff(request.user, council)
    form = DepartmentForm(request.POST or None, instance=Department(council=council_obj))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("부서를 추가했습니다."))
        return redirect("proposals:departments", council=council_obj.slug)
    return render(
        request,
        "proposals/departments.html",
        {
            "council": council_obj,
            "departments": Department.objects.filter(council=council_obj).prefetch_related(
                Prefetch("reviewers", queryset=Reviewer.objects.select_related("user"))
            ),
            "form": form,
        },
    )


def department_edit(request: HttpRequest, council: str, department: int) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    obj = get_object_or_404(Department, council=council_obj, pk=department)
    return _rename(
        request,
        council=council_obj,
        form=DepartmentForm(request.POST or None, instance=obj),
        title=_("부서 이름 바꾸기"),
        done=_("부서 이름을 바꿨습니다."),
        list_url="proposals:departments",
    )


def _response_rows(proposals) -> list[dict]:
    """Each proposal with its response (or None) and whether it is overdue today."""
    today = timezone.localdate()
    return [
        {
            "proposal": p,
            "response": getattr(p, "response", None),
            "overdue": p.is_overdue(today),
        }
        for p in proposals
    ]
