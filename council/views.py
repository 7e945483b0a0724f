"""Sign-in, each role's landing page, the member's home and the meeting page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator

from council import extensions
from council.access import (
    Role,
    get_council_for,
    get_meeting_page_for,
    home_url_for,
    role_of,
)
from council.forms import LoginForm, ResetRequestForm
from council.models import Council, Invitation, Meeting, Member, Opinion

# The login page starts counting down the tries left after this many failures.
WARN_AFTER_FAILURES = 3


def login_tries(request: HttpRequest, username: str) -> dict:
    """How many tries the username has left from this address before the lockout
    (django-axes' AccessAttempt for the username+address pair, the pair
    AXES_LOCKOUT_PARAMETERS locks) and how long a lockout lasts; empty before
    the WARN_AFTER_FAILURES-th failure."""
    from axes.helpers import get_client_ip_address, get_cool_off
    from axes.models import AccessAttempt

    if not username:
        return {}
    failures = (
        AccessAttempt.objects.filter(username=username, ip_address=get_client_ip_address(request))
        .values_list("failures_since_start", flat=True)
        .first()
    )
    if not failures or failures < WARN_AFTER_FAILURES:
        return {}
    cool_off = get_cool_off(request)
    return {
        "tries_left": max(settings.AXES_FAILURE_LIMIT - failures, 0),
        "lockout_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def get_default_redirect_url(self) -> str:
        return home_url_for(self.request.user)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        # The council's name when the install hosts one (a district's portal).
        councils = list(Council.objects.order_by("name").values_list("name", flat=True)[:2])
        context["council_name"] = councils[0] if len(councils) == 1 else ""
        context["logged_out"] = "logged_out" in self.request.GET
        form = context["form"]
        if form.is_bound and "tries_left" not in context:
            context.update(login_tries(self.request, form.data.get("username", "").strip()))
        return context


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm


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


def my_meetings(request: HttpRequest, council: str) -> HttpResponse:
    """Member home: open meetings with the time left, then past ones."""
    council_obj = get_council_for(request.user, council, roles={Role.MEMBER})
    member = request.user.member
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
            "result_links": extensions.result_links(m),
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
    meeting_obj = get_meeting_page_for(request.user, council, meeting)
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
    # Before opening: members whose term ended shortly before the start date, with a
    # link to renew them all at once (opening would otherwise invite nobody or few).
    ended_members = []
    if is_staff and meeting_obj.can_open():
        ended_members = list(
            Member.objects.filter(council=meeting_obj.council_id)
            .ended_recently_before(meeting_obj.period_start)
            .order_by("name", "pk")
        )
    agenda_editable = is_staff and meeting_obj.agenda_editable()
    if agenda_editable:
        for item in agenda:
            item.snapshot_links = extensions.snapshot_links(item)
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
            "can_edit_details": is_staff and meeting_obj.can_edit_details(),
            "can_open": is_staff and meeting_obj.can_open(),
            "can_close": is_staff and meeting_obj.can_close(),
            "has_tracker": is_staff and meeting_obj.has_tracker(),
            "agenda_editable": agenda_editable,
            "agenda_deletable": agenda_editable and meeting_obj.agenda_items_deletable(),
            "staff_links": extensions.meeting_links(meeting_obj) if is_staff else [],
            "result_links": extensions.result_links(meeting_obj),
            "invited_count": meeting_obj.invitations.count() if is_staff else None,
            "ended_members": ended_members,
            "ended_ids": ",".join(str(m.pk) for m in ended_members),
            "now": timezone.now(),
        },
    )
