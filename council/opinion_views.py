"""The written opinion: the member's own form and receipt, staff's tracker, reminders
and on-behalf entry.

Privacy: a member reaches only their own opinion (`get_invited_member_for`,
`get_opinion_for` → 404 for anyone else's); reviewers and the public never.
Every page loads an opinion through `_load_opinion` (the opinion and its
points in two queries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import audit, extensions
from council.access import (
    counts_as_staff,
    get_invited_member_for,
    get_invitee_for_staff,
    get_meeting_for_staff,
    get_opinion_for,
)
from council.forms import BehalfForm, VersionForm, point_formset
from council.models import Meeting, Member, Opinion, OpinionAutosave, OpinionPoint, Reminder
from council.notices import events as notice_events
from council.notices.models import Notice
from council.services import meetings as meeting_services
from council.services import opinions as opinion_services
from council.services import reminders as reminder_services
from lib import compiled
from lib.dates import korean_datetime, korean_time
from lib.errors import Refused, StaleVersion


def _load_opinion(meeting: Meeting, member: Member, *, names: bool = False) -> Opinion | None:
    """The one way these pages load an opinion: the member's opinion of `meeting`
    (with who entered it) and its points in order as `opinion.point_list`, with
    their category and agenda item when the page shows them (`names`); None if
    there is no opinion. Two plain queries: the form needs only the ids."""
    # At most one row (constraint one_opinion_per_member), so no ORDER BY: `.first()`
    # adds one, and building it was a quarter of this query's cost.
    found = list(
        Opinion.objects.filter(meeting=meeting, member=member).select_related(
            "entered_by", "autosave"
        )[:1]
    )
    opinion = found[0] if found else None
    if opinion is not None and names:
        opinion.point_list = list(
            points_query(opinion.pk).select_related("category", "agenda_item")
        )
    elif opinion is not None:  # the form, on every visit: SQL compiled once (lib.compiled)
        opinion.point_list = compiled.instances(points_query, opinion.pk)
    return opinion


def points_query(opinion_id: int) -> QuerySet[OpinionPoint]:
    return OpinionPoint.objects.filter(opinion_id=opinion_id).order_by("order", "pk")


def _points_initial(points) -> list[dict]:
    return [
        {"text": p.text, "category": p.category_id, "agenda_item": p.agenda_item_id} for p in points
    ]


def _point_inputs(formset) -> list[opinion_services.PointInput]:
    """The points a valid formset holds: not emptied, not marked to be left out."""
    return [
        opinion_services.PointInput(
            text=form.cleaned_data.get("text", ""),
            category=form.cleaned_data.get("category"),
            agenda_item=form.cleaned_data.get("agenda_item"),
        )
        for form in formset.forms
        if form.cleaned_data.get("text", "").strip() and not form.cleaned_data.get("DELETE")
    ]


def _typed_texts(formset) -> list[str]:
    """What was typed into a bound formset, valid or not (shown back to be copied)."""
    texts = []
    for form in formset.forms:
        text = (form["text"].value() or "").strip()
        if text and not form["DELETE"].value():
            texts.append(text)
    return texts


def _autosave_newer_than(opinion: Opinion | None, meeting: Meeting, member: Member):
    """The autosaved copy of what the member was typing (saved_at, points), when it
    is newer than the saved opinion and differs from it. With an opinion, it came
    with the opinion's query; without one, it is looked up."""
    if opinion is not None:
        autosave = getattr(opinion, "autosave", None)
        found = [(autosave.saved_at, autosave.points)] if autosave else []
    else:
        found = list(
            OpinionAutosave.objects.filter(meeting=meeting, member=member).values_list(
                "saved_at", "points"
            )[:1]
        )
    if not found or not found[0][1]:  # the usual answer: nothing kept
        return None
    saved_at, points = found[0]
    if opinion is not None and (
        saved_at <= opinion.updated_at or points == _points_initial(opinion.point_list)
    ):
        return None
    return {"saved_at": saved_at, "points": points}


@dataclass
class _FormState:
    """What the opinion page shows after a GET or a refused save."""

    opinion: Opinion | None
    editable: bool = True
    formset: Any = None
    version: Any = None
    error: str = ""
    conflict: Opinion | None = None
    typed: list[str] = field(default_factory=list)
    restored: dict | None = None


def _save_posted(request, meeting_obj: Meeting, member: Member, opinion: Opinion | None):
    """Save the posted form: a redirect when saved, else the page's state with the
    refusal (both texts on a conflict, the typed text once the round closed)."""
    state = _FormState(
        opinion=opinion,
        formset=point_formset(meeting_obj, data=request.POST),
        version=VersionForm(request.POST),
    )
    if not (state.formset.is_valid() and state.version.is_valid()):
        state.error = _("입력한 내용을 확인해 주세요.")
        return state
    submit = request.POST.get("action") == "submit"
    try:
        saved = opinion_services.save_opinion(
            meeting=meeting_obj,
            member=member,
            points=_point_inputs(state.formset),
            submit=submit or (opinion is not None and opinion.is_submitted),
            entered_by=request.user,
            expected_version=state.version.cleaned_data["version"],
        )
    except StaleVersion as exc:
        state.error = str(exc)
        state.conflict = _load_opinion(meeting_obj, member, names=True)
        current = state.conflict.version if state.conflict else 0
        state.version = VersionForm(initial={"version": current})
        state.typed = _typed_texts(state.formset)
    except opinion_services.OpinionClosed as exc:
        state.error = str(exc)
        state.editable = False
        state.typed = _typed_texts(state.formset)
        state.opinion = _load_opinion(meeting_obj, member, names=True)
    except ValidationError as exc:  # e.g. submitting with nothing written
        state.error = " ".join(exc.messages)
    else:
        args = [meeting_obj.council.slug, meeting_obj.slug]
        if saved.is_submitted:
            return redirect("council:my_opinion_receipt", *args)
        messages.success(request, _("임시 저장했습니다. 마감 전에 꼭 제출해 주세요."))
        return redirect("council:my_opinion", *args)
    return state


def my_opinion(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """The member's 의견서: draft, submit, edit until the deadline; read-only after.

    A submission leads to the receipt page. A save refused because someone saved
    meanwhile shows both texts and keeps the member's in the form (now carrying
    the current version: saving again means "mine"); a save refused because the
    round closed shows the typed text to copy, without save buttons.
    """
    meeting_obj, member = get_invited_member_for(request.user, council, meeting)
    opinion = _load_opinion(meeting_obj, member, names=not meeting_obj.accepts_opinions())
    if request.method == "POST":
        state = _save_posted(request, meeting_obj, member, opinion)
        if isinstance(state, HttpResponse):
            return state
    else:
        state = _FormState(opinion=opinion, editable=meeting_obj.accepts_opinions())
        if state.editable:
            initial = _points_initial(opinion.point_list) if opinion else []
            state.restored = _autosave_newer_than(opinion, meeting_obj, member)
            if state.restored is not None:
                initial = state.restored["points"]
            state.formset = point_formset(meeting_obj, initial=initial)
            state.version = VersionForm(initial={"version": opinion.version if opinion else 0})
    opinion, editable, conflict = state.opinion, state.editable, state.conflict
    formset, version, error, typed, restored = (
        state.formset,
        state.version,
        state.error,
        state.typed,
        state.restored,
    )
    shown = conflict or opinion
    show_outcomes = False
    if shown is not None and not editable:
        outcomes = extensions.point_outcomes(shown)
        show_outcomes = outcomes is not None
        for point in shown.point_list:
            point.outcome = (outcomes or {}).get(point.pk, {"proposals": []})
    return render(
        request,
        "council/my_opinion.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "member": member,
            "opinion": shown,
            "formset": formset,
            "version_form": version,
            "editable": editable,
            "error": error,
            "conflict": conflict,
            "typed": typed,
            "typed_text": "\n\n".join(typed),
            "restored": restored,
            "closed_notice": "" if editable else meeting_services.closed_notice(meeting_obj),
            "show_outcomes": show_outcomes,
            "result_links": extensions.result_links(meeting_obj) if not editable else [],
            "saved_at_ms": _epoch_ms(
                restored["saved_at"] if restored else shown and shown.updated_at
            ),
            "steps": _steps(1) if editable else [],
            "now": timezone.now(),
        },
    )


def _steps(current: int) -> list[dict]:
    """The KRDS step indicator of the member's opinion: write → submit → received."""
    titles = [_("의견 작성"), _("제출"), _("접수 완료")]
    return [
        {
            "n": n,
            "title": title,
            "state": "active" if n == current else ("done" if n < current else ""),
        }
        for n, title in enumerate(titles, start=1)
    ]


def _epoch_ms(moment) -> int:
    return int(moment.timestamp() * 1000) if moment else 0


def my_opinion_receipt(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """접수 완료: when, how many points, what happens next, until when it can be
    changed, and where the e-mail copy went. Without a submitted opinion there is
    nothing to confirm: back to the form."""
    meeting_obj, member = get_invited_member_for(request.user, council, meeting)
    opinion = _load_opinion(meeting_obj, member, names=True)
    if opinion is None or not opinion.is_submitted:
        return redirect("council:my_opinion", meeting_obj.council.slug, meeting_obj.slug)
    return render(
        request,
        "council/my_opinion_receipt.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "member": member,
            "opinion": opinion,
            "points": opinion.point_list,
            "can_edit": meeting_obj.accepts_opinions(),
            "email": member.user.email,
            "steps": _steps(3),
        },
    )


@require_POST
def my_opinion_autosave(request: HttpRequest, council: str, meeting: str) -> JsonResponse:
    """Keep what the member is typing (static/js/opinion-form.js, every few seconds
    and when a field is left). JSON; never saves or submits the opinion itself."""
    meeting_obj, member = get_invited_member_for(request.user, council, meeting)
    formset = point_formset(meeting_obj, data=request.POST)
    if not formset.is_valid():
        return JsonResponse({"ok": False, "message": _("입력한 내용을 확인해 주세요.")}, status=400)
    try:
        autosave = opinion_services.autosave_opinion(
            meeting=meeting_obj, member=member, points=_point_inputs(formset)
        )
    except Refused as exc:
        return JsonResponse({"ok": False, "message": str(exc)}, status=409)
    return JsonResponse(
        {
            "ok": True,
            "saved_at": korean_time(timezone.localtime(autosave.saved_at)),
            "saved_at_ms": _epoch_ms(autosave.saved_at),
        }
    )


def opinion_detail(
    request: HttpRequest, council: str, meeting: str, opinion_id: int
) -> HttpResponse:
    found = get_opinion_for(request.user, council, meeting, opinion_id)
    opinion = _load_opinion(found.meeting, found.member, names=True)
    is_staff = counts_as_staff(request.user)
    if is_staff:  # another person's opinion: a personal-data view
        audit.record(
            request,
            action="opinion_view",
            target=_("%(meeting)s %(name)s 위원 의견서")
            % {"meeting": found.meeting, "name": found.member.name},
            council=found.meeting.council,
        )
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
    notices, unreachable_ids = notice_events.notice_states(meeting_obj)
    rows = []
    for inv in invitations:
        opinion = opinions.get(inv.member_id)
        rows.append(
            {
                "member": inv.member,
                "opinion": opinion,
                "submitted": opinion is not None and opinion.status == Opinion.Status.SUBMITTED,
                "reminder": reminders.get(inv.member_id),
                "notice": notices.get(inv.member_id),
            }
        )
    submitted = sum(1 for r in rows if r["submitted"])
    rows.sort(key=lambda r: (r["submitted"], r["member"].name))
    # Who submitted, when and how, and who did not: a personal-data view.
    audit.record(
        request,
        action="tracker_view",
        target=_("%(meeting)s 의견 제출 현황") % {"meeting": meeting_obj},
        council=meeting_obj.council,
    )
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
            "unreachable": sorted(
                (r["member"] for r in rows if r["member"].pk in unreachable_ids),
                key=lambda m: m.name,
            )
            if meeting_obj.accepts_opinions()
            else [],
            "pending": notice_events.pending_broadcasts(meeting_obj),
        },
    )


@require_POST
def meeting_remind(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Remind the invited members who have not submitted, each by their own channel
    (the notice outbox; the tracker's 최근 알림 column shows each one's state)."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    try:
        notices = reminder_services.remind_now(meeting=meeting_obj)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        queued = [n for n in notices if n.state == Notice.State.QUEUED]
        if queued:
            message = _("의견서를 내지 않은 위원 %(n)d명에게 독려 알림을 보냅니다.") % {
                "n": len(queued)
            }
            if any(n.due_at > n.created_at for n in queued):
                message += " " + _("알림을 쉬는 시간(밤)이라 아침에 보냅니다.")
            refused = len(notices) - len(queued)
            if refused:
                message += " " + _(
                    "%(n)d명은 수신 거부했거나 연락처가 없어 보내지 않습니다. 전화로 연락해 주세요."
                ) % {"n": refused}
            messages.success(request, message)
        elif notices:
            messages.warning(
                request,
                _(
                    "독려할 위원 %(n)d명 모두 수신 거부했거나 연락처가 없습니다. 전화로 연락해 주세요."
                )
                % {"n": len(notices)},
            )
        else:
            messages.info(request, _("독려 알림을 보낼 위원이 없습니다 (방금 보냈거나 모두 제출)."))
    return redirect(reverse("council:tracker", args=[meeting_obj.council.slug, meeting_obj.slug]))


def opinion_on_behalf(
    request: HttpRequest, council: str, meeting: str, member_id: int
) -> HttpResponse:
    """Staff type in an opinion that arrived on paper, by fax, phone or e-mail.

    A member's own submission is shown first and replaced only when staff tick
    that they mean to; a save refused because the opinion changed meanwhile
    shows both texts, keeps what staff typed and asks the choice again.
    """
    meeting_obj, member = get_invitee_for_staff(request.user, council, meeting, member_id)
    opinion = _load_opinion(meeting_obj, member, names=True)
    tracker_url = reverse("council:tracker", args=[meeting_obj.council.slug, meeting_obj.slug])
    member_submitted = opinion is not None and opinion.is_members_own_submission
    error = ""
    conflict = None
    typed: list[str] = []
    if request.method == "POST":
        behalf = BehalfForm(request.POST, meeting=meeting_obj, member_submitted=member_submitted)
        formset = point_formset(meeting_obj, data=request.POST)
        version = VersionForm(request.POST)
        if behalf.is_valid() and formset.is_valid() and version.is_valid():
            try:
                opinion_services.save_opinion(
                    meeting=meeting_obj,
                    member=member,
                    points=_point_inputs(formset),
                    submit=True,
                    entered_by=request.user,
                    channel=behalf.cleaned_data["channel"],
                    behalf_note=behalf.cleaned_data["behalf_note"],
                    received_at=behalf.cleaned_data["received_at"],
                    confirmed_before_opening=behalf.cleaned_data["confirmed_before_opening"],
                    late_reason=behalf.cleaned_data["late_reason"],
                    expected_version=version.cleaned_data["version"],
                    replace_submission=behalf.cleaned_data.get("replace_submission", False),
                )
            except StaleVersion as exc:
                error = str(exc)
                conflict = opinion = _load_opinion(meeting_obj, member, names=True)
                member_submitted = conflict is not None and conflict.is_members_own_submission
                # The choice is asked again, about the opinion as it is now.
                data = request.POST.copy()
                data.pop("replace_submission", None)
                behalf = BehalfForm(data, meeting=meeting_obj, member_submitted=member_submitted)
                behalf.is_valid()
                version = VersionForm(initial={"version": conflict.version if conflict else 0})
                typed = _typed_texts(formset)
            except ValidationError as exc:
                error = " ".join(exc.messages)
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
            initial = {
                "channel": opinion.channel,
                "behalf_note": opinion.behalf_note,
                "late_reason": opinion.late_reason,
                "received_at": timezone.localtime(opinion.received_at or opinion.submitted_at)
                if opinion.received_at or opinion.submitted_at
                else None,
            }
            initial = {k: v for k, v in initial.items() if v}
        behalf = BehalfForm(initial=initial, meeting=meeting_obj, member_submitted=member_submitted)
        formset = point_formset(
            meeting_obj, initial=_points_initial(opinion.point_list) if opinion else []
        )
        version = VersionForm(initial={"version": opinion.version if opinion else 0})
    return render(
        request,
        "council/opinion_behalf.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "member": member,
            "opinion": opinion,
            "member_submitted": member_submitted,
            "behalf": behalf,
            "formset": formset,
            "version_form": version,
            "error": error,
            "conflict": conflict,
            "typed": typed,
            "tracker_url": tracker_url,
            "allowed": meeting_obj.accepts_opinions_on_behalf(),
            "received_text": korean_datetime(timezone.now()),
        },
    )
