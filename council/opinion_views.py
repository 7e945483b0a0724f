"""The written opinion: the member's own form, staff's tracker, reminders and on-behalf entry.

Privacy: a member reaches only their own opinion (`get_invited_member_for`,
`get_opinion_for` → 404 for anyone else's); reviewers and the public never.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import services
from council.access import (
    Role,
    get_invited_member_for,
    get_invitee_for_staff,
    get_meeting_for_staff,
    get_opinion_for,
    role_of,
)
from council.forms import BehalfForm, point_formset
from council.models import Meeting, Member, Opinion, OpinionPoint, Reminder


def _points_initial(opinion: Opinion | None) -> list[dict]:
    if opinion is None:
        return []
    return [
        {"text": p.text, "category": p.category_id, "agenda_item": p.agenda_item_id}
        for p in opinion.points.all()
    ]


def _point_inputs(formset) -> list[services.PointInput]:
    return [
        services.PointInput(
            text=form.cleaned_data.get("text", ""),
            category=form.cleaned_data.get("category"),
            agenda_item=form.cleaned_data.get("agenda_item"),
        )
        for form in formset.forms
        if form.cleaned_data.get("text", "").strip()
    ]


_POINTS_WITH_NAMES = Prefetch(
    "points", queryset=OpinionPoint.objects.select_related("category", "agenda_item")
)


def _opinion_of(meeting: Meeting, member: Member) -> Opinion | None:
    return (
        Opinion.objects.filter(meeting=meeting, member=member)
        .select_related("entered_by")
        .prefetch_related(_POINTS_WITH_NAMES)
        .first()
    )


def _own_opinion(meeting: Meeting, member: Member) -> Opinion | None:
    """The member's opinion without its points: the form needs them only as initial
    values (`_own_points_initial`), the read-only page with their names."""
    opinions = list(
        Opinion.objects.filter(meeting=meeting, member=member).select_related("entered_by")[:1]
    )
    return opinions[0] if opinions else None


def _own_points_initial(opinion: Opinion | None) -> list[dict]:
    """`_points_initial` in one plain query (ids only, no joins, no model instances)."""
    if opinion is None:
        return []
    return [
        {"text": text, "category": category, "agenda_item": agenda_item}
        for text, category, agenda_item in OpinionPoint.objects.filter(opinion=opinion)
        .order_by("order", "pk")
        .values_list("text", "category_id", "agenda_item_id")
    ]


def my_opinion(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """The member's 의견서: draft, submit, edit until the deadline; read-only after."""
    meeting_obj, member = get_invited_member_for(request.user, council, meeting)
    opinion = _own_opinion(meeting_obj, member)
    error = ""
    if request.method == "POST":
        formset = point_formset(meeting_obj, data=request.POST)
        submit = request.POST.get("action") == "submit"
        if formset.is_valid():
            try:
                services.save_opinion(
                    meeting=meeting_obj,
                    member=member,
                    points=_point_inputs(formset),
                    submit=submit or (opinion is not None and opinion.is_submitted),
                    entered_by=request.user,
                )
            except ValidationError as exc:
                # Deadline passed or nothing to submit: show everything typed back.
                error = str(exc.messages[0])
            else:
                if submit:
                    messages.success(
                        request, _("의견서를 제출했습니다. 마감 전까지 고칠 수 있습니다.")
                    )
                else:
                    messages.success(request, _("임시 저장했습니다. 마감 전에 꼭 제출해 주세요."))
                return redirect("council:my_opinion", meeting_obj.council.slug, meeting_obj.slug)
        else:
            error = _("입력한 내용을 확인해 주세요.")
        editable = True
    else:
        editable = meeting_obj.accepts_opinions()
        if editable:
            formset = point_formset(meeting_obj, initial=_own_points_initial(opinion))
        else:
            formset = None
            if opinion is not None:  # shown read-only, with category and agenda names
                prefetch_related_objects([opinion], _POINTS_WITH_NAMES)
    return render(
        request,
        "council/my_opinion.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "member": member,
            "opinion": opinion,
            "formset": formset,
            "editable": editable,
            "error": error,
            "now": timezone.now(),
        },
    )


def opinion_detail(
    request: HttpRequest, council: str, meeting: str, opinion_id: int
) -> HttpResponse:
    opinion = get_opinion_for(request.user, council, meeting, opinion_id)
    opinion = _opinion_of(opinion.meeting, opinion.member)
    is_staff = role_of(request.user) in (Role.STAFF, Role.ADMIN)
    return render(
        request,
        "council/opinion_detail.html",
        {
            "council": opinion.meeting.council,
            "meeting": opinion.meeting,
            "opinion": opinion,
            "is_staff": is_staff,
            "can_enter_on_behalf": is_staff and opinion.meeting.accepts_opinions_on_behalf(),
        },
    )


def tracker(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Who of the invited roster has submitted, when and how; who has not."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    invitations = list(
        meeting_obj.invitations.select_related("member__user").order_by("member__name", "pk")
    )
    opinions = {
        o.member_id: o
        for o in Opinion.objects.filter(meeting=meeting_obj)
        .select_related("entered_by")
        .annotate(point_count=Count("points"))
    }
    reminders = {
        r["member_id"]: r
        for r in Reminder.objects.filter(meeting=meeting_obj)
        .values("member_id")
        .annotate(last=Max("sent_at"), count=Count("id"))
    }
    rows = []
    for inv in invitations:
        opinion = opinions.get(inv.member_id)
        rows.append(
            {
                "member": inv.member,
                "opinion": opinion,
                "submitted": opinion is not None and opinion.status == Opinion.Status.SUBMITTED,
                "reminder": reminders.get(inv.member_id),
            }
        )
    submitted = sum(1 for r in rows if r["submitted"])
    rows.sort(key=lambda r: (r["submitted"], r["member"].name))
    return render(
        request,
        "council/tracker.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "rows": rows,
            "submitted": submitted,
            "invited": len(rows),
            "missing": len(rows) - submitted,
            "accepting": meeting_obj.accepts_opinions(),
            "can_remind": meeting_obj.accepts_opinions(),
            "can_enter_on_behalf": meeting_obj.accepts_opinions_on_behalf(),
        },
    )


@require_POST
def meeting_remind(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Remind by e-mail only the invited members who have not submitted."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    if not meeting_obj.accepts_opinions():
        messages.error(request, _("의견 접수 중인 회의에만 독려 메일을 보낼 수 있습니다."))
    else:
        sent = services.send_reminders(
            meeting=meeting_obj,
            kind=Reminder.Kind.MANUAL,
            base_url=request.build_absolute_uri("/"),
        )
        if sent:
            messages.success(
                request,
                _("의견서를 내지 않은 위원 %(n)d명에게 독려 메일을 보냈습니다.") % {"n": len(sent)},
            )
        else:
            messages.info(request, _("독려 메일을 보낼 위원이 없습니다."))
    return redirect(reverse("council:tracker", args=[meeting_obj.council.slug, meeting_obj.slug]))


def opinion_on_behalf(
    request: HttpRequest, council: str, meeting: str, member_id: int
) -> HttpResponse:
    """Staff type in an opinion that arrived on paper, by fax, phone or e-mail."""
    meeting_obj, member = get_invitee_for_staff(request.user, council, meeting, member_id)
    opinion = _opinion_of(meeting_obj, member)
    tracker_url = reverse("council:tracker", args=[meeting_obj.council.slug, meeting_obj.slug])
    error = ""
    if request.method == "POST":
        behalf = BehalfForm(request.POST)
        formset = point_formset(meeting_obj, data=request.POST)
        if behalf.is_valid() and formset.is_valid():
            try:
                services.save_opinion(
                    meeting=meeting_obj,
                    member=member,
                    points=_point_inputs(formset),
                    submit=True,
                    entered_by=request.user,
                    channel=behalf.cleaned_data["channel"],
                    behalf_note=behalf.cleaned_data["behalf_note"],
                )
            except ValidationError as exc:
                error = exc.messages[0]
            else:
                messages.success(
                    request,
                    _("%(name)s 위원의 의견서를 대리 입력했습니다.") % {"name": member.name},
                )
                return redirect(tracker_url)
        else:
            error = _("입력한 내용을 확인해 주세요.")
    else:
        initial = {}
        if opinion and opinion.entered_on_behalf:
            initial = {"channel": opinion.channel, "behalf_note": opinion.behalf_note}
        behalf = BehalfForm(initial=initial)
        formset = point_formset(meeting_obj, initial=_points_initial(opinion))
    return render(
        request,
        "council/opinion_behalf.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "member": member,
            "opinion": opinion,
            "behalf": behalf,
            "formset": formset,
            "error": error,
            "tracker_url": tracker_url,
            "allowed": meeting_obj.accepts_opinions_on_behalf(),
        },
    )
