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
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Category, Council, Meeting
from council.services import meetings as meeting_services
from lib import imports
from lib.dates import korean_date, korean_period
from lib.xlsx import RowError, UploadRejected, load_xlsx_upload, rejected_rows, to_text
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
from reports.carried import status_change_text
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
    # Recorded out of order: the commitment already has a record after this meeting's
    # publication (a later meeting's), which stands; this older state is not applied.
    later_record: bool = False


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
    # Later meetings whose 지난 회의 section will follow this one (the preview warns).
    following: list[dict] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.year}년 {Meeting.Half(self.half).label}"

    # The preview shows dates as the portal does everywhere else (`2023. 12. 20.(수)`).
    @property
    def period_text(self) -> str:
        start, end = (
            dt.date.fromisoformat(self.period_start),
            dt.date.fromisoformat(self.period_end),
        )
        return korean_period(start, end)

    @property
    def deadline_text(self) -> str:
        if not self.deadline:
            return ""
        day, _sep, time = self.deadline.partition(" ")
        return f"{korean_date(dt.date.fromisoformat(day), weekday=True)} {time}".strip()

    @property
    def published_text(self) -> str:
        return korean_date(dt.date.fromisoformat(self.published_on), weekday=True)

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
    text = _text(value)
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _marked_lines(text: str, mark: str) -> list[str]:
    """`○ 한 줄\n○ 둘째 줄` → the lines without their marks."""
    return [line.strip().removeprefix(mark).strip() for line in text.splitlines() if line.strip()]


def _proposal_columns() -> list[imports.Column]:
    return [
        imports.Column("number", _("번호"), required=True),
        imports.TextColumn("category", _("분야"), required=True),
        imports.TextColumn("proposal", _("취합 결과"), required=True),
        imports.TextColumn("response", _("부서 검토 의견"), required=True),
        imports.TextColumn("department", _("담당 부서"), required=True),
        imports.TextColumn("state", _("검토 결과"), required=True),
    ]


def _commitment_columns() -> list[imports.Column]:
    return [
        imports.Column("number", _("번호"), required=True),
        imports.TextColumn("what", _("추진 계획"), required=True),
        imports.TextColumn("department", _("담당 부서"), required=True),
        imports.Column("due_date", _("완료 예정일"), required=True),
        imports.TextColumn("status", _("추진 상태"), required=True),
        imports.TextColumn("reason", _("사유")),
    ]


def _carried_columns() -> list[imports.Column]:
    return [
        imports.TextColumn("meeting", _("회의"), required=True),
        imports.Column("number", _("번호"), required=True),
        imports.TextColumn("what", _("추진 계획"), required=True),
        imports.TextColumn("status", _("추진 상태"), required=True),
        imports.TextColumn("reason", _("사유")),
        imports.Column("note_date", _("최근 추진 경과 일자")),
        imports.TextColumn("note_text", _("최근 추진 경과")),
    ]


def _read_overview(upload) -> dict[str, str]:
    workbook = load_xlsx_upload(upload)
    try:
        if OVERVIEW not in workbook.sheetnames:
            raise UploadRejected(
                _("‘%(sheet)s’ 시트가 없습니다. 포털이 내보낸 결과 엑셀 파일을 올려 주세요.")
                % {"sheet": OVERVIEW},
                code="sheet",
            )
        values: dict[str, str] = {}
        for row in workbook[OVERVIEW].iter_rows(max_row=OVERVIEW_ROWS, max_col=2, values_only=True):
            if row and row[0] is not None:
                values[str(row[0]).strip()] = to_text(row[1] if len(row) > 1 else None)
        return values
    finally:
        workbook.close()
        upload.seek(0)


def read_result_file(*, upload, published_on: dt.date) -> dict:
    """Read: the overview and the three sheets as text (nothing is checked yet)."""
    sheets = (
        ("proposals", PROPOSALS, _proposal_columns()),
        ("commitments", COMMITMENTS, _commitment_columns()),
        ("carried", CARRIED, _carried_columns()),
    )
    payload: dict = {"overview": _read_overview(upload), "published_on": published_on.isoformat()}
    for key, title, columns in sheets:
        payload[key] = imports.read_xlsx_rows(
            upload, columns, sheet_title=title, max_rows=settings.XLSX_MAX_ROWS
        )
    return payload


class _Overview:
    """The 개요 sheet's values, each checked with its own message."""

    def __init__(self, values: dict[str, str], errors: list[RowError]):
        self.values = values
        self.errors = errors

    def fail(self, label: str, message: str) -> None:
        self.errors.append(RowError(0, label, f"{_('개요')} [{label}]: {message}"))

    def text(self, label: str) -> str:
        return _text(self.values.get(label))

    def choice(self, label: str, choices: dict[str, Any], message: str) -> Any:
        value = choices.get(self.text(label))
        if value is None:
            self.fail(label, message)
        return value

    def date(self, label: str) -> dt.date | None:
        try:
            day = parse_date(self.text(label) or None)
        except (TypeError, ValueError):
            day = None
        if day is None:
            self.fail(label, _("날짜는 2023-12-20처럼 적으세요."))
        return day

    def count(self, label: str) -> int | None:
        value = _int(self.values.get(label))
        if value is None:
            self.fail(label, _("숫자를 적으세요."))
        return value

    def period(self, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
        start, end = self.date(_("기간 시작일")), self.date(_("기간 종료일"))
        if start and end and end < start:
            self.fail(_("기간 종료일"), _("기간 종료일은 시작일보다 빠를 수 없습니다."))
        if end and end >= today:
            self.fail(_("기간 종료일"), _("이미 끝난 회의만 가져올 수 있습니다."))
        return start, end

    def year(self) -> int | None:
        year = _int(self.values.get(_("연도")))
        if year is None or not 2000 <= year <= 2100:
            self.fail(_("연도"), _("연도를 네 자리 숫자로 적으세요."))
        return year

    def deadline(self) -> str:
        deadline = self.text(_("의견 제출 마감"))
        if deadline and not _DEADLINE.match(deadline):
            self.fail(_("의견 제출 마감"), _("2023-12-22 18:00처럼 적거나 비워 두세요."))
        return deadline

    def attended(self, method: str | None) -> int | None:
        if method not in (Meeting.Method.IN_PERSON, Meeting.Method.VIDEO):
            return None
        attended = _int(self.values.get(_("참석 위원 수")))
        if attended is None:
            self.fail(_("참석 위원 수"), _("대면·화상 회의는 참석 위원 수를 적으세요."))
        return attended

    def agenda(self) -> list[str]:
        agenda = [line.strip() for line in self.text(_("내용")).splitlines() if line.strip()]
        if not agenda:
            self.fail(_("내용"), _("안건이 하나 이상 있어야 합니다."))
        return agenda


def _meeting_fields(values: dict, council: Council, today: dt.date, errors: list) -> dict:
    overview = _Overview(values, errors)
    if "미리보기" in overview.text(_("비고")):
        overview.fail(_("비고"), _("미리보기 파일입니다. 공개된 결과 파일을 올려 주세요."))
    year = overview.year()
    halves = {str(label): value for value, label in Meeting.Half.choices}
    half = overview.choice(_("반기"), halves, _("상반기 또는 하반기여야 합니다."))
    methods = {str(label): value for value, label in Meeting.Method.choices}
    method = overview.choice(
        _("방법"), methods, _("%(choices)s 중 하나여야 합니다.") % {"choices": ", ".join(methods)}
    )
    start, end = overview.period(today)
    fields = {
        "year": year,
        "half": half,
        "method": method,
        "period_start": start.isoformat() if start else "",
        "period_end": end.isoformat() if end else "",
        "deadline": overview.deadline(),
        "invited": overview.count(_("위원 수")) or 0,
        "submitted": overview.count(_("의견 제출 위원 수")) or 0,
        "attended": overview.attended(method),
        "agenda": overview.agenda(),
    }
    if year and half and Meeting.objects.filter(council=council, year=year, half=half).exists():
        overview.fail(
            _("연도"),
            _("이 협의체에 %(year)s년 %(half)s 회의가 이미 있습니다.")
            % {"year": year, "half": Meeting.Half(half).label},
        )
    return fields


def _status_names(council: Council) -> dict[str, bool]:
    """The council's status names → needs a reason (the defaults when it has none yet)."""
    statuses = list(CommitmentStatus.objects.filter(council=council))
    if statuses:
        return {s.name: s.needs_reason for s in statuses}
    return {name: needs_reason for name, _p, _k, needs_reason in DEFAULT_STATUSES}


def _choices_message(choices) -> str:
    return _("%(choices)s 중 하나여야 합니다.") % {"choices": ", ".join(choices)}


def _known(names: dict[str, int], name: str, column: str, message: str) -> int:
    """The id of a name the council has, or a RowProblem saying it must be added first."""
    if name not in names:
        raise imports.RowProblem(column, message % {"name": name})
    return names[name]


class _Judge:
    """The council's categories, departments, statuses and meetings, loaded once, and the
    rules of one row of each sheet (a RowProblem names what is wrong)."""

    def __init__(self, council: Council, fields: dict, moment: dt.datetime):
        self.council = council
        self.fields = fields
        self.moment = moment
        self._changed_later: set[int] | None = None
        self.categories = dict(Category.objects.filter(council=council).values_list("name", "pk"))
        self.departments = dict(
            Department.objects.filter(council=council).values_list("name", "pk")
        )
        self.states = {str(label): value for value, label in DepartmentResponse.State.choices}
        self.statuses = _status_names(council)
        self.numbers: set[int] = set()
        self.answered: set[int] = set()
        self.used: set[int] = set()
        self._meetings: dict | None = None
        self._commitments: dict | None = None

    def department_id(self, name: str) -> int:
        message = _("‘%(name)s’ 부서가 이 협의체에 없습니다. 담당 부서를 먼저 등록하세요.")
        return _known(self.departments, name, _("담당 부서"), message)

    def status(self, name: str) -> str:
        if name not in self.statuses:
            raise imports.RowProblem(_("추진 상태"), _choices_message(self.statuses))
        return name

    # --- 건의사항

    def _number(self, cells: dict) -> int:
        number = _int(cells["number"])
        if number is None or number < 1:
            raise imports.RowProblem(_("번호"), _("번호는 1 이상의 숫자여야 합니다."))
        if number in self.numbers:
            raise imports.RowProblem(
                _("번호"), _("%(n)s번 건의사항이 두 번 있습니다.") % {"n": number}
            )
        self.numbers.add(number)
        return number

    def _category(self, name: str) -> int:
        message = _("‘%(name)s’ 분야가 이 협의체에 없습니다. 분야를 먼저 등록하세요.")
        return _known(self.categories, name, _("분야"), message)

    def _answer(self, cells: dict, department: int | None) -> tuple[str, list[str]]:
        lines = _marked_lines(cells["response"], "○")
        if lines and not department:
            raise imports.RowProblem(
                _("담당 부서"), _("검토 의견이 있으면 담당 부서가 필요합니다.")
            )
        if lines and cells["state"] not in self.states:
            raise imports.RowProblem(
                _("검토 결과"),
                _("검토 의견이 있으면 검토 결과(%(choices)s)가 필요합니다.")
                % {"choices": ", ".join(self.states)},
            )
        return self.states.get(cells["state"], ""), lines

    def proposal(self, raw) -> ProposalPlan:
        cells = imports.clean_row(_proposal_columns(), raw)
        number = self._number(cells)
        category = self._category(cells["category"])
        text = cells["proposal"]
        if not text.startswith("○"):
            raise imports.RowProblem(
                _("취합 결과"), _("첫 줄이 ○로 시작하는 건의사항 제목이어야 합니다.")
            )
        first, *rest = text.splitlines()
        department = self.department_id(cells["department"]) if cells["department"] else None
        state, lines = self._answer(cells, department)
        if lines:
            self.answered.add(number)
        return ProposalPlan(
            number=number,
            category_id=category,
            headline=first.removeprefix("○").strip()[:300],
            details="\n".join(
                line.strip().removeprefix("▷").strip() for line in rest if line.strip()
            ),
            department_id=department,
            state=state,
            lines="\n".join(lines),
        )

    # --- 추진 계획 (this meeting's own commitments)

    def commitment(self, raw) -> CommitmentPlan:
        cells = imports.clean_row(_commitment_columns(), raw)
        number = _int(cells["number"])
        if number not in self.answered:
            raise imports.RowProblem(
                _("번호"),
                _("검토 의견이 있는 %(n)s번 건의사항이 ‘건의사항’ 시트에 없습니다.")
                % {"n": cells["number"]},
            )
        if not cells["what"]:
            raise imports.RowProblem(_("추진 계획"), _("추진 계획을 적으세요."))
        department = self.department_id(cells["department"])
        try:
            due = parse_date(cells["due_date"] or None)
        except (TypeError, ValueError):
            due = None
        if due is None:
            raise imports.RowProblem(_("완료 예정일"), _("날짜는 2024-03-31처럼 적으세요."))
        status = self.status(cells["status"])
        reason = cells.get("reason", "")
        if self.statuses[status] and not reason:
            raise imports.RowProblem(_("사유"), _("‘%(s)s’에는 사유가 필요합니다.") % {"s": status})
        return CommitmentPlan(
            number, cells["what"][:300], department, due.isoformat(), status, reason
        )

    # --- 지난 회의 추진 현황 (progress of earlier meetings' commitments)

    def _meeting(self, label: str) -> Meeting:
        if self._meetings is None:
            self._meetings = {
                (m.year, m.half): m
                for m in Meeting.objects.filter(council=self.council).select_related("council")
            }
        halves = {str(label): value for value, label in Meeting.Half.choices}
        match = _MEETING.match(label)
        meeting = self._meetings.get((int(match[1]), halves[match[2]])) if match else None
        if meeting is None:
            raise imports.RowProblem(
                _("회의"),
                _("이 협의체에 ‘%(label)s’ 회의가 없습니다. 그 회의의 결과 파일을 먼저 가져오세요.")
                % {"label": label},
            )
        year, half = self.fields["year"], self.fields["half"]
        if year and half and not meeting.comes_before(year, half):
            raise imports.RowProblem(_("회의"), _("가져오는 회의보다 앞선 회의여야 합니다."))
        return meeting

    def _earlier_commitment(self, meeting: Meeting, number, what: str, label: str) -> Commitment:
        if self._commitments is None:
            self._commitments = {}
            made = Commitment.objects.made().for_council(self.council)
            for c in made.select_related("response__proposal"):
                key = (c.response.proposal.meeting_id, c.response.proposal.number)
                self._commitments.setdefault(key, []).append(c)
        candidates = self._commitments.get((meeting.pk, number), [])
        found = next((c for c in candidates if c.what == what and c.pk not in self.used), None)
        if found is None:
            raise imports.RowProblem(
                _("추진 계획"),
                _("%(label)s %(n)s번 건의사항에 이 후속 조치가 없습니다.")
                % {"label": label, "n": number if number is not None else ""},
            )
        self.used.add(found.pk)
        return found

    def carried(self, raw) -> CarriedPlan:
        cells = imports.clean_row(_carried_columns(), raw)
        label = cells["meeting"]
        meeting = self._meeting(label)
        number = _int(cells["number"])
        commitment = self._earlier_commitment(meeting, number, cells["what"], label)
        status = self.status(cells["status"])
        try:
            note_date = parse_date(cells.get("note_date") or None)
        except (TypeError, ValueError):
            raise imports.RowProblem(
                _("최근 추진 경과 일자"), _("날짜는 2024. 3. 4.처럼 적으세요.")
            ) from None
        if self._changed_later is None:
            self._changed_later = set(
                Commitment.history.filter(
                    response__proposal__meeting__council=self.council,
                    history_date__gt=self.moment,
                ).values_list("id", flat=True)
            )
        return CarriedPlan(
            later_record=commitment.pk in self._changed_later,
            label=f"{label} {number}번: {cells['what']}",
            commitment_id=commitment.pk,
            status=status,
            reason=cells.get("reason", ""),
            note_date=note_date.isoformat() if note_date else "",
            note_text=cells.get("note_text", ""),
        )


def judge_result_file(*, payload: dict, council: Council) -> MeetingPlan:
    """Judge: check the whole file against the council and return what would be imported
    (nothing is written); UploadRejected with every problem."""
    today = timezone.localdate()
    published_on = dt.date.fromisoformat(payload["published_on"])
    errors: list[RowError] = []
    fields = _meeting_fields(payload["overview"], council, today, errors)
    if published_on > today:
        errors.append(RowError(0, "", _("결과 공개일은 오늘 이후일 수 없습니다.")))
    if fields["period_end"] and published_on < dt.date.fromisoformat(fields["period_end"]):
        errors.append(RowError(0, "", _("결과 공개일은 회의 기간 종료일보다 빠를 수 없습니다.")))
    judge = _Judge(council, fields, _moment(published_on))
    parts = {}
    for key, judge_row in (
        ("proposals", judge.proposal),
        ("commitments", judge.commitment),
        ("carried", judge.carried),
    ):
        parts[key], found = imports.judge_each(payload[key], judge_row)
        errors += found
    if errors:
        raise rejected_rows(errors)
    following = Meeting.objects.carrying_from(council.pk, fields["year"], fields["half"])
    return MeetingPlan(
        **fields,
        published_on=payload["published_on"],
        **parts,
        following=[{"title": m.title, "published": m.is_published} for m in following],
    )


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
    """Bring an earlier commitment to the state the imported document reports (unless
    a later meeting's record of it already exists: the newer record stands)."""
    if item.later_record:
        return
    commitment = Commitment.objects.select_related("status").get(pk=item.commitment_id)
    status = statuses[item.status]
    new_status = status if status.pk != commitment.status_id else None
    note_text = item.note_text
    # A bare status change reads "‘완료’로 변경" in the document (older ones "‘완료’(으)로
    # 변경"): not a note of its own.
    if note_text in (status_change_text(item.status), f"‘{item.status}’(으)로 변경"):
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


class PastMeetingImporter(imports.Importer):
    """A past meeting's result spreadsheet (lib.imports): the upload form also carries the
    day the result was really published."""

    kind = "past_meeting_import"

    def __init__(self, council: Council):
        self.council = council
        self.scope = str(council.pk)

    def read(self, data) -> dict:
        return read_result_file(upload=data["file"], published_on=data["published_on"])

    def judge(self, payload: dict) -> imports.Preview:
        plan = judge_result_file(payload=payload, council=self.council)
        return imports.Preview(rows=plan.proposals, changes=1, detail=plan)

    def apply(self, payload: dict, *, user, options) -> tuple[PublishedResult, MeetingPlan]:
        plan = judge_result_file(payload=payload, council=self.council)
        return apply_plan(plan=plan, council=self.council, user=user), plan

    def applied(self, result: tuple[PublishedResult, MeetingPlan]) -> tuple[str, str]:
        published, plan = result
        message = _("%(title)s 회의를 가져와 %(day)s 공개로 기록했습니다.") % {
            "title": plan.title,
            "day": plan.published_text,
        }
        return message, published.meeting.get_absolute_url()
