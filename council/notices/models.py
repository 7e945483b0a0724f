"""The outbox and what it needs: contact preferences, templates, delivery reports.

Imported by council/models.py, so these are `council` models (app label
`council`): council services write notices in their own transactions.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Council, Meeting, Member


class Channel(models.TextChoices):
    EMAIL = "email", _("전자우편")
    SMS = "sms", _("문자")
    KAKAO = "kakao", _("카카오 알림톡")


def effective_channel(channel: str, mobile: str, consented: bool) -> str:
    """The channel a notice goes by now: the chosen one when it can be used
    (문자 and 알림톡 need a mobile number and consent), else e-mail."""
    if channel != Channel.EMAIL and mobile and consented:
        return channel
    return Channel.EMAIL


class MemberContact(models.Model):
    """How a member wants to hear from the portal, and their consent (with dates).

    No row, or no mobile number: e-mail only. 문자 and 알림톡 need consent
    (`consent_at`, the date it was given). 수신 거부 (`withdrawn_at`: the link in
    every 문자, or the member's settings) stops every notice, e-mail included,
    until the member takes it back.
    """

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="contact")
    mobile = models.CharField(_("휴대전화"), max_length=11, blank=True)
    channel = models.CharField(
        _("받는 방법"), max_length=8, choices=Channel.choices, default=Channel.EMAIL
    )
    consent_at = models.DateTimeField(_("문자·알림톡 수신 동의 일시"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("수신 거부 일시"), null=True, blank=True)
    # Who recorded the last change: the member, or staff from a paper form.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("알림 수신 설정")
        verbose_name_plural = _("알림 수신 설정")

    def __str__(self) -> str:
        return f"{self.member} ({self.get_channel_display()})"

    @property
    def mobile_display(self) -> str:
        from lib.phones import display_mobile

        return display_mobile(self.mobile)

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def consented(self) -> bool:
        return self.consent_at is not None and not self.withdrawn

    def effective_channel(self) -> str:
        """The channel a notice goes by now: the chosen one when it can be used."""
        return effective_channel(self.channel, self.mobile, self.consented)


class DirectContact(models.Model):
    """Someone who is not a member, reached at an address a service was given for the
    purpose (a facility's 현황 조사 contact): one row per address, with its 수신 거부.

    Giving the address for that purpose is the consent; the opt-out link in every 문자
    (`withdrawn_at`) stops every notice to the address.
    """

    # A normalized mobile number (01012345678) or an e-mail address in lower case.
    address = models.CharField(_("받는 곳"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("만든 시각"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("수신 거부 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("회원 아닌 수신처")
        verbose_name_plural = _("회원 아닌 수신처")

    def __str__(self) -> str:
        return self.address

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class AlimtalkTemplate(models.Model):
    """A council's 알림톡 template for one event, as registered with Kakao.

    The text is kept in the repository (council.notices.catalog); staff record
    the review status Kakao gave and the id the provider assigned. An event whose
    template is not 승인 goes as 문자.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("등록")
        REQUESTED = "requested", _("검수 요청")
        APPROVED = "approved", _("승인")
        REJECTED = "rejected", _("반려")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(_("알림"), max_length=40)
    template_id = models.CharField(_("템플릿 ID"), max_length=60, blank=True)
    status = models.CharField(
        _("검수 상태"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    updated_at = models.DateTimeField(_("바꾼 시각"), auto_now=True)

    class Meta:
        verbose_name = _("알림톡 템플릿")
        verbose_name_plural = _("알림톡 템플릿")
        constraints = [
            models.UniqueConstraint(fields=["council", "event"], name="one_template_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.get_status_display()})"

    @property
    def usable(self) -> bool:
        return self.status == self.Status.APPROVED and bool(self.template_id)


class NoticeQuerySet(models.QuerySet):
    def due(self, now: dt.datetime) -> NoticeQuerySet:
        """Queued and due, or claimed by a worker that stopped before finishing."""
        stale = now - dt.timedelta(seconds=Notice.LEASE_SECONDS)
        return self.filter(
            Q(state=Notice.State.QUEUED, due_at__lte=now)
            | Q(state=Notice.State.SENDING, claimed_at__lt=stale)
        )

    def in_month(self, day: dt.date) -> NoticeQuerySet:
        return self.filter(created_at__year=day.year, created_at__month=day.month)


class Notice(models.Model):
    """One message to one person by one channel, written in the same transaction
    as the event that causes it (or by the worker from that event's `Broadcast`)
    and sent by the worker (council.notices.worker).

    `key` names the event (`round_opened:12`); with the recipient and the channel
    it is unique, so the same event never queues the same person twice. A recipient
    is a user (and member), or a `DirectContact` for someone without an account.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("보낼 예정")
        SENDING = "sending", _("보내는 중")
        SENT = "sent", _("보냄")
        DELIVERED = "delivered", _("전달됨")
        FAILED = "failed", _("실패")
        OPTED_OUT = "opted_out", _("수신 거부")
        # Withdrawn before it went: what it carried no longer holds (a stopped link).
        CANCELLED = "cancelled", _("보내지 않음")

    # A claimed row whose worker did not finish within this time is claimed again.
    LEASE_SECONDS = 600

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    event = models.CharField(_("알림"), max_length=40)
    key = models.CharField(max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    direct = models.ForeignKey(
        DirectContact, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    channel = models.CharField(_("방법"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("받는 곳"), max_length=254, blank=True)
    subject = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"))
    # 알림톡: the template's values (#{name} → value), kept for the provider.
    variables = models.JSONField(default=dict, blank=True)
    # The receipt a member just caused goes at once, even in quiet hours.
    urgent = models.BooleanField(default=False)
    state = models.CharField(_("상태"), max_length=10, choices=State.choices, default=State.QUEUED)
    due_at = models.DateTimeField(_("보낼 시각"))
    attempts = models.PositiveSmallIntegerField(_("시도"), default=0)
    last_error = models.CharField(_("사유"), max_length=300, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=60, blank=True)
    provider_id = models.CharField(max_length=80, blank=True, db_index=True)
    created_at = models.DateTimeField(_("만든 시각"), default=timezone.now)
    sent_at = models.DateTimeField(_("보낸 시각"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("전달 시각"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("알림")
        verbose_name_plural = _("알림")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key", "user", "channel"], name="notice_once"),
            models.UniqueConstraint(fields=["key", "direct", "channel"], name="notice_once_direct"),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(direct__isnull=False),
                name="notice_has_recipient",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="notice_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.user_id or self.to} ({self.channel}, {self.state})"

    @property
    def reached(self) -> bool:
        return self.state in (self.State.SENT, self.State.DELIVERED)


class DeliveryReport(models.Model):
    """A provider's delivery report, recorded once however often it arrives, and
    only for a message the outbox sent (council.notices.views.delivery_report).

    With NOTICE_WEBHOOK_CONFIRM the report alone changes nothing: the worker asks
    the provider for the message's status (`confirm_reports`) and records what the
    provider answers (`confirmed_code`), so a forged report cannot mark a notice.
    """

    provider_id = models.CharField(max_length=80)
    status_code = models.CharField(max_length=20)
    status_message = models.CharField(max_length=300, blank=True)
    notice = models.ForeignKey(Notice, on_delete=models.SET_NULL, null=True, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    # Set when the report's state was recorded on its notice (at once, or after
    # the provider confirmed it); `confirmed_code` is the provider's own answer.
    applied_at = models.DateTimeField(null=True, blank=True)
    confirmed_code = models.CharField(max_length=20, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checks = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("전달 결과")
        verbose_name_plural = _("전달 결과")
        constraints = [
            models.UniqueConstraint(
                fields=["provider_id", "status_code"], name="delivery_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.status_code}"


class ScheduledReminder(models.Model):
    """A reminder staff set when opening a round (default: 3 and 1 days before the
    deadline at 10:00), sent by the worker to those who have not submitted."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="scheduled_reminders"
    )
    at = models.DateTimeField(_("보낼 시각"))
    done_at = models.DateTimeField(_("보낸 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("예약 독려")
        verbose_name_plural = _("예약 독려")
        ordering = ["meeting", "at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "at"], name="one_reminder_per_time")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.at:%Y-%m-%d %H:%M}"


class Broadcast(models.Model):
    """An event told to every invited member of a meeting (the round opened,
    closed early, its deadline moved, its result published).

    This row, not one notice per member, is what the event's transaction writes:
    a rolled-back action tells no one, and a committed one is never lost. The
    worker's next round writes its notices, one per member and channel, and
    sends them (`council.notices.events.expand_broadcasts`); the notices' unique
    key makes a second expansion write nothing. Opening a round for 100 members
    so costs one row, not 100 (bench `notices-enqueue`).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="broadcasts")
    event = models.CharField(_("사건"), max_length=40)
    # The notices' key (`round_opened:12`): one broadcast per key.
    key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(_("만든 시각"))
    done_at = models.DateTimeField(_("알림을 만든 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("회의 전체 알림")
        verbose_name_plural = _("회의 전체 알림")
        ordering = ["meeting", "created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(done_at__isnull=True),
                name="broadcast_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.event}"
