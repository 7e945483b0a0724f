"""The registry of the district's care facilities and their dated figures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import Council, Dong


class FacilityQuerySet(models.QuerySet):
    def with_figures_as_of(self, day: dt.date) -> FacilityQuerySet:
        """Annotate each facility with its latest capacity/enrolment on or before `day`."""
        latest = FacilityFigures.objects.filter(facility=OuterRef("pk"), as_of__lte=day).order_by(
            "-as_of"
        )
        return self.annotate(
            figures_as_of=Subquery(latest.values("as_of")[:1]),
            capacity=Subquery(latest.values("capacity")[:1]),
            enrolled=Subquery(latest.values("enrolled")[:1]),
            waiting=Subquery(latest.values("waiting")[:1]),
        )

    def existing_on(self, day: dt.date) -> FacilityQuerySet:
        """Facilities that had opened by `day` and were not yet closed (폐지)."""
        return self.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day)).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )


class Facility(models.Model):
    class Kind(models.TextChoices):
        TOGETHER = "together", _("다함께돌봄센터")
        COMMUNITY = "community", _("지역아동센터")
        SCHOOL = "school", _("초등돌봄교실")

    class Status(models.TextChoices):
        OPERATING = "operating", _("운영")
        PLANNED = "planned", _("개소 예정")
        SUSPENDED = "suspended", _("휴지")
        CLOSED = "closed", _("폐지")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="facilities")
    code = models.CharField(
        _("기관 코드"), max_length=30, help_text=_("바뀌지 않는 고유 코드. 예: GJ-DH-001")
    )
    kind = models.CharField(_("유형"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("기관명"), max_length=100)
    dong = models.ForeignKey(
        Dong, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("행정동")
    )
    address = models.CharField(_("주소"), max_length=200, blank=True)
    operator = models.CharField(_("운영 주체"), max_length=100, blank=True)
    phone = models.CharField(_("전화번호"), max_length=30, blank=True)
    status = models.CharField(
        _("운영 상태"), max_length=12, choices=Status.choices, default=Status.OPERATING
    )
    opened_on = models.DateField(_("개소일"), null=True, blank=True)
    closed_on = models.DateField(_("폐지일"), null=True, blank=True)
    opens_at = models.TimeField(_("학기 중 시작 시각"), null=True, blank=True)
    closes_at = models.TimeField(_("학기 중 종료 시각"), null=True, blank=True)
    vacation_opens_at = models.TimeField(_("방학 중 시작 시각"), null=True, blank=True)
    vacation_closes_at = models.TimeField(_("방학 중 종료 시각"), null=True, blank=True)
    saturday_care = models.BooleanField(_("토요 돌봄"), default=False)
    night_care = models.BooleanField(_("야간돌봄"), default=False)
    night_care_until = models.TimeField(_("야간돌봄 종료 시각"), null=True, blank=True)
    temporary_care = models.BooleanField(_("일시돌봄"), default=False)
    temporary_spare = models.PositiveIntegerField(_("일시돌봄 여유 인원"), default=0)
    vacation_care = models.BooleanField(_("방학 중 돌봄"), default=False)
    notes = models.TextField(_("비고"), blank=True)
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("수정자"),
    )

    objects = FacilityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("돌봄시설")
        verbose_name_plural = _("돌봄시설")
        ordering = ["council", "kind", "dong__order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "code"], name="unique_facility_code")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:detail", args=[self.council.slug, self.code])


class FacilityFigures(models.Model):
    """Capacity, enrolment and waiting list as of a date (정원 / 현원 / 대기)."""

    # What one record says about its day, in the order of the forms, the spreadsheet
    # columns, the import and the export: the one list of the figures' fields.
    VALUE_FIELDS = ("capacity", "enrolled", "waiting", "over_capacity_reason")
    FIELDS = ("as_of", *VALUE_FIELDS)

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="figures")
    as_of = models.DateField(_("기준일"))
    capacity = models.PositiveIntegerField(_("정원"))
    enrolled = models.PositiveIntegerField(_("현원"))
    waiting = models.PositiveIntegerField(_("대기 인원"), default=0)
    over_capacity_reason = models.CharField(_("정원 초과 사유"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("정원·현원 기록")
        verbose_name_plural = _("정원·현원 기록")
        ordering = ["facility", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "as_of"], name="one_figure_per_day"),
            models.CheckConstraint(
                condition=Q(enrolled__lte=models.F("capacity")) | ~Q(over_capacity_reason=""),
                name="over_capacity_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.as_of}"
