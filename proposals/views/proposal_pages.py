"""A proposal: its page, the edit form, moving, deleting and its history."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from council.access import Role, counts_as_staff, get_meeting_for_staff, role_of
from council.models import Category, OpinionPoint
from lib.errors import Refused, StaleVersion
from lib.ordering import move_page
from proposals import services
from proposals.access import (
    get_proposal_for,
    get_proposal_for_staff,
    visible_response,
)
from proposals.forms import (
    ProposalForm,
    RecordedProposalForm,
)
from proposals.models import Department, DepartmentResponse, Proposal
from proposals.views.common import meeting_kwargs, proposal_kwargs


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
            "commitments": response.commitments.select_related("department", "status")
            if response
            else [],
            "is_staff": counts_as_staff(request.user),
            "can_respond": role_of(request.user) != Role.MEMBER,
            "sources": proposal.source_points.select_related("opinion__member")
            if counts_as_staff(request.user)
            else [],
        },
    )


def proposal_edit(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    """Edit a proposal; a save over someone else's newer save is refused, both shown."""
    proposal = get_proposal_for_staff(request.user, council, meeting, number)
    can_edit = proposal.meeting.allows_aggregation()
    conflict = None
    if request.method == "POST":
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
            except StaleVersion as stale:
                conflict = stale.current
                messages.error(
                    request,
                    _(
                        "다른 사람이 먼저 이 건의사항을 고쳤습니다 (%(theirs)d번째 수정). "
                        "아래에서 두 내용을 비교한 뒤 다시 저장하세요. 입력하신 내용은 저장되지 않았습니다."
                    )
                    % {"theirs": conflict.version},
                )
                # Let the next save go through on purpose: the user has now seen theirs.
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("건의사항을 저장했습니다."))
                return redirect("proposals:proposal_edit", **proposal_kwargs(proposal))
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


def proposal_new(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """A proposal of a meeting recorded after the fact, typed in from its result
    document (such a meeting has no opinion points to aggregate)."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    form = RecordedProposalForm(request.POST or None, instance=Proposal(meeting=meeting_obj))
    allowed = meeting_obj.recorded and meeting_obj.allows_aggregation()
    if request.method == "POST" and allowed and form.is_valid():
        try:
            proposal = services.add_recorded_proposal(
                meeting=meeting_obj,
                headline=form.cleaned_data["headline"],
                details=form.cleaned_data["details"],
                category=form.cleaned_data["category"],
                department=form.cleaned_data["department"],
            )
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(number)d번 건의사항을 추가했습니다. 이어서 검토 의견과 후속 조치를 적으세요.")
                % {"number": proposal.number},
            )
            return redirect("proposals:response_edit", **proposal_kwargs(proposal))
    return render(
        request,
        "proposals/proposal_new.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "form": form,
            "allowed": allowed,
            "proposals": Proposal.objects.filter(meeting=meeting_obj)
            .select_related("department", "response")
            .order_by("number"),
        },
    )


@require_POST
def proposal_move(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    proposal = get_proposal_for_staff(request.user, council, meeting, number)
    back = reverse("proposals:aggregate", kwargs=meeting_kwargs(proposal.meeting))
    return move_page(
        request,
        lambda direction: services.move_proposal(proposal=proposal, direction=direction),
        done=_("건의사항 순서를 바꿨습니다."),
        back=f"{back}#proposals",
    )


def proposal_delete(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    """Confirm, then delete; the following proposals move up one number."""
    proposal = get_proposal_for_staff(request.user, council, meeting, number)
    if request.method == "POST":
        try:
            services.delete_proposal(proposal=proposal)
        except Refused as exc:
            messages.error(request, str(exc))
            return redirect("proposals:proposal_detail", **proposal_kwargs(proposal))
        messages.success(
            request, _("%(number)d번 건의사항을 삭제했습니다.") % {"number": proposal.number}
        )
        return redirect("proposals:aggregate", **meeting_kwargs(proposal.meeting))
    return render(
        request,
        "proposals/proposal_confirm_delete.html",
        {
            "council": proposal.meeting.council,
            "meeting": proposal.meeting,
            "proposal": proposal,
            "can_delete": proposal.meeting.allows_aggregation(),
        },
    )


def _same_text(old, new) -> bool:
    if not isinstance(old, str) or not isinstance(new, str):
        return False
    return old.replace("\r\n", "\n") == new.replace("\r\n", "\n")


HISTORY_KINDS = {"+": _lazy("생성"), "~": _lazy("수정"), "-": _lazy("삭제")}


def _diffs(
    records: list, labels: dict[str, dict], excluded: list[str] = ("updated_at", "version")
) -> list[dict]:
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
            delta = record.diff_against(older, excluded_fields=list(excluded))
            for change in delta.changes:
                if _same_text(change.old, change.new):
                    continue  # only its line endings differ (rows saved before they were unified)
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
