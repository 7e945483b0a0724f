"""Published, versioned copies of a meeting's result document."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from council.models import Council, Meeting


def published_path(instance: PublishedResult, filename: str) -> str:
    return f"published/{instance.meeting_id}/v{instance.version}/{filename}"


class PublishedResult(models.Model):
    """A frozen version of the result document; later edits never change it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="publications")
    version = models.PositiveIntegerField(_("판"))
    published_at = models.DateTimeField(_("공개 시각"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    html = models.TextField()
    pdf = models.FileField(upload_to=published_path)
    pdf_sha256 = models.CharField(max_length=64)
    xlsx = models.FileField(upload_to=published_path)
    xlsx_sha256 = models.CharField(max_length=64)
    # For 한글; versions published before HWPX existed have none (blank).
    hwpx = models.FileField(upload_to=published_path, blank=True)
    hwpx_sha256 = models.CharField(max_length=64, blank=True)
    # The meeting whose follow-ups this version's 지난 회의 section carried (None: no
    # such section). An earlier meeting recorded later changes what the live document
    # carries; this version stays as published, and the preview says so.
    carried_from = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("공개된 회의 결과")
        verbose_name_plural = _("공개된 회의 결과")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="unique_result_version")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"

    def stored_files(self) -> list:
        """Every file this version keeps in storage (older versions have no HWPX)."""
        return [f for f in (self.pdf, self.xlsx, self.hwpx) if f]


def job_path(instance: DocumentJob, filename: str) -> str:
    return f"jobs/{instance.meeting_id}/{instance.pk or 'new'}/{filename}"


class DocumentJob(models.Model):
    """A large document rendered by the worker instead of in the request
    (reports/jobs.py). While one is queued or running for a meeting and kind, a
    second request joins it (the partial unique constraint)."""

    class Kind(models.TextChoices):
        PREVIEW_PDF = "preview_pdf", _("결과 문서 미리보기 PDF")
        PUBLISH = "publish", _("회의 결과 공개")

    class State(models.TextChoices):
        QUEUED = "queued", _("준비 중")
        RUNNING = "running", _("만드는 중")
        DONE = "done", _("완료")
        FAILED = "failed", _("실패")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="document_jobs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to=job_path, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # Publishing: the publication moment staff gave (a recorded meeting), else now.
    moment = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("문서 작업")
        verbose_name_plural = _("문서 작업")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                condition=models.Q(state__in=["queued", "running"]),
                name="one_active_document_job",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.kind} ({self.state})"

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class LetterSettings(models.Model):
    """What a council's 공문 (request letters) print in their 결문 (별지 제1호서식 기안문):
    the office, its address and numbers, the default 공개 구분, and who drafts, reviews,
    (cooperates) and approves with their 직위. Edited by staff on one page."""

    class Disclosure(models.TextChoices):
        OPEN = "open", _("공개")
        PARTIAL = "partial", _("부분공개")
        CLOSED = "closed", _("비공개")

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, related_name="letter_settings"
    )
    office = models.CharField(
        _("처리과명"), max_length=50, blank=True, help_text=_("예: 복지정책과")
    )
    postal_code = models.CharField(_("우편번호"), max_length=10, blank=True)
    address = models.CharField(_("주소"), max_length=200, blank=True)
    homepage = models.CharField(_("홈페이지"), max_length=200, blank=True)
    phone = models.CharField(_("전화"), max_length=30, blank=True)
    fax = models.CharField(_("전송"), max_length=30, blank=True)
    email = models.EmailField(_("담당자 전자우편"), blank=True)
    disclosure = models.CharField(
        _("공개 구분"), max_length=10, choices=Disclosure.choices, default=Disclosure.OPEN
    )
    drafter_title = models.CharField(_("기안자 직위/직급"), max_length=30, blank=True)
    drafter_name = models.CharField(_("기안자 이름"), max_length=30, blank=True)
    reviewer_title = models.CharField(_("검토자 직위/직급"), max_length=30, blank=True)
    reviewer_name = models.CharField(_("검토자 이름"), max_length=30, blank=True)
    cooperator_title = models.CharField(_("협조자 직위/직급"), max_length=30, blank=True)
    cooperator_name = models.CharField(_("협조자 이름"), max_length=30, blank=True)
    approver_title = models.CharField(_("결재권자 직위/직급"), max_length=30, blank=True)
    approver_name = models.CharField(_("결재권자 이름"), max_length=30, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("공문 설정")
        verbose_name_plural = _("공문 설정")

    def __str__(self) -> str:
        return f"{self.council} 공문 설정"

    @classmethod
    def of(cls, council: Council) -> LetterSettings:
        """The council's settings, unsaved defaults when staff never edited them."""
        try:
            return council.letter_settings
        except cls.DoesNotExist:
            return cls(council=council)
