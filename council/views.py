"""Sign-in, each role's landing page, the member's home and the meeting page."""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator

from council import extensions, lockout
from council.access import (
    Role,
    council_of,
    counts_as_staff,
    get_council_for,
    get_meeting_page_for,
    home_url_for,
    is_former_member,
    role_of,
    role_select_related,
)
from council.forms import LoginForm, ResetRequestForm
from council.models import Council, Invitation, Meeting, Member, Opinion
from council.resets import TooManyResets, note_reset_request
from council.services import meetings as meeting_services
from lib.client import client_ip


def _lockout_minutes() -> int:
    cool_off = get_cool_off()
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


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
        context["session_ended"] = "ended" in self.request.GET
        return context

    def post(self, request, *args, **kwargs):
        """An address spraying wrong passwords over many accounts waits before it may
        try again (council.lockout); nothing is checked or counted meanwhile."""
        retry_at = lockout.address_retry_at(client_ip(request))
        if retry_at is not None:
            seconds = _seconds_until(retry_at)
            response = render(
                request,
                "registration/slowed.html",
                {"retry_at": retry_at, "seconds": seconds},
                status=429,
            )
            response["Retry-After"] = str(seconds)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        """From the third failure on (for this account: django-axes counts per
        account), say how many tries remain and how long the lockout lasts."""
        failures = getattr(self.request, "axes_failures_since_start", 0) or 0
        limit = settings.AXES_FAILURE_LIMIT
        tries = {}
        if settings.LOGIN_WARNING_AFTER_FAILURES <= failures < limit:
            tries = {
                "failures": failures,
                "tries_left": limit - failures,
                "lockout_minutes": _lockout_minutes(),
            }
        return self.render_to_response(self.get_context_data(form=form, **tries))


def _seconds_until(moment) -> int:
    return max(1, int((moment - timezone.now()).total_seconds()) + 1)


def contact_council_for(username: str) -> Council | None:
    """The council whose secretariat a locked-out person should call: their own,
    or the only council of the install."""
    user = (
        get_user_model()
        ._default_manager.select_related(*role_select_related())
        .filter(username=username)
        .first()
    )
    council = council_of(user) if user is not None else None
    if council is None:
        councils = list(Council.objects.order_by("pk")[:2])
        council = councils[0] if len(councils) == 1 else None
    return council


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): until when, and whom to call."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    lock = lockout.account_lock(username)
    until = lock.until if lock else timezone.now() + get_cool_off()
    return render(
        request,
        "registration/locked_out.html",
        {
            "minutes": _lockout_minutes(),
            "until": until,
            "contact_council": contact_council_for(username),
        },
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Limited per address and per client (council.resets); the same page and the
    same work whether or not the address belongs to anyone."""

    form_class = ResetRequestForm

    def form_valid(self, form):
        try:
            note_reset_request(email=form.cleaned_data["email"], ip_address=client_ip(self.request))
        except TooManyResets as refused:
            form.add_error(None, str(refused))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


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
    meetings = Meeting.objects.filter(council=council_obj).visible_to_members()
    if is_former_member(request.user):
        # Read-only history: the meetings they were invited to, nothing later.
        meetings = meetings.filter(invitations__member=member)
    meetings = list(meetings.select_related("council").order_by("-year", "-half"))
    ids = [m.pk for m in meetings]
    opinions = {o.meeting_id: o for o in Opinion.objects.filter(member=member, meeting__in=ids)}
    invited = set(
        Invitation.objects.filter(member=member, meeting__in=ids).values_list(
            "meeting_id", flat=True
        )
    )
    now = timezone.now()
    # What other apps tell the member about their meetings (e.g. how the proposals
    # they fed are being followed up), listed in portal/navigation.py.
    notes = extensions.member_meeting_notes(member, meetings)
    rows = [
        {
            "meeting": m,
            "opinion": opinions.get(m.pk),
            "invited": m.pk in invited,
            "accepting": m.accepts_opinions_from(member, now),
            "notes": notes.get(m.pk, []),
            "result_links": extensions.result_links(m),
        }
        for m in meetings
    ]
    return render(
        request,
        "council/my_meetings.html",
        {
            "council": council_obj,
            "former_member": not member.in_office(timezone.localdate(now)),
            "open_rows": [r for r in rows if r["accepting"]],
            "past_rows": [r for r in rows if not r["accepting"]],
            "member_links": extensions.member_links(council_obj.slug),
            "now": now,
        },
    )


def meeting_detail(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """The meeting page: period, deadline, agenda and materials; staff also manage it here."""
    meeting_obj = get_meeting_page_for(request.user, council, meeting)
    agenda = list(meeting_obj.agenda_items.prefetch_related("attachments"))
    role = role_of(request.user)
    is_staff = counts_as_staff(request.user)
    own_opinion = None
    invited = False
    accepting = meeting_obj.accepts_opinions()
    if role == Role.MEMBER:
        accepting = meeting_obj.accepts_opinions_from(request.user.member)
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
            "accepting": accepting,
            "can_edit_details": is_staff and meeting_obj.can_edit_details(),
            "can_open": is_staff and meeting_obj.can_open(),
            "can_close": is_staff and meeting_obj.can_close(),
            "can_extend": is_staff and meeting_services.deadline_extendable(meeting_obj),
            "can_record_attendance": is_staff and meeting_obj.can_record_attendance(),
            "can_edit_record": is_staff and meeting_obj.recorded and not meeting_obj.is_published,
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
