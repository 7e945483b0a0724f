"""Proposals (건의사항) aggregated from opinion points, and department responses."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import Category, Council, Meeting, Member, OpinionPoint
from lib import compiled
from lib.korean import without_bullet, without_bullets


class Department(models.Model):
    """A district department (담당 부서) that answers proposals."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("부서명"), max_length=100)

    class Meta:
        verbose_name = _("담당 부서")
        verbose_name_plural = _("담당 부서")
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"], name="unique_department_per_council"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Reviewer(models.Model):
    """A department reviewer (부서 담당자)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer"
    )
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="reviewers")
    name = models.CharField(_("이름"), max_length=50)

    class Meta:
        verbose_name = _("부서 담당자")
        verbose_name_plural = _("부서 담당자")

    def __str__(self) -> str:
        return f"{self.name} ({self.department})"

    @property
    def council(self) -> Council:
        return self.department.council


def split_lines(text: str) -> list[str]:
    """Non-empty, stripped lines of a multi-line text field."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _overdue(today: dt.date) -> Q:
    """The one rule for "overdue" (기한 지남): a due date before today and no final response."""
    return Q(due_date__lt=today) & ~DepartmentResponse.final_q("response__")


def response_counts_query(meeting_ids: tuple[int, ...], today: dt.date) -> QuerySet:
    """Per meeting of `meeting_ids`: its id, responses not final, of which overdue."""
    return (
        Proposal.objects.filter(meeting_id__in=meeting_ids)
        .values("meeting")
        .annotate(
            pending=models.Count("pk", filter=~DepartmentResponse.final_q("response__")),
            overdue=models.Count("pk", filter=_overdue(today)),
        )
        .values_list("meeting", "pending", "overdue")
    )


class ProposalQuerySet(models.QuerySet):
    def for_department(self, department: Department) -> ProposalQuerySet:
        return self.filter(department=department)

    def with_overdue(self, today: dt.date | None = None) -> ProposalQuerySet:
        """Annotate `overdue` (True/False) in SQL, so no page re-states the rule."""
        today = today or timezone.localdate()
        return self.annotate(
            overdue=models.Case(
                models.When(_overdue(today), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def response_counts_by_meeting(
        self, meetings, *, today: dt.date | None = None
    ) -> dict[int, tuple[int, int]]:
        """{meeting id: (responses not final, of which overdue)} in one query (its SQL
        compiled once per meetings and day: lib.compiled)."""
        ids = tuple(meeting.pk for meeting in meetings)
        if not ids:
            return {}
        counts = compiled.rows(response_counts_query, ids, today or timezone.localdate())
        return {meeting: (pending, overdue) for meeting, pending, overdue in counts}


class Proposal(models.Model):
    """A proposal (건의사항): a ○ headline, ▷ detail lines, and its source points."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField(_("번호"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("분야")
    )
    headline = models.CharField(_("제목"), max_length=300)
    details = models.TextField(
        _("세부 내용"),
        blank=True,
        help_text=_("한 줄에 하나씩 적습니다. 각 줄 앞에 ▷가 붙습니다."),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("담당 부서"),
    )
    due_date = models.DateField(_("검토 의견 기한"), null=True, blank=True)
    source_points = models.ManyToManyField(
        OpinionPoint, related_name="proposals", blank=True, verbose_name=_("원 의견")
    )
    # Optimistic lock: every save bumps it; a save carrying an older value is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[source_points])

    class Meta:
        verbose_name = _("건의사항")
        verbose_name_plural = _("건의사항")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="unique_proposal_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.headline}"

    def save(self, *args, **kwargs) -> None:
        # The document adds ○ and ▷ itself: bullets typed in front of a line go (one home).
        self.headline = without_bullet(self.headline)
        self.details = without_bullets(self.details)
        super().save(*args, **kwargs)

    @property
    def detail_lines(self) -> list[str]:
        return split_lines(self.details)


class DepartmentResponseQuerySet(models.QuerySet):
    def final(self) -> DepartmentResponseQuerySet:
        """Responses the department has made final (what members and the public see)."""
        return self.filter(DepartmentResponse.final_q())


class DepartmentResponse(models.Model):
    """A department's review response (부서 검토 의견) to one proposal."""

    class State(models.TextChoices):
        ACCEPTED = "accepted", _("반영")
        PARTIAL = "partial", _("부분 반영")
        LONG_TERM = "long_term", _("중장기 검토")
        DIFFICULT = "difficult", _("반영 곤란")

    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        FINAL = "final", _("최종 제출")
        RETURNED = "returned", _("보완 요청")

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="response")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="responses", verbose_name=_("부서")
    )
    state = models.CharField(_("검토 결과"), max_length=12, choices=State.choices, blank=True)
    lines = models.TextField(
        _("검토 의견"), help_text=_("한 줄에 하나씩 적습니다. 각 줄 앞에 ○가 붙습니다.")
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Staff usually type the response in from official mail (공문) on the department's behalf.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("입력자"),
    )
    entered_by_staff = models.BooleanField(_("사무국 대리 입력"), default=False)
    return_comment = models.TextField(_("보완 요청 사유"), blank=True)
    submitted_at = models.DateTimeField(_("최종 제출 시각"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = DepartmentResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("부서 검토 의견")
        verbose_name_plural = _("부서 검토 의견")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="final") | ~Q(lines=""), name="final_response_has_lines"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal} — {self.department}"

    def save(self, *args, **kwargs) -> None:
        self.lines = without_bullets(self.lines)  # the document adds ○ itself
        super().save(*args, **kwargs)

    @property
    def response_lines(self) -> list[str]:
        return split_lines(self.lines)

    @staticmethod
    def final_q(prefix: str = "") -> Q:
        """The one rule for "a response is final", as a filter (`prefix` reaches it
        from another model, e.g. "response__"); `is_final` is the same for one row."""
        return Q(**{f"{prefix}status": DepartmentResponse.Status.FINAL})

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def is_returned(self) -> bool:
        """Staff sent it back to the department (보완 요청)."""
        return self.status == self.Status.RETURNED

    @property
    def status_tone(self) -> str:
        """The status badge (lib/templatetags/krds_badges.py): final green, returned amber."""
        return "success" if self.is_final else "warning" if self.is_returned else "secondary"

    def may_be_rewritten_by(self, *, as_staff: bool) -> bool:
        """A final response is final for its department until staff return it;
        staff (who type in responses from official mail) may always correct it."""
        return as_staff or not self.is_final


# --------------------------------------------------------------- commitments (후속 조치)


class CommitmentStatus(models.Model):
    """A step of a council's ordered status list (추진 현황), with a progress %.

    `kind` says what the status means to the rules: an open status keeps the
    commitment on the board; `done` (완료) and `dropped` (추진 불가) close it,
    and a closed commitment appears once more in the next meeting's document
    and then leaves. `needs_reason` makes a change to it require a reason.
    """

    class Kind(models.TextChoices):
        OPEN = "open", _("진행 중")
        DONE = "done", _("완료 (종결)")
        DROPPED = "dropped", _("추진 불가 (종결)")

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="commitment_statuses"
    )
    name = models.CharField(_("상태 이름"), max_length=30)
    order = models.PositiveIntegerField(_("순서"), default=0)
    progress = models.PositiveSmallIntegerField(
        _("진행률(%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("비워 두면 진행률을 표시하지 않습니다."),
    )
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices, default=Kind.OPEN)
    needs_reason = models.BooleanField(_("사유 필요"), default=False)

    class Meta:
        verbose_name = _("추진 상태")
        verbose_name_plural = _("추진 상태")
        ordering = ["council", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"], name="unique_commitment_status_per_council"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def closes(self) -> bool:
        return self.kind != self.Kind.OPEN

    @property
    def tone(self) -> str:
        """The status badge (lib/templatetags/krds_badges.py): done green, dropped dark."""
        return {self.Kind.DONE: "success", self.Kind.DROPPED: "dark"}.get(self.kind, "primary")

    @property
    def label(self) -> str:
        """`추진 중 (50%)`, or the bare name when it has no progress figure."""
        if self.progress is None:
            return self.name
        return f"{self.name} ({self.progress}%)"


# The defaults every council starts with: (name, progress, kind, needs reason).
DEFAULT_STATUSES = [
    ("계획", 0, CommitmentStatus.Kind.OPEN, False),
    ("추진 중", 50, CommitmentStatus.Kind.OPEN, False),
    ("완료", 100, CommitmentStatus.Kind.DONE, False),
    ("장기 검토", None, CommitmentStatus.Kind.OPEN, True),
    ("추진 불가", None, CommitmentStatus.Kind.DROPPED, True),
]


def overdue_q(today: dt.date, *, notes_until: dt.datetime | None = None) -> Q:
    """The one rule for an overdue commitment (기한 지남): still open, its due date
    has passed, and no progress note is dated on or after the due date.

    `notes_until` counts only notes written by then (a document made as of a past
    moment, e.g. a replayed publication)."""
    note_since = ProgressNote.objects.filter(
        commitment=OuterRef("pk"), date__gte=OuterRef("due_date")
    )
    if notes_until is not None:
        note_since = note_since.filter(created_at__lte=notes_until)
    return Q(due_date__lt=today, status__kind=CommitmentStatus.Kind.OPEN) & ~Exists(note_since)


class CommitmentQuerySet(models.QuerySet):
    def made(self) -> CommitmentQuerySet:
        """Commitments the department has made: its response is final."""
        return self.filter(DepartmentResponse.final_q("response__"))

    def public(self) -> CommitmentQuerySet:
        """What anyone may see: made, in a published meeting."""
        return self.made().filter(response__proposal__meeting__status=Meeting.Status.PUBLISHED)

    def open(self) -> CommitmentQuerySet:
        return self.filter(status__kind=CommitmentStatus.Kind.OPEN)

    def for_council(self, council: Council) -> CommitmentQuerySet:
        return self.filter(department__council=council)

    def overdue(self, today: dt.date | None = None) -> CommitmentQuerySet:
        return self.filter(overdue_q(today or timezone.localdate()))

    def with_overdue(
        self, today: dt.date | None = None, *, notes_until: dt.datetime | None = None
    ) -> CommitmentQuerySet:
        """Annotate `overdue` (True/False) in SQL, so no page re-states the rule."""
        rule = overdue_q(today or timezone.localdate(), notes_until=notes_until)
        return self.annotate(
            overdue=models.Case(
                models.When(rule, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def with_latest_note(self) -> CommitmentQuerySet:
        """Annotate `latest_note_date` and `latest_note_text` (one subquery each)."""
        latest = ProgressNote.objects.filter(commitment=OuterRef("pk")).order_by("-date", "-pk")
        return self.annotate(
            latest_note_date=models.Subquery(latest.values("date")[:1]),
            latest_note_text=models.Subquery(latest.values("text")[:1]),
        )


def overdue_commitments_query(council_id: int, today: dt.date) -> CommitmentQuerySet:
    """The council's commitments made and overdue on `today` (the staff dashboard counts
    them through lib.compiled)."""
    return Commitment.objects.filter(department__council_id=council_id).made().overdue(today)


class PlanProject(models.Model):
    """A 세부사업 of the district's 지역사회보장계획, as one council files commitments under it.

    Kept per council: the same code in two councils' commitments is two rows, each
    council's own (the plan's codes are the district's, the commitments the council's).
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="plan_projects")
    code = models.CharField(_("세부사업 코드"), max_length=30)
    name = models.CharField(_("세부사업명"), max_length=200)

    class Meta:
        verbose_name = _("지역사회보장계획 세부사업")
        verbose_name_plural = _("지역사회보장계획 세부사업")
        ordering = ["council", "code"]
        constraints = [
            models.UniqueConstraint(fields=["council", "code"], name="unique_plan_project_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Commitment(models.Model):
    """A follow-up commitment (후속 조치·추진 계획) a department makes in its response."""

    response = models.ForeignKey(
        DepartmentResponse, on_delete=models.CASCADE, related_name="commitments"
    )
    order = models.PositiveIntegerField(_("순서"), default=0)
    what = models.CharField(_("추진 계획"), max_length=300)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("담당 부서"),
    )
    due_date = models.DateField(_("완료 예정일"))
    status = models.ForeignKey(
        CommitmentStatus,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("추진 상태"),
    )
    reason = models.TextField(_("사유"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("입력자"),
    )
    entered_by_staff = models.BooleanField(_("사무국 대리 입력"), default=False)
    created_at = models.DateTimeField(_("등록 시각"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("상태 변경 시각"), default=timezone.now)
    # When it moved to a closing status (완료, 추진 불가); None while open.
    closed_at = models.DateTimeField(_("종결 시각"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # What the 지역사회보장계획 asks of it (all optional; reports.plan_results lays it out).
    plan_project = models.ForeignKey(
        PlanProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("세부사업"),
    )
    indicator = models.CharField(_("성과지표"), max_length=200, blank=True)
    unit = models.CharField(_("단위"), max_length=20, blank=True, help_text=_("예: 개소, 명, %"))
    target_value = models.DecimalField(
        _("목표값"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    actual_value = models.DecimalField(
        _("실적값"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget = models.PositiveBigIntegerField(_("예산 (원)"), null=True, blank=True)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("후속 조치")
        verbose_name_plural = _("후속 조치")
        ordering = ["response", "order", "pk"]

    def __str__(self) -> str:
        return self.what

    @property
    def proposal(self) -> Proposal:
        return self.response.proposal

    def accepts_progress(self) -> bool:
        """Progress is recorded once the commitment is made (its response is final)."""
        return self.response.is_final

    def may_change_status_to(self, status: CommitmentStatus, *, as_staff: bool) -> str | None:
        """Why the status may not move to `status` (a Korean message), or None if it may.

        A closed commitment (완료, 추진 불가) is reopened only by staff; the
        status must belong to the commitment's council.
        """
        if status.council_id != self.department.council_id:
            return _("이 협의체의 추진 상태가 아닙니다.")
        if self.status.closes and not status.closes and not as_staff:
            return _("종결된 후속 조치는 구청 담당자만 다시 열 수 있습니다.")
        return None


def statuses_at(
    commitment_ids: list[int], moments: list[dt.datetime]
) -> list[dict[int, CommitmentStatus | None]]:
    """For each moment, {commitment id: its status then} from the change history
    (None while it did not exist, or after it was deleted). One query for all; the
    statuses are read with it (unsaved copies carrying name, progress and kind)."""
    if not commitment_ids or not moments:
        return [{} for _moment in moments]
    records = (
        Commitment.history.filter(id__in=commitment_ids, history_date__lte=max(moments))
        .order_by("history_date", "history_id")
        .values_list(
            "id",
            "history_type",
            "history_date",
            "status_id",
            "status__name",
            "status__progress",
            "status__kind",
            "status__needs_reason",
        )
    )
    result: list[dict[int, CommitmentStatus | None]] = [{} for _moment in moments]
    statuses: dict[int, CommitmentStatus] = {}
    for pk, kind, when, status_id, name, progress, status_kind, needs_reason in records:
        status = statuses.get(status_id)
        if status is None and status_id is not None:
            status = statuses[status_id] = CommitmentStatus(
                pk=status_id,
                name=name,
                progress=progress,
                kind=status_kind,
                needs_reason=needs_reason,
            )
        for index, moment in enumerate(moments):
            if when <= moment:
                result[index][pk] = None if kind == "-" else status
    return result


def note_attachment_path(instance: ProgressNote, filename: str) -> str:
    # The stored name never uses the uploaded name: it is shown, not trusted.
    import uuid

    return f"progress-notes/{instance.commitment_id}/{uuid.uuid4().hex}"


class ProgressNote(models.Model):
    """A dated entry of a commitment's timeline (추진 경과)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("날짜"))
    text = models.TextField(_("추진 경과"))
    # The status this entry moved the commitment to; None when it only reports progress.
    status = models.ForeignKey(
        CommitmentStatus,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("바뀐 상태"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who, as shown on the timeline ("오검토 (아동청소년과)"); kept if the account goes.
    author_label = models.CharField(_("작성자"), max_length=120)
    entered_by_staff = models.BooleanField(_("사무국 대리 입력"), default=False)
    attachment = models.FileField(
        _("첨부 파일"), upload_to=note_attachment_path, blank=True, max_length=200
    )
    attachment_name = models.CharField(_("첨부 파일 이름"), max_length=255, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("추진 경과")
        verbose_name_plural = _("추진 경과")
        ordering = ["commitment", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:40]}"


class CommitmentReminder(models.Model):
    """A reminder e-mail to a department about one commitment (each kind once)."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("완료 예정일 전")
        OVERDUE = "overdue", _("기한 지남")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The due date it was about: a commitment whose date moves is reminded again.
    due_date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("추진 기한 알림")
        verbose_name_plural = _("추진 기한 알림")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "kind", "due_date"], name="commitment_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} ({self.kind}, {self.due_date})"


class StatusMailSubscription(models.Model):
    """A member who chose to get an e-mail when a commitment they fed changes status."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="status_mail_subscription"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("추진 상태 알림 신청")
        verbose_name_plural = _("추진 상태 알림 신청")

    def __str__(self) -> str:
        return str(self.member)
