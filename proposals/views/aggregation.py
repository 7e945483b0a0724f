"""Aggregation: submitted opinion points side by side, made into proposals."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council.access import get_meeting_for_staff
from council.models import Opinion, OpinionPoint
from lib.errors import Refused
from proposals import services
from proposals.forms import (
    AggregateActionForm,
    PointFilterForm,
)
from proposals.models import Proposal
from proposals.views.common import meeting_kwargs, proposal_kwargs


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
            "can_edit": meeting_obj.allows_aggregation(),
            "is_published": meeting_obj.is_published,
        },
    )


@require_POST
def aggregate_action(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Create a proposal from the selected points, or add them to an existing one."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    back = reverse("proposals:aggregate", kwargs=meeting_kwargs(meeting_obj))
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
    try:
        if form.cleaned_data["action"] == "create":
            proposal = services.create_proposal(
                meeting=meeting_obj, points=points, headline=form.cleaned_data["headline"]
            )
        else:
            proposal = services.add_points(proposal=form.cleaned_data["proposal"], points=points)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect(back)
    if form.cleaned_data["action"] == "create":
        messages.success(
            request,
            _("%(number)d번 건의사항을 만들었습니다. 제목과 담당 부서를 확인하세요.")
            % {"number": proposal.number},
        )
        return redirect("proposals:proposal_edit", **proposal_kwargs(proposal))
    messages.success(
        request,
        _("%(number)d번 건의사항에 의견 %(count)d개를 더했습니다.")
        % {"number": proposal.number, "count": len(points)},
    )
    return redirect(back)
