"""현황 조사 rounds: the one home of their rules (models in facilities.survey_models).

- `start_round` asks the chosen facilities and queues each its personal link in the
  notices outbox (council.notices: 문자 to the contact's mobile number, e-mail to the
  address) in the round's own transaction; `remind` queues it again to those who have not
  answered; `revoke` and the round's end cancel what has not gone yet.
- A link (`link_token`) names one request and carries an HMAC of its nonce: it opens the
  form of that facility in that round only, while the round is open (`SurveyRound.is_open`)
  and until staff revoke it (`revoke`, which also changes the nonce). Any other state is
  refused with a Korean reason and nothing changes (`check_link`).
- `submit` stores what the facility sent as a proposed change, under a row lock: a double
  tap or two tabs give one waiting change. "변동 없음" confirms the current figures as of
  the survey date at once (`confirm_unchanged`).
- `approve` writes the proposal into the registry: figures dated the survey date with the
  source 시설 제출, and the facility's fields (with their history); `return_submission`
  sends it back with a reason.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from council.notices.models import Notice
from council.notices.outbox import Recipient, cancel_queued, notify
from facilities.models import Facility, FacilityFigures
from facilities.survey_models import SurveyRequest, SurveyRound, SurveySubmission
from lib.dates import korean_date, korean_time
from lib.errors import Refused

# What a facility confirms or corrects, in the form's order: (field, kind).
# Figures go to FacilityFigures; the rest are the facility's own fields.
FIGURE_FIELDS = ("capacity", "enrolled", "waiting", "over_capacity_reason")
# Hours per band (학기 중, 방학 중, 토요일, 일요일·공휴일), the monthly fee, the phone.
TIME_FIELDS = (
    "opens_at",
    "closes_at",
    "vacation_opens_at",
    "vacation_closes_at",
    "saturday_opens_at",
    "saturday_closes_at",
    "holiday_opens_at",
    "holiday_closes_at",
)
FACILITY_FIELDS = (*TIME_FIELDS, "monthly_fee", "phone")
SURVEY_FIELDS = FIGURE_FIELDS + FACILITY_FIELDS


def _label(name: str) -> str:
    model = FacilityFigures if name in FIGURE_FIELDS else Facility
    return str(model._meta.get_field(name).verbose_name)


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("예") if value else _("아니오")
    if isinstance(value, dt.time):
        return korean_time(value)
    return str(value)


# --- links ---------------------------------------------------------------------------------


def link_token(request: SurveyRequest) -> str:
    mac = salted_hmac(
        "facilities.surveys.link",
        f"{request.pk}:{request.round_id}:{request.facility_id}:{request.nonce}",
    ).hexdigest()[:32]
    return f"{request.pk}-{mac}"


def link_url(request: SurveyRequest, base_url: str = "") -> str:
    base = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    return base + reverse("survey_form", args=[link_token(request)])


def get_request_for_link(token: str) -> SurveyRequest:
    """The request a link names (404 for a malformed or forged one, or a changed nonce)."""
    pk, _sep, mac = (token or "").partition("-")
    if not pk.isdigit() or not mac:
        raise Http404
    request = (
        SurveyRequest.objects.select_related("round", "round__council", "facility__dong")
        .filter(pk=int(pk))
        .first()
    )
    if request is None or not constant_time_compare(link_token(request), token):
        raise Http404
    return request


def check_link(request: SurveyRequest, today: dt.date) -> None:
    """Refuse a link that no longer works (Refused with the reason in Korean)."""
    survey = request.round
    if request.revoked_at is not None:
        raise Refused(
            _("이 링크는 구청에서 중지했습니다. 구청 담당자에게 새 링크를 요청해 주세요."),
            code="revoked",
        )
    if survey.status == SurveyRound.Status.CANCELLED:
        raise Refused(
            _("구청에서 이 조사를 취소했습니다. 답하지 않으셔도 됩니다."), code="cancelled"
        )
    if not survey.is_open(today):
        raise Refused(
            _("이 조사는 %(day)s에 마감되었습니다. 바뀐 내용은 구청 담당자에게 알려 주세요.")
            % {"day": korean_date(survey.closes_on)},
            code="closed",
        )


# --- starting, sending, reminding ------------------------------------------------------------


def notice_prefix(request: SurveyRequest) -> str:
    """The outbox keys of every notice that carried this request's link."""
    return f"survey:{request.round_id}:{request.pk}:"


def send_link(
    request: SurveyRequest, base_url: str = "", *, reminder: bool = False, now=None
) -> bool:
    """Queue the link in the notices outbox (in the caller's transaction): 문자 to the
    contact's mobile number, e-mail to the address, whichever the request has. False
    when it has neither."""
    if not (request.email or request.mobile):
        return False
    survey = request.round
    purpose = f"reminder{request.reminders + 1}" if reminder else f"link-{request.nonce[:8]}"
    key = notice_prefix(request) + purpose
    notify(
        event="survey_reminder" if reminder else "survey_link",
        key=key,
        council=survey.council,
        recipients=[
            Recipient(
                name=_("%(facility)s 담당자") % {"facility": request.facility.name},
                email=request.email,
                mobile=request.mobile,
            )
        ],
        variables={
            "district": survey.council.district,
            "facility": request.facility.name,
            "title": survey.title,
            "link": link_url(request, base_url),
            "closes": korean_date(survey.closes_on),
        },
        now=now,
    )
    request.notice_key = key
    return True


def _addresses(facility: Facility) -> dict:
    return {"email": facility.contact_email, "mobile": facility.survey_mobile}


@transaction.atomic
def start_round(
    *,
    council,
    user,
    title: str,
    survey_date: dt.date,
    closes_on: dt.date,
    facilities: list[Facility],
    base_url: str = "",
    send: bool = True,
) -> SurveyRound:
    """The round, a request per facility, and each link queued in the outbox: all in one
    transaction, so a round that fails to start sends nothing."""
    if not facilities:
        raise Refused(_("조사할 시설을 하나 이상 골라 주세요."), code="no_facilities")
    survey = SurveyRound.objects.create(
        council=council,
        title=title,
        survey_date=survey_date,
        closes_on=closes_on,
        created_by=user,
    )
    survey.council = council
    now = timezone.now()
    for facility in facilities:
        request = SurveyRequest.objects.create(
            round=survey, facility=facility, **_addresses(facility)
        )
        request.round = survey
        if send and send_link(request, base_url, now=now):
            request.sent_at = now
            request.save(update_fields=["sent_at", "notice_key"])
    return survey


@transaction.atomic
def remind(survey: SurveyRound, *, today: dt.date, base_url: str = "") -> int:
    """Send the link again to every facility that has not answered (open rounds only);
    a stopped link is never sent again."""
    if not survey.is_open(today):
        raise Refused(_("진행 중인 조사에만 다시 알릴 수 있습니다."), code="not_open")
    now = timezone.now()
    sent = 0
    waiting = survey.requests.select_related("facility").filter(
        answered_at__isnull=True, revoked_at__isnull=True
    )
    for request in waiting:
        request.round = survey
        # The facility's addresses as they are now: staff may have corrected them.
        for name, value in _addresses(request.facility).items():
            setattr(request, name, value)
        if send_link(request, base_url, reminder=True, now=now):
            request.reminded_at = now
            request.reminders += 1
            request.save(
                update_fields=["reminded_at", "reminders", "notice_key", "email", "mobile"]
            )
            sent += 1
    return sent


@transaction.atomic
def revoke(request: SurveyRequest) -> None:
    """Stop the link at once (a new nonce: the old token no longer matches); a notice
    that has not gone yet is not sent."""
    request.revoked_at = timezone.now()
    request.nonce = SurveyRequest._meta.get_field("nonce").default()
    request.save(update_fields=["revoked_at", "nonce"])
    cancel_queued(key_prefix=notice_prefix(request), reason=_("링크를 중지해 보내지 않았습니다."))


@transaction.atomic
def reissue(request: SurveyRequest, *, base_url: str = "") -> None:
    """A new link after a revocation (the old one stays dead), sent to the facility's
    addresses as they are now."""
    request.revoked_at = None
    request.nonce = SurveyRequest._meta.get_field("nonce").default()
    for name, value in _addresses(request.facility).items():
        setattr(request, name, value)
    request.notice_key = ""  # the old link's notices are not this link's
    if send_link(request, base_url):
        request.sent_at = timezone.now()
    request.save(update_fields=["revoked_at", "nonce", "sent_at", "email", "mobile", "notice_key"])


@transaction.atomic
def end_round(survey: SurveyRound, status: str) -> None:
    """마감 or 취소: every link of the round stops working."""
    if survey.status != SurveyRound.Status.OPEN:
        raise Refused(_("이미 끝난 조사입니다."), code="ended")
    survey.status = status
    survey.ended_at = timezone.now()
    survey.save(update_fields=["status", "ended_at"])
    cancel_queued(key_prefix=f"survey:{survey.pk}:", reason=_("조사가 끝나 보내지 않았습니다."))


# --- what a facility sees and sends ----------------------------------------------------------


def current_values(facility: Facility, today: dt.date) -> dict:
    """The registry's values for the form, typed (figures: the latest on or before today)."""
    figures = facility.figures.filter(as_of__lte=today).order_by("-as_of").first()
    values = {name: getattr(facility, name) for name in FACILITY_FIELDS}
    for name in FIGURE_FIELDS:
        values[name] = getattr(figures, name) if figures else None
    values["figures_as_of"] = figures.as_of if figures else None
    return values


def _lock(request: SurveyRequest) -> SurveyRequest:
    return SurveyRequest.objects.select_for_update().select_related("round").get(pk=request.pk)


@transaction.atomic
def submit(
    request: SurveyRequest, *, values: dict, message: str, form_nonce: str, today: dt.date
) -> SurveySubmission:
    """Store the facility's proposal (one waiting change per link, replaced by a newer one)."""
    locked = _lock(request)
    check_link(locked, today)
    stored = {name: as_json(values.get(name)) for name in SURVEY_FIELDS}
    waiting = locked.submissions.filter(status=SurveySubmission.Status.WAITING).first()
    if waiting is not None and form_nonce and waiting.form_nonce == form_nonce:
        return waiting  # the same form sent twice
    now = timezone.now()
    if waiting is None:
        waiting = SurveySubmission(request=locked)
    waiting.values = stored
    waiting.message = message
    waiting.form_nonce = form_nonce
    waiting.submitted_at = now
    waiting.no_change = False
    waiting.save()
    locked.answered_at = now
    locked.save(update_fields=["answered_at"])
    return waiting


@transaction.atomic
def confirm_unchanged(request: SurveyRequest, *, message: str, today: dt.date) -> SurveySubmission:
    """변동 없음: the latest figures are confirmed as of the survey date, at once."""
    locked = _lock(request)
    check_link(locked, today)
    facility = locked.facility
    survey = locked.round
    latest = facility.figures.filter(as_of__lte=survey.survey_date).order_by("-as_of").first()
    if latest is None:
        raise Refused(
            _("등록된 정원·현원이 없어 '변동 없음'으로 답할 수 없습니다. 숫자를 적어 보내 주세요."),
            code="no_figures",
        )
    if latest.as_of != survey.survey_date:
        FacilityFigures.objects.create(
            facility=facility,
            as_of=survey.survey_date,
            capacity=latest.capacity,
            enrolled=latest.enrolled,
            waiting=latest.waiting,
            over_capacity_reason=latest.over_capacity_reason,
            source=FacilityFigures.Source.FACILITY,
        )
    now = timezone.now()
    locked.submissions.filter(status=SurveySubmission.Status.WAITING).delete()
    submission = SurveySubmission.objects.create(
        request=locked,
        status=SurveySubmission.Status.APPROVED,
        no_change=True,
        message=message,
        submitted_at=now,
        reviewed_at=now,
    )
    locked.answered_at = now
    locked.save(update_fields=["answered_at"])
    return submission


def as_json(value):
    if isinstance(value, dt.time):
        return korean_time(value)
    return value


def _typed(name: str, value):
    if name in TIME_FIELDS:
        return dt.time.fromisoformat(value) if value else None
    return value


# --- what staff see and decide ---------------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    label: str
    current: str
    proposed: str

    @property
    def changed(self) -> bool:
        return self.current != self.proposed


def comparison(submission: SurveySubmission, today: dt.date) -> list[Compared]:
    current = current_values(submission.request.facility, today)
    rows = []
    for name in SURVEY_FIELDS:
        proposed = _typed(name, submission.values.get(name))
        rows.append(Compared(_label(name), as_text(current[name]), as_text(proposed)))
    return rows


def _locked_waiting(submission: SurveySubmission) -> SurveySubmission:
    locked = (
        SurveySubmission.objects.select_for_update()
        .select_related("request__round", "request__facility")
        .get(pk=submission.pk)
    )
    if locked.status != SurveySubmission.Status.WAITING:
        raise Refused(_("이미 검토한 제출입니다."), code="reviewed")
    return locked


@transaction.atomic
def approve(submission: SurveySubmission, *, user) -> None:
    """Into the registry: figures dated the survey date (source 시설 제출), and the
    facility's fields, each change in the facility's history."""
    locked = _locked_waiting(submission)
    request = locked.request
    facility = request.facility
    values = {name: _typed(name, locked.values.get(name)) for name in SURVEY_FIELDS}
    FacilityFigures.objects.update_or_create(
        facility=facility,
        as_of=request.round.survey_date,
        defaults={
            "capacity": values["capacity"],
            "enrolled": values["enrolled"],
            "waiting": values["waiting"] or 0,
            "over_capacity_reason": values["over_capacity_reason"] or "",
            "source": FacilityFigures.Source.FACILITY,
            "recorded_by": user,
        },
    )
    changed = [n for n in FACILITY_FIELDS if getattr(facility, n) != values[n]]
    if changed:
        for name in changed:
            setattr(facility, name, values[name] if values[name] is not None else _empty(name))
        facility.updated_by = user
        facility._change_reason = _("시설 제출: %(title)s") % {"title": request.round.title}
        facility.save()
    locked.status = SurveySubmission.Status.APPROVED
    locked.reviewed_by = user
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])


def _empty(name: str):
    return "" if name == "phone" else None


@transaction.atomic
def return_submission(submission: SurveySubmission, *, user, reason: str) -> None:
    """반려: the facility may send again through the same link while the round is open."""
    locked = _locked_waiting(submission)
    locked.status = SurveySubmission.Status.RETURNED
    locked.reviewed_by = user
    locked.reviewed_at = timezone.now()
    locked.return_reason = reason
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_reason"])
    request = locked.request
    request.answered_at = None
    request.save(update_fields=["answered_at"])


# --- the tracker and the results ----------------------------------------------------------


def tracker_rows(survey: SurveyRound) -> list[dict]:
    """Each asked facility with its link state, its latest submission and the notices
    of its last sending (channel and state; three queries)."""
    requests = list(
        survey.requests.select_related("facility", "facility__dong").order_by(
            "facility__dong__order", "facility__name", "pk"
        )
    )
    latest: dict[int, SurveySubmission] = {}
    for sub in SurveySubmission.objects.filter(request__round=survey).order_by("submitted_at"):
        latest[sub.request_id] = sub
    notices: dict[str, list[Notice]] = {}
    keys = [r.notice_key for r in requests if r.notice_key]
    for notice in Notice.objects.filter(key__in=keys).order_by("channel"):
        notices.setdefault(notice.key, []).append(notice)
    return [
        {
            "request": r,
            "submission": latest.get(r.pk),
            "notices": notices.get(r.notice_key, []),
        }
        for r in requests
    ]


def state_label(row: dict) -> str:
    request, submission = row["request"], row["submission"]
    if request.revoked_at:
        return _("링크 중지")
    if submission is None:
        return _("답 없음")
    if submission.no_change:
        return _("변동 없음 (확인됨)")
    return str(submission.get_status_display())


def results_workbook(survey: SurveyRound) -> tuple[str, str, bytes]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from lib.xlsx import finish_workbook, safe_cell

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "현황 조사"
    sheet.append([safe_cell(f"{survey.title} (기준일 {korean_date(survey.survey_date)})")])
    sheet["A1"].font = Font(bold=True, size=13)
    header = [
        "기관 코드",
        "기관명",
        "행정동",
        "상태",
        "제출 시각",
        *(_label(n) for n in SURVEY_FIELDS),
        "시설이 남긴 말",
        "반려 사유",
    ]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in tracker_rows(survey):
        request, submission = row["request"], row["submission"]
        values = submission.values if submission else {}
        sheet.append(
            [
                safe_cell(request.facility.code),
                safe_cell(request.facility.name),
                safe_cell(request.facility.dong.name),
                safe_cell(state_label(row)),
                timezone.localtime(submission.submitted_at).replace(tzinfo=None, microsecond=0)
                if submission
                else "",
                *(
                    safe_cell(as_text(values.get(n)))
                    if not isinstance(values.get(n), int) or isinstance(values.get(n), bool)
                    else values.get(n)
                    for n in SURVEY_FIELDS
                ),
                safe_cell(submission.message if submission else ""),
                safe_cell(submission.return_reason if submission else ""),
            ]
        )
    finish_workbook(workbook, header_rows=2)  # the title line and the headings
    buffer = io.BytesIO()
    workbook.save(buffer)
    filename = f"{survey.council.slug}-survey-{survey.pk}.xlsx"
    return (
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        buffer.getvalue(),
    )
