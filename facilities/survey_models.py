"""현황 조사: staff ask facilities to confirm or correct their own figures through a link.

A `SurveyRound` asks some or all of a council's facilities; each facility gets one
`SurveyRequest`, whose personal link (facilities.surveys.link_token) works for that
facility and that round only, while the round is open and until staff revoke it. What a
facility sends is a `SurveySubmission`: a proposed change that staff approve into the
registry's dated history or return with a reason. Imported by facilities.models.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _nonce() -> str:
    return secrets.token_hex(16)


class SurveyRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("진행 중")
        CLOSED = "closed", _("마감")
        CANCELLED = "cancelled", _("취소")

    council = models.ForeignKey(
        "council.Council", on_delete=models.CASCADE, related_name="survey_rounds"
    )
    title = models.CharField(_("조사 이름"), max_length=100)
    survey_date = models.DateField(
        _("조사 기준일"), help_text=_("승인한 정원·현원은 이 날짜의 기록이 됩니다.")
    )
    closes_on = models.DateField(_("마감일"), help_text=_("이날이 지나면 링크가 닫힙니다."))
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("만든 시각"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("마감·취소 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("현황 조사")
        verbose_name_plural = _("현황 조사")
        ordering = ["council", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today) -> bool:
        return self.status == self.Status.OPEN and today <= self.closes_on


class SurveyRequest(models.Model):
    """One facility asked in one round: the personal link and what became of it."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="requests")
    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.CASCADE, related_name="survey_requests"
    )
    # The link's secret is an HMAC of this nonce with the site's key: the database alone
    # cannot give a working link, and a new nonce makes the old link useless.
    nonce = models.CharField(max_length=32, default=_nonce, editable=False)
    email = models.EmailField(_("보낸 주소"), blank=True)
    mobile = models.CharField(_("보낸 휴대전화"), max_length=11, blank=True)
    # The outbox key of the last sending (council.notices.Notice.key): the tracker
    # shows those notices' channel and state.
    notice_key = models.CharField(max_length=120, blank=True)
    sent_at = models.DateTimeField(_("보낸 시각"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("다시 알린 시각"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("다시 알린 횟수"), default=0)
    revoked_at = models.DateTimeField(_("링크 중지 시각"), null=True, blank=True)
    answered_at = models.DateTimeField(_("답한 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("현황 조사 대상")
        verbose_name_plural = _("현황 조사 대상")
        ordering = ["round", "facility__dong__order", "facility__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "facility"], name="one_request_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.facility}"


class SurveySubmission(models.Model):
    """What a facility sent: the values it proposes (or 변동 없음), waiting for staff."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("검토 대기")
        APPROVED = "approved", _("승인")
        RETURNED = "returned", _("반려")

    request = models.ForeignKey(SurveyRequest, on_delete=models.CASCADE, related_name="submissions")
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    no_change = models.BooleanField(_("변동 없음"), default=False)
    # Field name → proposed value as text (facilities.surveys.SURVEY_FIELDS).
    values = models.JSONField(_("제출한 값"), default=dict)
    message = models.TextField(_("시설이 남긴 말"), max_length=2000, blank=True)
    # A double tap on 보내기 sends the same form twice: one change.
    form_nonce = models.CharField(max_length=32, blank=True)
    submitted_at = models.DateTimeField(_("제출 시각"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("검토 시각"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    return_reason = models.TextField(_("반려 사유"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("현황 조사 제출")
        verbose_name_plural = _("현황 조사 제출")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="waiting"),
                name="one_waiting_submission_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.submitted_at:%Y-%m-%d}"
