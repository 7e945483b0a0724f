"""Department responses: the response form, returning one, and the meeting's list."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council.access import counts_as_staff, get_meeting_for_staff
from lib.errors import Refused, StaleVersion
from proposals import services
from proposals.access import (
    department_of,
    get_proposal_for_response,
    get_proposal_for_staff,
)
from proposals.commitment_services import CommitmentInput
from proposals.forms import (
    CommitmentForm,
    CommitmentFormSet,
    ResponseForm,
    ReturnForm,
)
from proposals.models import Commitment, Department, DepartmentResponse, Proposal
from proposals.views.common import proposal_kwargs, response_rows


def _neighbours(proposal: Proposal, user) -> tuple[Proposal | None, Proposal | None]:
    """Previous and next proposal the user may answer, to work through a meeting."""
    qs = Proposal.objects.filter(meeting_id=proposal.meeting_id)
    department = department_of(user)
    if department is not None:
        qs = qs.filter(department=department)
    previous = qs.filter(number__lt=proposal.number).order_by("-number").first()
    following = qs.filter(number__gt=proposal.number).order_by("number").first()
    return previous, following


def _commitment_rows(response, staff: bool, user):
    """The commitments the editor writes on this form, and those only shown (a
    reviewer does not edit another department's)."""
    if response is None:
        return [], []
    commitments = list(
        Commitment.objects.filter(response=response).select_related("department", "status")
    )
    own = department_of(user)
    editable = [c for c in commitments if staff or (own and c.department_id == own.pk)]
    return editable, [c for c in commitments if c not in editable]


def _commitment_inputs(formset) -> list[CommitmentInput]:
    return [
        CommitmentInput(
            what=f.cleaned_data["what"],
            department=f.cleaned_data["department"],
            due_date=f.cleaned_data["due_date"],
            pk=f.cleaned_data.get("pk"),
            version=f.cleaned_data.get("version") or 0,
        )
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("what")
    ]


def response_edit(request: HttpRequest, council: str, meeting: str, number: int) -> HttpResponse:
    """The department's response with its follow-up commitments: staff type it in on
    the department's behalf, or the reviewer writes it."""
    proposal = get_proposal_for_response(request.user, council, meeting, number)
    staff = counts_as_staff(request.user)
    response = DepartmentResponse.objects.filter(proposal=proposal).first()
    editable, shown_only = _commitment_rows(response, staff, request.user)
    own = department_of(request.user)
    departments = (
        Department.objects.filter(council=proposal.meeting.council_id)
        if staff
        else Department.objects.filter(pk=own.pk)
    )
    formset_kwargs = {"prefix": "commitments", "form_kwargs": {"departments": departments}}
    can_write = (
        proposal.department_id is not None
        and proposal.meeting.accepts_responses()
        and (response is None or response.may_be_rewritten_by(as_staff=staff))
    )
    conflict = None
    if request.method == "POST":
        form = ResponseForm(request.POST)
        formset = CommitmentFormSet(request.POST, **formset_kwargs)
        if form.is_valid() and formset.is_valid():
            try:
                services.save_response(
                    proposal=proposal,
                    version=form.cleaned_data["version"],
                    state=form.cleaned_data["state"],
                    lines=form.cleaned_data["lines"],
                    commitments=_commitment_inputs(formset),
                    final="submit" in request.POST,
                    user=request.user,
                    as_staff=staff,
                )
            except StaleVersion as stale:
                conflict = stale.current
                messages.error(
                    request,
                    _(
                        "다른 사람이 먼저 이 검토 의견을 저장했습니다 (%(theirs)d번째 수정). "
                        "아래에서 두 내용을 비교한 뒤 다시 저장하세요. 입력하신 내용은 저장되지 않았습니다."
                    )
                    % {"theirs": conflict.version if conflict else 0},
                )
                form.data = form.data.copy()
                form.data["version"] = conflict.version if conflict else 0
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                if "submit" in request.POST:
                    messages.success(request, _("검토 의견을 최종 제출했습니다."))
                else:
                    messages.success(request, _("검토 의견을 임시 저장했습니다."))
                return redirect("proposals:response_edit", **proposal_kwargs(proposal))
    else:
        form = ResponseForm(
            initial={
                "version": response.version if response else 0,
                "state": response.state if response else "",
                "lines": response.lines if response else "",
            }
        )
        formset = CommitmentFormSet(
            initial=[CommitmentForm.initial_for(c) for c in editable]
            or ([{"department": proposal.department_id}] if proposal.department_id else []),
            **formset_kwargs,
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
            "conflict_commitments": conflict.commitments.select_related("department")
            if conflict
            else [],
            "other_commitments": shown_only,
            # A final response shows the follow-ups it promised (read-only).
            "made_commitments": [*editable, *shown_only] if response and not can_write else [],
            "yours_state": dict(DepartmentResponse.State.choices).get(form.data.get("state"), "")
            if conflict
            else "",
            "is_staff": staff,
            "can_write": can_write,
            # Staff may send a final response back (services.return_response refuses otherwise).
            "may_return": staff and response is not None and response.is_final,
            "return_form": ReturnForm(),
            "previous": previous,
            "following": following,
            "overdue": Proposal.objects.with_overdue().get(pk=proposal.pk).overdue,
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
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("검토 의견을 부서에 보완 요청했습니다."))
    return redirect("proposals:response_edit", **proposal_kwargs(proposal))


def response_list(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Every proposal of the meeting with its response status, to work through in one sitting."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    proposals = list(
        Proposal.objects.filter(meeting=meeting_obj)
        .with_overdue()
        .select_related("category", "department", "response", "response__entered_by")
        .order_by("number")
    )
    rows = response_rows(proposals)
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
