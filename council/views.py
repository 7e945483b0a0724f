"""Sign-in, each role's landing page, the member's home and the meeting page."""

from __future__ import annotations

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
from council.models import Invitation, Meeting, Opinion


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
    # What other apps tell the member about their meetings (e.g. how the proposals
    # they fed are being followed up), registered in council.extensions.
    notes = extensions.member_meeting_notes(member, meetings)
    rows = [
        {
            "meeting": m,
            "opinion": opinions.get(m.pk),
            "invited": m.pk in invited,
            "accepting": m.accepts_opinions(now),
            "notes": notes.get(m.pk, []),
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
            "member_links": extensions.member_links(council_obj.slug),
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
            "can_record_attendance": is_staff and meeting_obj.can_record_attendance(),
            "can_edit_record": is_staff and meeting_obj.recorded and not meeting_obj.is_published,
            "has_tracker": is_staff and meeting_obj.has_tracker(),
            "agenda_editable": agenda_editable,
            "agenda_deletable": agenda_editable and meeting_obj.agenda_items_deletable(),
            "staff_links": extensions.meeting_links(meeting_obj) if is_staff else [],
            "invited_count": meeting_obj.invitations.count() if is_staff else None,
            "now": timezone.now(),
        },
    )
