"""Sign-in, each role's landing page, and the council dashboard."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.decorators import method_decorator

from council import services
from council.access import (
    Role,
    get_council_for,
    get_council_for_staff,
    get_meeting_for,
    home_url_for,
    role_of,
)
from council.models import Council, Invitation, Meeting, Opinion


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return home_url_for(self.request.user)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    pass


def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_url_for(request.user))


def no_role(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) is not None:
        return redirect(home_url_for(request.user))
    return render(request, "council/no_role.html")


def council_list(request: HttpRequest) -> HttpResponse:
    """The site administrator's overview of the councils on this install."""
    if role_of(request.user) != Role.ADMIN:
        raise PermissionDenied
    councils = Council.objects.order_by("name")
    return render(request, "council/council_list.html", {"councils": councils})


def dashboard(request: HttpRequest, council: str) -> HttpResponse:
    """Staff home: the council's meetings with how many invited members submitted."""
    council_obj = get_council_for_staff(request.user, council)
    services.close_due_meetings()
    meetings = (
        Meeting.objects.filter(council=council_obj)
        .select_related("council")
        .annotate(
            invited_count=Count("invitations", distinct=True),
            submitted_count=Count(
                "opinions",
                filter=Q(opinions__status=Opinion.Status.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("-year", "-half")
    )
    return render(
        request,
        "council/dashboard.html",
        {
            "council": council_obj,
            "meetings": _with_response_counts(list(meetings)),
            "now": timezone.now(),
        },
    )


def _with_response_counts(meetings: list[Meeting]) -> list[Meeting]:
    """Set `pending_responses` and `overdue_responses` on each meeting, in one query."""
    from proposals.models import DepartmentResponse, Proposal

    not_final = ~Q(response__status=DepartmentResponse.Status.FINAL)
    counts = {
        row["meeting"]: row
        for row in Proposal.objects.filter(meeting__in=meetings)
        .values("meeting")
        .annotate(
            pending=Count("pk", filter=not_final),
            overdue=Count("pk", filter=not_final & Q(due_date__lt=timezone.localdate())),
        )
    }
    for meeting in meetings:
        row = counts.get(meeting.pk, {})
        meeting.pending_responses = row.get("pending", 0)
        meeting.overdue_responses = row.get("overdue", 0)
    return meetings


def my_meetings(request: HttpRequest, council: str) -> HttpResponse:
    """Member home: open meetings with the time left, then past ones."""
    council_obj = get_council_for(request.user, council, roles={Role.MEMBER})
    member = request.user.member
    services.close_due_meetings()
    meetings = list(
        Meeting.objects.filter(council=council_obj)
        .exclude(status=Meeting.Status.DRAFT)
        .select_related("council")
        .order_by("-year", "-half")
    )
    ids = [m.pk for m in meetings]
    opinions = {o.meeting_id: o for o in Opinion.objects.filter(member=member, meeting__in=ids)}
    invited = set(
        Invitation.objects.filter(member=member, meeting__in=ids).values_list(
            "meeting_id", flat=True
        )
    )
    now = timezone.now()
    rows = [
        {
            "meeting": m,
            "opinion": opinions.get(m.pk),
            "invited": m.pk in invited,
            "accepting": m.accepts_opinions(now),
        }
        for m in meetings
    ]
    return render(
        request,
        "council/my_meetings.html",
        {
            "council": council_obj,
            "open_rows": [r for r in rows if r["accepting"]],
            "past_rows": [r for r in rows if not r["accepting"]],
            "now": now,
        },
    )


def meeting_detail(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """The meeting page: period, deadline, agenda and materials; staff also manage it here."""
    meeting_obj = services.close_if_due(get_meeting_for(request.user, council, meeting))
    agenda = list(meeting_obj.agenda_items.prefetch_related("attachments"))
    role = role_of(request.user)
    is_staff = role in (Role.STAFF, Role.ADMIN)
    own_opinion = None
    invited = False
    if role == Role.MEMBER:
        # Only invited members have an opinion, so finding one answers both questions.
        own_opinion = Opinion.objects.filter(
            meeting=meeting_obj, member=request.user.member
        ).first()
        invited = own_opinion is not None or (
            meeting_obj.invitations.filter(member=request.user.member).exists()
        )
    return render(
        request,
        "council/meeting_detail.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "agenda": agenda,
            "is_staff": is_staff,
            "invited": invited,
            "own_opinion": own_opinion,
            "accepting": meeting_obj.accepts_opinions(),
            "agenda_editable": is_staff and meeting_obj.status in ("draft", "open"),
            "snapshot_template": _snapshot_template(),
            "invited_count": meeting_obj.invitations.count() if is_staff else None,
            "now": timezone.now(),
        },
    )


def _snapshot_template() -> str:
    """The facilities app's report tables when present, else the council's plain table."""
    try:
        get_template("facilities/includes/status_report_tables.html")
    except TemplateDoesNotExist:
        return "council/includes/status_report_fallback.html"
    return "facilities/includes/status_report_tables.html"
