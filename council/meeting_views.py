"""Staff pages that prepare and run a meeting: the meeting itself, agenda, materials.

What may change when is decided by `Meeting`'s rule methods and enforced by
`council.services.meetings` and `.agenda`; these views show the refusal (`lib.errors.Refused`).
Attachments are downloaded by anyone who may see the meeting (members once it
is open), through `get_attachment_for`, never by a public URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import audit, extensions
from council.access import (
    Role,
    get_agenda_item_for_staff,
    get_attachment_for,
    get_council_for,
    get_council_for_staff,
    get_meeting_for_staff,
)
from council.forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    DeadlineExtensionForm,
    MeetingForm,
    PastMeetingForm,
    SnapshotForm,
)
from council.models import AgendaItem, Invitation, Meeting
from council.notices.forms import ReminderScheduleForm
from council.services import agenda as agenda_services
from council.services import meetings as meeting_services
from lib.client import client_ip
from lib.dates import korean_date, korean_datetime
from lib.downloads import stored_file_response
from lib.errors import Refused
from lib.korean import particle
from lib.ordering import move_page


def meeting_list(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    meetings = (
        Meeting.objects.filter(council=council_obj)
        .select_related("council")
        .with_submission_counts()
        .order_by("-year", "-half")
    )
    page = Paginator(meetings, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "council/meeting_list.html",
        {
            "council": council_obj,
            "page": page,
            "page_links": extensions.council_links("meeting_list", council_obj.slug),
        },
    )


def _following_to_confirm(
    request: HttpRequest, council_obj, data, meeting: Meeting | None = None
) -> tuple[list[Meeting], list[int] | None]:
    """The later meetings a past meeting of data's half would change (their 지난 회의
    section follows it once it is published), and the ids staff confirmed on the
    warning (None while not confirmed). Editing a record without moving it asks nothing."""
    if meeting is not None and (meeting.year, meeting.half) == (data.year, data.half):
        return [], None
    following = Meeting.objects.exclude(pk=meeting.pk if meeting else None).carrying_from(
        council_obj.pk, data.year, data.half
    )
    if not following or request.POST.get("confirm_order") != "1":
        return following, None
    confirmed = [int(pk) for pk in request.POST.getlist("following") if pk.isdigit()]
    return following, confirmed


def _past_meeting_page(request, council_obj, form, meeting, following) -> HttpResponse:
    return render(
        request,
        "council/past_meeting_form.html",
        {
            "council": council_obj,
            "form": form,
            "meeting": meeting,
            "following": following,
            "asks_order_confirmation": bool(following),
        },
    )


def meeting_record(request: HttpRequest, council: str) -> HttpResponse:
    """Record a meeting already held, with its real dates (no invented deadline) and
    attendance; its proposals, responses and commitments are entered next. Recorded
    before meetings the council already has, it first names them and asks again."""
    council_obj = get_council_for_staff(request.user, council)
    form = PastMeetingForm(request.POST or None)
    following: list[Meeting] = []
    if request.method == "POST" and form.is_valid():
        data = form.past_meeting_data()
        following, confirmed = _following_to_confirm(request, council_obj, data)
        if not following or confirmed is not None:
            try:
                meeting = meeting_services.record_past_meeting(
                    council=council_obj, data=data, following_confirmed=confirmed
                )
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "지난 회의를 기록했습니다. 이어서 결과 문서의 건의사항과 검토 의견을 입력하세요."
                    ),
                )
                return redirect(meeting.get_absolute_url())
    return _past_meeting_page(request, council_obj, form, None, following)


def _past_meeting_edit(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    if meeting.is_published:
        messages.error(request, _("공개된 회의 기록은 고칠 수 없습니다."))
        return redirect(meeting.get_absolute_url())
    form = PastMeetingForm(request.POST or None, initial=PastMeetingForm.initial_for(meeting))
    following: list[Meeting] = []
    if request.method == "POST" and form.is_valid():
        data = form.past_meeting_data()
        following, confirmed = _following_to_confirm(request, meeting.council, data, meeting)
        if not following or confirmed is not None:
            try:
                meeting_services.update_past_meeting(
                    meeting=meeting, data=data, following_confirmed=confirmed
                )
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("회의 정보를 저장했습니다."))
                return redirect(meeting.get_absolute_url())
    return _past_meeting_page(request, meeting.council, form, meeting, following)


def attendance(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """Who attended an in-person or video meeting (the document's 참 석 line counts them)."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    audit.record(
        request,
        action="attendance_view",
        target=_("%(meeting)s 참석 기록") % {"meeting": meeting_obj},
        council=meeting_obj.council,
    )
    invitations = list(
        Invitation.objects.filter(meeting=meeting_obj)
        .select_related("member")
        .order_by("member__name")
    )
    members = [i.member for i in invitations]
    form = AttendanceForm(
        request.POST or None,
        members=members,
        initial={"attended": [str(i.member_id) for i in invitations if i.attended]},
    )
    allowed = meeting_obj.can_record_attendance()
    if request.method == "POST" and allowed and form.is_valid():
        try:
            count = meeting_services.record_attendance(
                meeting=meeting_obj, attended={int(pk) for pk in form.cleaned_data["attended"]}
            )
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("참석을 기록했습니다: 위원 %(invited)d명 중 %(n)d명.")
                % {"invited": len(members), "n": count},
            )
            return redirect(meeting_obj.get_absolute_url())
    return render(
        request,
        "council/attendance.html",
        {"council": meeting_obj.council, "meeting": meeting_obj, "form": form, "allowed": allowed},
    )


def meeting_create(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_council_for_staff(request.user, council)
    today = timezone.localdate()
    form = MeetingForm(
        request.POST or None,
        council=council_obj,
        initial={"year": today.year, "half": 1 if today.month <= 6 else 2},
    )
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.council = council_obj
        meeting.save()
        messages.success(request, _("회의를 만들었습니다. 안건과 자료를 등록하세요."))
        return redirect(meeting.get_absolute_url())
    return render(
        request,
        "council/meeting_form.html",
        {"council": council_obj, "form": form, "meeting": None},
    )


def meeting_edit(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    if meeting_obj.recorded:
        return _past_meeting_edit(request, meeting_obj)
    if not meeting_obj.can_edit_details():
        messages.error(request, _("준비 중인 회의만 고칠 수 있습니다."))
        return redirect(meeting_obj.get_absolute_url())
    form = MeetingForm(request.POST or None, instance=meeting_obj, council=meeting_obj.council)
    if request.method == "POST" and form.is_valid():
        meeting_obj = form.save()
        messages.success(request, _("회의 정보를 저장했습니다."))
        return redirect(meeting_obj.get_absolute_url())
    return render(
        request,
        "council/meeting_form.html",
        {"council": meeting_obj.council, "form": form, "meeting": meeting_obj},
    )


@require_POST
def meeting_open(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    schedule = ReminderScheduleForm(request.POST)
    if not schedule.is_valid():
        messages.error(request, " ".join(e for errs in schedule.errors.values() for e in errs))
        return redirect(meeting_obj.get_absolute_url())
    try:
        meeting_obj = meeting_services.open_meeting(
            meeting=meeting_obj, reminders=schedule.times(meeting_obj)
        )
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "의견 접수를 시작했습니다. 참석 대상 위원 %(n)d명이 확정되었습니다. "
                "위원들에게 알림을 보냅니다."
            )
            % {"n": meeting_obj.invitations.count()},
        )
    return redirect(meeting_obj.get_absolute_url())


@require_POST
def meeting_close(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    try:
        meeting_services.close_meeting(meeting=meeting_obj, by=request.user)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("의견 접수를 마감했습니다."))
    return redirect(meeting_obj.get_absolute_url())


def meeting_extend(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    """A later deadline: the form, then a confirmation showing the old and the new
    deadline and who will be told; the service does the rest."""
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    if not meeting_services.deadline_extendable(meeting_obj):
        messages.error(
            request,
            _("이 회의는 마감을 연장할 수 없습니다. 담당자가 마감했거나 취합을 시작한 회의입니다."),
        )
        return redirect(meeting_obj.get_absolute_url())
    initial = {"deadline": timezone.localtime(meeting_obj.deadline)}
    form = DeadlineExtensionForm(request.POST or None, initial=initial)
    confirming = False
    if request.method == "POST" and form.is_valid():
        new = form.cleaned_data["deadline"]
        try:
            meeting_services.check_new_deadline(meeting_obj, new)
            if request.POST.get("confirm") == "1":
                meeting_services.extend_deadline(
                    meeting=meeting_obj,
                    deadline=new,
                    by=request.user,
                    ip_address=client_ip(request),
                )
                messages.success(
                    request,
                    _("의견 제출 마감을 %(new)s%(ro)s 연장했습니다. 위원들에게 알림을 보냅니다.")
                    % {
                        "new": (shown := korean_datetime(new, weekday=True)),
                        "ro": particle(shown, "(으)로"),
                    },
                )
                return redirect(meeting_obj.get_absolute_url())
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            confirming = request.POST.get("edit") != "1"
    return render(
        request,
        "council/meeting_extend.html",
        {
            "council": meeting_obj.council,
            "meeting": meeting_obj,
            "form": form,
            "confirming": confirming,
            "new_deadline": form.cleaned_data["deadline"] if confirming else None,
            "invited_count": meeting_obj.invitations.count(),
            "reopens": meeting_obj.current_status() != Meeting.Status.OPEN,
        },
    )


def _agenda_form_page(
    request: HttpRequest, meeting: Meeting, item: AgendaItem | None
) -> HttpResponse:
    """Add (item None) or edit an agenda item; a fixed agenda is refused by the service."""
    if not meeting.agenda_editable():
        messages.error(request, _("마감된 회의의 안건과 자료는 고칠 수 없습니다."))
        return redirect(meeting.get_absolute_url())
    form = AgendaItemForm(request.POST or None, instance=item or AgendaItem(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.save_agenda_item(item=form.save(commit=False))
        except Refused as exc:
            messages.error(request, str(exc))
            return redirect(meeting.get_absolute_url())
        messages.success(request, _("안건을 저장했습니다.") if item else _("안건을 추가했습니다."))
        return redirect(meeting.get_absolute_url())
    return render(
        request,
        "council/agenda_form.html",
        {"council": meeting.council, "meeting": meeting, "form": form, "item": item},
    )


def agenda_add(request: HttpRequest, council: str, meeting: str) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    return _agenda_form_page(request, meeting_obj, None)


def agenda_edit(request: HttpRequest, council: str, meeting: str, item_id: int) -> HttpResponse:
    item = get_agenda_item_for_staff(request.user, council, meeting, item_id)
    return _agenda_form_page(request, item.meeting, item)


@require_POST
def agenda_move(request: HttpRequest, council: str, meeting: str, item_id: int) -> HttpResponse:
    item = get_agenda_item_for_staff(request.user, council, meeting, item_id)
    return move_page(
        request,
        lambda direction: agenda_services.move_agenda_item(item=item, direction=direction),
        done=_("안건 순서를 바꿨습니다."),
        back=item.meeting.get_absolute_url() + "#agenda",
    )


@require_POST
def agenda_delete(request: HttpRequest, council: str, meeting: str, item_id: int) -> HttpResponse:
    item = get_agenda_item_for_staff(request.user, council, meeting, item_id)
    try:
        agenda_services.delete_agenda_item(item=item)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("안건을 삭제했습니다."))
    return redirect(item.meeting.get_absolute_url())


def attachment_add(request: HttpRequest, council: str, meeting: str, item_id: int) -> HttpResponse:
    item = get_agenda_item_for_staff(request.user, council, meeting, item_id)
    if not item.meeting.agenda_editable():
        messages.error(request, _("마감된 회의의 안건과 자료는 고칠 수 없습니다."))
        return redirect(item.meeting.get_absolute_url())
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.add_attachment(
                item=item,
                upload=form.cleaned_data["file"],
                original_name=form.cleaned_data["original_name"],
                content_type=form.cleaned_data["content_type"],
                user=request.user,
            )
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("자료를 첨부했습니다."))
        return redirect(item.meeting.get_absolute_url())
    return render(
        request,
        "council/attachment_form.html",
        {"council": item.meeting.council, "meeting": item.meeting, "form": form, "item": item},
    )


@require_POST
def attachment_delete(
    request: HttpRequest, council: str, meeting: str, attachment_id: int
) -> HttpResponse:
    meeting_obj = get_meeting_for_staff(request.user, council, meeting)
    attachment = get_attachment_for(request.user, council, meeting, attachment_id)
    try:
        agenda_services.delete_attachment(attachment=attachment)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("첨부 자료를 삭제했습니다."))
    return redirect(meeting_obj.get_absolute_url())


def attachment_download(
    request: HttpRequest, council: str, meeting: str, attachment_id: int
) -> HttpResponse:
    """A material file: downloaded, or with `?view=1` shown in the browser (PDF and
    images only, so that a phone opens the PDF viewer)."""
    attachment = get_attachment_for(request.user, council, meeting, attachment_id)
    meeting_obj = attachment.agenda_item.meeting
    audit.record(
        request,
        action="attachment_download",
        target=f"{meeting_obj.slug}: {attachment.original_name}",
        council=meeting_obj.council,
    )
    return stored_file_response(
        request,
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        inline=request.GET.get("view") == "1" and attachment.viewable,
    )


def keep_alive(request: HttpRequest, council: str) -> HttpResponse:
    """Touch the session so it does not expire while a long form is open."""
    get_council_for(request.user, council, roles={Role.STAFF, Role.MEMBER, Role.REVIEWER})
    return HttpResponse(status=204)


def agenda_snapshot(
    request: HttpRequest, council: str, meeting: str, item_id: int, source: str
) -> HttpResponse:
    """Attach a listed report (portal/navigation.py SNAPSHOT_SOURCES), frozen, to an item."""
    item = get_agenda_item_for_staff(request.user, council, meeting, item_id)
    snapshot_source = extensions.snapshot_source(source)
    if snapshot_source is None:
        raise Http404
    form_class = snapshot_source.form or SnapshotForm
    form = form_class(
        request.POST or None,
        initial={"as_of": item.snapshot_as_of or item.meeting.period_start},
    )
    if request.method == "POST" and form.is_valid():
        snapshot, as_of = snapshot_source.build(item.meeting.council, form.cleaned_data)
        try:
            agenda_services.attach_snapshot(item=item, snapshot=snapshot, as_of=as_of)
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("‘%(title)s’ 자료(%(date)s 기준)를 안건에 첨부했습니다.")
                % {"title": snapshot["title"], "date": korean_date(as_of)},
            )
        return redirect(item.meeting.get_absolute_url())
    return render(
        request,
        "council/snapshot_form.html",
        {
            "council": item.meeting.council,
            "meeting": item.meeting,
            "form": form,
            "item": item,
            "source_label": snapshot_source.label,
        },
    )
