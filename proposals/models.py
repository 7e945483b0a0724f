"""Proposals (건의사항) aggregated from opinion points, and department responses."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import Category, Council, Meeting, OpinionPoint


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
    return Q(due_date__lt=today) & ~Q(response__status=DepartmentResponse.Status.FINAL)


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
        """{meeting id: (responses not final, of which overdue)} in one query."""
        today = today or timezone.localdate()
        not_final = ~Q(response__status=DepartmentResponse.Status.FINAL)
        rows = (
            self.filter(meeting__in=meetings)
            .values("meeting")
            .annotate(
                pending=models.Count("pk", filter=not_final),
                overdue=models.Count("pk", filter=_overdue(today)),
            )
        )
        return {row["meeting"]: (row["pending"], row["overdue"]) for row in rows}


class Proposal(models.Model):
    """A proposal (건의사항): a ○ headline, ▷ detail lines, and its source points."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField(_("번호"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("분야")
    )
    headline = models.CharField(_("취합 결과 (○)"), max_length=300)
    details = models.TextField(
        _("세부 내용 (▷)"),
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

    @property
    def detail_lines(self) -> list[str]:
        return split_lines(self.details)


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
        _("검토 의견 (○)"), help_text=_("한 줄에 하나씩 적습니다. 각 줄 앞에 ○가 붙습니다.")
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

    @property
    def response_lines(self) -> list[str]:
        return split_lines(self.lines)

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    def may_be_rewritten_by(self, *, as_staff: bool) -> bool:
        """A final response is final for its department until staff return it;
        staff (who type in responses from official mail) may always correct it."""
        return as_staff or not self.is_final


class FollowUp(models.Model):
    """A follow-up the department commits to, with a due date."""

    response = models.ForeignKey(
        DepartmentResponse, on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.CharField(_("후속 조치"), max_length=300)
    due_date = models.DateField(_("완료 예정일"))
    done = models.BooleanField(_("완료"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("후속 조치")
        verbose_name_plural = _("후속 조치")
        ordering = ["response", "due_date", "pk"]

    def __str__(self) -> str:
        return self.text
