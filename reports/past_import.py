"""A district brings its history in: a past meeting from the result spreadsheet the
portal itself exports (reports.exporters.xlsx_from_context).

`read_result_file(upload, council)` reads and checks the whole file and returns
a plan (plain data, kept between preview and confirm); nothing is written. Any
problem rejects the file with Korean row-level messages: an unknown meeting in
the carried sheet, a duplicate proposal number, a department or category the
council does not have, a status it does not know. `apply_plan` then records
the meeting with its real dates and attendance, its proposals, final responses
and commitments, applies the carried sheet's progress to the earlier meetings'
commitments, and publishes the result at the real publication date — all in
one transaction, all or nothing.

Round trip: export a published meeting, import it into an empty council (same
categories and departments), export again: the two files hold the same values.
Import a council's meetings oldest first, so each carried sheet finds the
meetings it names.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Category, Council, Meeting
from council.services import meetings as meeting_services
from lib.xlsx import RowError, UploadRejected, load_xlsx_upload, read_table, rejected_rows
from proposals import commitment_services
from proposals import services as proposal_services
from proposals.models import (
    DEFAULT_STATUSES,
    Commitment,
    CommitmentStatus,
    Department,
    DepartmentResponse,
)
from proposals.progress_sheet import parse_date
from reports.models import PublishedResult
from reports.services import publish_meeting

OVERVIEW = "개요"
PROPOSALS = "건의사항"
COMMITMENTS = "추진 계획"
CARRIED = "지난 회의 추진 현황"
OVERVIEW_ROWS = 300
PUBLISHED_AT = dt.time(10, 0)
_MEETING = re.compile(r"^\s*(\d{4})\s*년\s*(상반기|하반기)\s*$")
_DEADLINE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})\s*$")


@dataclass
class ProposalPlan:
    number: int
    category_id: int
    headline: str
    details: str
    department_id: int | None
    state: str
    lines: str


@dataclass
class CommitmentPlan:
    number: int
    what: str
    department_id: int
    due_date: str  # ISO
    status: str  # status name
    reason: str


@dataclass
class CarriedPlan:
    label: str  # "2023년 하반기 1번: …" for the preview
    commitment_id: int
    status: str
    reason: str
    note_date: str  # ISO or ""
    note_text: str


@dataclass
class MeetingPlan:
    year: int
    half: int
    method: str
    period_start: str
    period_end: str
    deadline: str  # "YYYY-MM-DD HH:MM" (Asia/Seoul) or ""
    invited: int
    submitted: int
    attended: int | None
    agenda: list[str]
    published_on: str
    proposals: list[ProposalPlan] = field(default_factory=list)
    commitments: list[CommitmentPlan] = field(default_factory=list)
    carried: list[CarriedPlan] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.year}년 {Meeting.Half(self.half).label}"

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> MeetingPlan:
        data = dict(data)
        data["proposals"] = [ProposalPlan(**p) for p in data["proposals"]]
        data["commitments"] = [CommitmentPlan(**c) for c in data["commitments"]]
        data["carried"] = [CarriedPlan(**c) for c in data["carried"]]
        return cls(**data)


def _text(value) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def _int(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def _marked_lines(text: str, mark: str) -> list[str]:
    """`○ 한 줄\n○ 둘째 줄` → the lines without their marks."""
    return [line.strip().removeprefix(mark).strip() for line in text.splitlines() if line.strip()]


def _read_overview(upload) -> dict[str, object]:
    workbook = load_xlsx_upload(upload)
    try:
        if OVERVIEW not in workbook.sheetnames:
            raise UploadRejected(
                _("‘%(sheet)s’ 시트가 없습니다. 포털이 내보낸 결과 엑셀 파일을 올려 주세요.")
                % {"sheet": OVERVIEW},
                code="sheet",
            )
        values: dict[str, object] = {}
        for row in workbook[OVERVIEW].iter_rows(max_row=OVERVIEW_ROWS, max_col=2, values_only=True):
            if row and row[0] is not None:
                values[str(row[0]).strip()] = row[1] if len(row) > 1 else None
        return values
    finally:
        workbook.close()
        upload.seek(0)


def _meeting_fields(values: dict, council: Council, today: dt.date, errors: list) -> dict:
    def fail(label: str, message: str) -> None:
        errors.append(RowError(0, label, f"{_('개요')} [{label}]: {message}"))

    if "미리보기" in _text(values.get(_("비고"))):
        fail(_("비고"), _("미리보기 파일입니다. 공개된 결과 파일을 올려 주세요."))
    year = _int(values.get(_("연도")))
    if year is None or not 2000 <= year <= 2100:
        fail(_("연도"), _("연도를 네 자리 숫자로 적으세요."))
    halves = {str(label): value for value, label in Meeting.Half.choices}
    half = halves.get(_text(values.get(_("반기"))))
    if half is None:
        fail(_("반기"), _("상반기 또는 하반기여야 합니다."))
    methods = {str(label): value for value, label in Meeting.Method.choices}
    method = methods.get(_text(values.get(_("방법"))))
    if method is None:
        fail(_("방법"), _("%(choices)s 중 하나여야 합니다.") % {"choices": ", ".join(methods)})
    dates = {}
    for key in (_("기간 시작일"), _("기간 종료일")):
        try:
            dates[key] = parse_date(values.get(key))
        except (TypeError, ValueError):
            dates[key] = None
        if dates[key] is None:
            fail(key, _("날짜는 2023-12-20처럼 적으세요."))
    start, end = dates[_("기간 시작일")], dates[_("기간 종료일")]
    if start and end and end < start:
        fail(_("기간 종료일"), _("기간 종료일은 시작일보다 빠를 수 없습니다."))
    if end and end >= today:
        fail(_("기간 종료일"), _("이미 끝난 회의만 가져올 수 있습니다."))
    deadline = _text(values.get(_("의견 제출 마감")))
    if deadline and not _DEADLINE.match(deadline):
        fail(_("의견 제출 마감"), _("2023-12-22 18:00처럼 적거나 비워 두세요."))
    counts = {}
    for key in (_("위원 수"), _("의견 제출 위원 수")):
        counts[key] = _int(values.get(key))
        if counts[key] is None:
            fail(key, _("숫자를 적으세요."))
    attended = _int(values.get(_("참석 위원 수")))
    if method in (Meeting.Method.IN_PERSON, Meeting.Method.VIDEO) and attended is None:
        fail(_("참석 위원 수"), _("대면·화상 회의는 참석 위원 수를 적으세요."))
    agenda = [line.strip() for line in _text(values.get(_("내용"))).splitlines() if line.strip()]
    if not agenda:
        fail(_("내용"), _("안건이 하나 이상 있어야 합니다."))
    if year and half and Meeting.objects.filter(council=council, year=year, half=half).exists():
        fail(
            _("연도"),
            _("이 협의체에 %(year)s년 %(half)s 회의가 이미 있습니다.")
            % {"year": year, "half": Meeting.Half(half).label},
        )
    return {
        "year": year,
        "half": half,
        "method": method,
        "period_start": start.isoformat() if start else "",
        "period_end": end.isoformat() if end else "",
        "deadline": deadline,
        "invited": counts[_("위원 수")] or 0,
        "submitted": counts[_("의견 제출 위원 수")] or 0,
        "attended": attended
        if method in (Meeting.Method.IN_PERSON, Meeting.Method.VIDEO)
        else None,
        "agenda": agenda,
    }


def _status_names(council: Council) -> dict[str, bool]:
    """The council's status names → needs a reason (the defaults when it has none yet)."""
    statuses = list(CommitmentStatus.objects.filter(council=council))
    if statuses:
        return {s.name: s.needs_reason for s in statuses}
    return {name: needs_reason for name, _p, _k, needs_reason in DEFAULT_STATUSES}


def read_result_file(*, upload, council: Council, published_on: dt.date) -> MeetingPlan:
    """Check the whole file and return what would be imported (nothing is written)."""
    today = timezone.localdate()
    errors: list[RowError] = []
    overview = _read_overview(upload)
    fields = _meeting_fields(overview, council, today, errors)
    if published_on > today:
        errors.append(RowError(0, "", _("결과 공개일은 오늘 이후일 수 없습니다.")))
    if fields["period_end"] and published_on < dt.date.fromisoformat(fields["period_end"]):
        errors.append(RowError(0, "", _("결과 공개일은 회의 기간 종료일보다 빠를 수 없습니다.")))
    categories = dict(Category.objects.filter(council=council).values_list("name", "pk"))
    departments = dict(Department.objects.filter(council=council).values_list("name", "pk"))
    states = {str(label): value for value, label in DepartmentResponse.State.choices}
    statuses = _status_names(council)

    def department_id(line: int, column: str, name: str) -> int | None:
        if name not in departments:
            errors.append(
                RowError(
                    line,
                    column,
                    _("‘%(name)s’ 부서가 이 협의체에 없습니다. 담당 부서를 먼저 등록하세요.")
                    % {"name": name},
                )
            )
            return None
        return departments[name]

    # --- 건의사항
    proposals: list[ProposalPlan] = []
    table = read_table(
        upload,
        headers={
            _("번호"): "number",
            _("분야"): "category",
            _("취합 결과"): "proposal",
            _("부서 검토 의견"): "response",
            _("담당 부서"): "department",
            _("검토 결과"): "state",
        },
        required=("number", "category", "proposal", "response", "department", "state"),
        sheet_title=PROPOSALS,
    )
    numbers: set[int] = set()
    for line, row in table.rows:
        number = _int(row["number"])
        if number is None or number < 1:
            errors.append(RowError(line, _("번호"), _("번호는 1 이상의 숫자여야 합니다.")))
            continue
        if number in numbers:
            errors.append(
                RowError(line, _("번호"), _("%(n)s번 건의사항이 두 번 있습니다.") % {"n": number})
            )
            continue
        numbers.add(number)
        category = _text(row["category"])
        if category not in categories:
            errors.append(
                RowError(
                    line,
                    _("분야"),
                    _("‘%(name)s’ 분야가 이 협의체에 없습니다. 분야를 먼저 등록하세요.")
                    % {"name": category},
                )
            )
            continue
        text = _text(row["proposal"])
        if not text.startswith("○"):
            errors.append(
                RowError(
                    line, _("취합 결과"), _("첫 줄이 ○로 시작하는 건의사항 제목이어야 합니다.")
                )
            )
            continue
        first, *rest = text.splitlines()
        headline = first.removeprefix("○").strip()
        details = [line_.strip().removeprefix("▷").strip() for line_ in rest if line_.strip()]
        department_name = _text(row["department"])
        department = (
            department_id(line, _("담당 부서"), department_name) if department_name else None
        )
        if department_name and department is None:
            continue
        lines = _marked_lines(_text(row["response"]), "○")
        state_label = _text(row["state"])
        if lines and not department:
            errors.append(
                RowError(line, _("담당 부서"), _("검토 의견이 있으면 담당 부서가 필요합니다."))
            )
            continue
        if lines and state_label not in states:
            errors.append(
                RowError(
                    line,
                    _("검토 결과"),
                    _("검토 의견이 있으면 검토 결과(%(choices)s)가 필요합니다.")
                    % {"choices": ", ".join(states)},
                )
            )
            continue
        proposals.append(
            ProposalPlan(
                number=number,
                category_id=categories[category],
                headline=headline[:300],
                details="\n".join(details),
                department_id=department,
                state=states.get(state_label, ""),
                lines="\n".join(lines),
            )
        )
    answered = {p.number for p in proposals if p.lines}

    # --- 추진 계획 (this meeting's own commitments)
    commitments: list[CommitmentPlan] = []
    table = read_table(
        upload,
        headers={
            _("번호"): "number",
            _("추진 계획"): "what",
            _("담당 부서"): "department",
            _("완료 예정일"): "due_date",
            _("추진 상태"): "status",
            _("사유"): "reason",
        },
        required=("number", "what", "department", "due_date", "status"),
        sheet_title=COMMITMENTS,
    )
    for line, row in table.rows:
        number = _int(row["number"])
        if number not in answered:
            errors.append(
                RowError(
                    line,
                    _("번호"),
                    _("검토 의견이 있는 %(n)s번 건의사항이 ‘건의사항’ 시트에 없습니다.")
                    % {"n": row["number"]},
                )
            )
            continue
        what = _text(row["what"])
        if not what:
            errors.append(RowError(line, _("추진 계획"), _("추진 계획을 적으세요.")))
            continue
        department = department_id(line, _("담당 부서"), _text(row["department"]))
        if department is None:
            continue
        try:
            due = parse_date(row["due_date"])
        except (TypeError, ValueError):
            due = None
        if due is None:
            errors.append(RowError(line, _("완료 예정일"), _("날짜는 2024-03-31처럼 적으세요.")))
            continue
        status = _text(row["status"])
        if status not in statuses:
            errors.append(
                RowError(
                    line,
                    _("추진 상태"),
                    _("%(choices)s 중 하나여야 합니다.") % {"choices": ", ".join(statuses)},
                )
            )
            continue
        reason = _text(row.get("reason"))
        if statuses[status] and not reason:
            errors.append(
                RowError(line, _("사유"), _("‘%(s)s’에는 사유가 필요합니다.") % {"s": status})
            )
            continue
        commitments.append(
            CommitmentPlan(number, what[:300], department, due.isoformat(), status, reason)
        )

    # --- 지난 회의 추진 현황 (progress of earlier meetings' commitments)
    carried = _read_carried(upload, council, fields, statuses, errors)

    if errors:
        raise rejected_rows(errors)
    return MeetingPlan(
        **fields,
        published_on=published_on.isoformat(),
        proposals=proposals,
        commitments=commitments,
        carried=carried,
    )


def _read_carried(upload, council, fields, statuses, errors) -> list[CarriedPlan]:
    table = read_table(
        upload,
        headers={
            _("회의"): "meeting",
            _("번호"): "number",
            _("추진 계획"): "what",
            _("추진 상태"): "status",
            _("사유"): "reason",
            _("최근 추진 경과 일자"): "note_date",
            _("최근 추진 경과"): "note_text",
        },
        required=("meeting", "number", "what", "status"),
        sheet_title=CARRIED,
    )
    meetings = {
        (m.year, m.half): m
        for m in Meeting.objects.filter(council=council).select_related("council")
    }
    commitments: dict[tuple[int, int], list[Commitment]] = {}
    for c in Commitment.objects.made().for_council(council).select_related("response__proposal"):
        key = (c.response.proposal.meeting_id, c.response.proposal.number)
        commitments.setdefault(key, []).append(c)
    halves = {str(label): value for value, label in Meeting.Half.choices}
    plans: list[CarriedPlan] = []
    used: set[int] = set()
    for line, row in table.rows:
        label = _text(row["meeting"])
        match = _MEETING.match(label)
        meeting = meetings.get((int(match[1]), halves[match[2]])) if match else None
        if meeting is None:
            errors.append(
                RowError(
                    line,
                    _("회의"),
                    _(
                        "이 협의체에 ‘%(label)s’ 회의가 없습니다. 그 회의의 결과 파일을 먼저 가져오세요."
                    )
                    % {"label": label},
                )
            )
            continue
        if (
            fields["year"]
            and fields["half"]
            and (meeting.year, meeting.half)
            >= (
                fields["year"],
                fields["half"],
            )
        ):
            errors.append(RowError(line, _("회의"), _("가져오는 회의보다 앞선 회의여야 합니다.")))
            continue
        number = _int(row["number"])
        what = _text(row["what"])
        match_ = next(
            (
                c
                for c in commitments.get((meeting.pk, number), [])
                if c.what == what and c.pk not in used
            ),
            None,
        )
        if match_ is None:
            errors.append(
                RowError(
                    line,
                    _("추진 계획"),
                    _("%(label)s %(n)s번 건의사항에 이 후속 조치가 없습니다.")
                    % {"label": label, "n": row["number"]},
                )
            )
            continue
        used.add(match_.pk)
        status = _text(row["status"])
        if status not in statuses:
            errors.append(
                RowError(
                    line,
                    _("추진 상태"),
                    _("%(choices)s 중 하나여야 합니다.") % {"choices": ", ".join(statuses)},
                )
            )
            continue
        try:
            note_date = parse_date(_text(row.get("note_date")) or None)
        except (TypeError, ValueError):
            errors.append(
                RowError(line, _("최근 추진 경과 일자"), _("날짜는 2024. 3. 4.처럼 적으세요."))
            )
            continue
        plans.append(
            CarriedPlan(
                label=f"{label} {number}번: {what}",
                commitment_id=match_.pk,
                status=status,
                reason=_text(row.get("reason")),
                note_date=note_date.isoformat() if note_date else "",
                note_text=_text(row.get("note_text")),
            )
        )
    return plans


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, PUBLISHED_AT))


@transaction.atomic
def apply_plan(*, plan: MeetingPlan, council: Council, user: User) -> PublishedResult:
    """Record the meeting and everything in it, then publish it at its real date."""
    now = _moment(dt.date.fromisoformat(plan.published_on))
    deadline = None
    if plan.deadline:
        deadline = timezone.make_aware(dt.datetime.strptime(plan.deadline, "%Y-%m-%d %H:%M"))
    meeting = meeting_services.record_past_meeting(
        council=council,
        data=meeting_services.PastMeetingData(
            year=plan.year,
            half=plan.half,
            method=plan.method,
            period_start=dt.date.fromisoformat(plan.period_start),
            period_end=dt.date.fromisoformat(plan.period_end),
            invited_count=plan.invited,
            submitted_count=plan.submitted,
            attended_count=plan.attended,
            agenda_titles=plan.agenda,
            deadline=deadline,
        ),
    )
    statuses = {s.name: s for s in commitment_services.ensure_statuses(council=council)}
    departments = Department.objects.in_bulk(
        [p.department_id for p in plan.proposals if p.department_id]
        + [c.department_id for c in plan.commitments]
    )
    categories = Category.objects.in_bulk([p.category_id for p in plan.proposals])
    for item in sorted(plan.proposals, key=lambda p: p.number):
        proposal = proposal_services.add_recorded_proposal(
            meeting=meeting,
            number=item.number,
            headline=item.headline,
            details=item.details,
            category=categories[item.category_id],
            department=departments.get(item.department_id),
        )
        if not item.lines:
            continue
        proposal_services.save_response(
            proposal=proposal,
            version=0,
            state=item.state,
            lines=item.lines,
            final=True,
            user=user,
            as_staff=True,
            commitments=[
                commitment_services.CommitmentInput(
                    what=c.what,
                    department=departments[c.department_id],
                    due_date=dt.date.fromisoformat(c.due_date),
                    status=statuses[c.status],
                    reason=c.reason,
                )
                for c in plan.commitments
                if c.number == item.number
            ],
            now=now,
        )
    for item in plan.carried:
        _apply_carried(item, statuses, user, now)
    return publish_meeting(meeting=meeting, user=user, now=now)


def _apply_carried(item: CarriedPlan, statuses, user: User, now: dt.datetime) -> None:
    """Bring an earlier commitment to the state the imported document reports."""
    commitment = Commitment.objects.select_related("status").get(pk=item.commitment_id)
    status = statuses[item.status]
    new_status = status if status.pk != commitment.status_id else None
    note_text = item.note_text
    # A bare status change reads "‘완료’(으)로 변경" in the document: not a note of its own.
    if note_text == _("‘%(name)s’(으)로 변경") % {"name": item.status}:
        note_text = ""
    note_date = dt.date.fromisoformat(item.note_date) if item.note_date else None
    if note_text and commitment.notes.filter(date=note_date, text=note_text).exists():
        note_text = ""
    if new_status is None and not note_text:
        return
    commitment_services.record_progress(
        commitment=commitment,
        version=commitment.version,
        status=new_status,
        reason=item.reason,
        note_date=note_date,
        note_text=note_text,
        user=user,
        as_staff=True,
        now=now,
    )
