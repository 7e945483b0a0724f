"""The registry of the district's care facilities and their dated figures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import Council, Dong
from lib.errors import Refused
from lib.phones import display_mobile, normalize_mobile


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


class FacilityKindOption(models.Model):
    """A facility kind a council adds beyond the national ones (e.g. 아파트 돌봄공동체)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="facility_kinds")
    name = models.CharField(_("유형 이름"), max_length=40)

    class Meta:
        verbose_name = _("협의체가 정한 시설 유형")
        verbose_name_plural = _("협의체가 정한 시설 유형")
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_facility_kind_name")
        ]

    def __str__(self) -> str:
        return self.name


# 2026-03-01: 초등돌봄교실 (늘봄학교) became 학교 돌봄 of 온동네 초등돌봄·교육 (교육부
# "2026년 온동네 초등돌봄·교육 추진 방안", 2026-02-03). The stored value stays "school",
# so a facility's history is one line; pages and exports of an earlier date show the
# name the kind had then.
KIND_FORMER_NAMES: dict[str, list[tuple[dt.date, str]]] = {
    "school": [(dt.date(2026, 3, 1), "초등돌봄교실")],
}


class Facility(models.Model):
    class Kind(models.TextChoices):
        TOGETHER = "together", _("다함께돌봄센터")
        COMMUNITY = "community", _("지역아동센터")
        SCHOOL = "school", _("학교 돌봄")
        ONDONGNE = "ondongne", _("온동네 돌봄·교육센터")
        OTHER = "other", _("기타")

    class SupportKind(models.TextChoices):
        BASIC = "basic", _("기본운영비")
        EXTRA = "extra", _("기본운영비 + 추가운영비")
        EDUCATION = "education", _("교육청 예산")
        LOCAL = "local", _("지자체 자체 예산")
        NONE = "none", _("운영비 지원 없음")

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
    other_kind = models.ForeignKey(
        FacilityKindOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("협의체가 정한 유형"),
        help_text=_("유형이 ‘기타’일 때 고릅니다."),
    )
    name = models.CharField(_("기관명"), max_length=100)
    dong = models.ForeignKey(
        Dong, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("행정동")
    )
    address = models.CharField(_("주소"), max_length=200, blank=True)
    # The English finder (facilities.english): the official English address where known.
    address_en = models.CharField(
        _("영문 주소"),
        max_length=200,
        blank=True,
        help_text=_(
            "도로명주소의 공식 영문 주소. 예: 1 Seobu-ro, Geumjeong-gu, Busan "
            "(비워 두면 영어 화면에 한글 주소를 로마자로 옮겨 보여 줍니다)"
        ),
    )
    operator = models.CharField(_("운영 주체"), max_length=100, blank=True)
    phone = models.CharField(_("전화번호"), max_length=30, blank=True)
    # Not public: where the 현황 조사 link goes (facilities.surveys).
    contact_email = models.EmailField(
        _("현황 조사 받을 전자우편"),
        blank=True,
        help_text=_("현황 조사 링크를 보낼 시설 담당자 주소. 공개하지 않습니다."),
    )
    contact_mobile = models.CharField(
        _("현황 조사 받을 휴대전화"),
        max_length=11,
        blank=True,
        help_text=_(
            "현황 조사 링크를 문자로 받을 시설 담당자 번호. 공개하지 않습니다. 비워 두면 "
            "시설 전화번호가 휴대전화일 때 그 번호로 보냅니다."
        ),
    )
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
    saturday_opens_at = models.TimeField(_("토요일 시작 시각"), null=True, blank=True)
    saturday_closes_at = models.TimeField(_("토요일 종료 시각"), null=True, blank=True)
    holiday_opens_at = models.TimeField(_("일요일·공휴일 시작 시각"), null=True, blank=True)
    holiday_closes_at = models.TimeField(_("일요일·공휴일 종료 시각"), null=True, blank=True)
    monthly_fee = models.PositiveIntegerField(
        _("이용료 (원/월)"), null=True, blank=True, help_text=_("무료면 0. 모르면 비워 둡니다.")
    )
    support_kind = models.CharField(
        _("운영비 지원"), max_length=12, choices=SupportKind.choices, blank=True
    )
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
    # The public finder (facilities/finder.py) lists a facility only when staff publish it.
    is_public = models.BooleanField(
        _("시설 찾기 공개"),
        default=False,
        help_text=_(
            "체크하면 로그인 없이 누구나 보는 시설 찾기와 가정통신문에 나옵니다. "
            "폐지한 시설은 체크해도 나오지 않습니다."
        ),
    )
    grade_min = models.PositiveSmallIntegerField(
        _("대상 학년 (부터)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("1~6. 비워 두면 1학년부터"),
    )
    grade_max = models.PositiveSmallIntegerField(
        _("대상 학년 (까지)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("1~6. 비워 두면 6학년까지"),
    )
    how_to_apply = models.TextField(
        _("신청 방법"),
        max_length=1000,
        blank=True,
        help_text=_("시설 찾기에 그대로 나옵니다. 예: 전화 상담 후 방문 신청 (서류: 재학증명서)"),
    )

    how_to_apply_en = models.TextField(
        _("신청 방법 (영어)"),
        max_length=1000,
        blank=True,
        help_text=_(
            "영어 시설 찾기에 나옵니다. 비워 두면 한국어 신청 방법에 '(in Korean)'을 붙입니다."
        ),
    )

    objects = FacilityQuerySet.as_manager()
    history = HistoricalRecords()

    # How each kind and status looks as a badge (lib/templatetags/krds_badges.py).
    KIND_TONES = {Kind.TOGETHER: "primary", Kind.COMMUNITY: "success"}
    STATUS_TONES = {Status.OPERATING: "success", Status.CLOSED: "secondary"}

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

    @property
    def survey_mobile(self) -> str:
        """Where the 현황 조사 link goes by 문자: the contact's mobile number, else the
        facility's phone when it is a mobile one (a landline gets no 문자); "" for none."""
        for raw in (self.contact_mobile, self.phone):
            if raw.strip():
                try:
                    return normalize_mobile(raw)
                except ValidationError:
                    continue
        return ""

    @property
    def survey_mobile_display(self) -> str:
        return display_mobile(self.survey_mobile)

    @property
    def kind_tone(self) -> str:
        return self.KIND_TONES.get(self.kind, "secondary")

    @property
    def status_tone(self) -> str:
        """Operating green, closed grey, planned or suspended amber."""
        return self.STATUS_TONES.get(self.status, "warning")

    def kind_name(self, on: dt.date | None = None) -> str:
        """The kind as shown: a council's own kind by its name; a renamed national kind by
        the name it had on `on` (today when not given)."""
        return kind_name(self.kind, on=on, other=self.other_kind if self.other_kind_id else None)

    @property
    def grades_label(self) -> str:
        """초1–초6 style: the grades the facility takes."""
        return f"초{self.grade_min or 1}–초{self.grade_max or 6}"

    def takes_grades(self, low: int, high: int) -> bool:
        """Whether it takes any of the grades low..high."""
        return (self.grade_min or 1) <= high and (self.grade_max or 6) >= low


def kind_name(value: str, *, on: dt.date | None = None, other=None) -> str:
    """A kind value's name on a day (see KIND_FORMER_NAMES); a council kind by its name."""
    if not value:
        return ""
    if value == Facility.Kind.OTHER and other is not None:
        return str(other)
    day = on or timezone.localdate()
    for until, former in KIND_FORMER_NAMES.get(value, ()):
        if day < until:
            return former
    return str(Facility.Kind(value).label)


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

    class Source(models.TextChoices):
        STAFF = "staff", _("구청 입력")
        IMPORT = "import", _("파일 가져오기")
        FACILITY = "facility", _("시설 제출")

    source = models.CharField(
        _("출처"), max_length=10, choices=Source.choices, default=Source.STAFF
    )
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


# --- Where care is missing: population, thresholds, open-data provenance ------------
# (facilities.population imports the population file, facilities.gaps compares it
# with the registry, facilities.opendata imports the national standard data.)


def default_evening_after() -> dt.time:
    return dt.time(19, 0)


def default_night_until() -> dt.time:
    return dt.time(22, 0)


def default_nine_am() -> dt.time:
    return dt.time(9, 0)


def default_three_pm() -> dt.time:
    return dt.time(15, 0)


def default_six_pm() -> dt.time:
    return dt.time(18, 0)


class GapSettings(models.Model):
    """A council's thresholds for the 돌봄 공백 view; defaults apply until staff save them."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="gap_settings")
    age_from = models.PositiveSmallIntegerField(_("학령 아동 시작 나이"), default=7)
    age_to = models.PositiveSmallIntegerField(_("학령 아동 끝 나이"), default=12)
    margin = models.PositiveSmallIntegerField(
        _("구 전체 비율보다 낮은 정도(%)"),
        default=30,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "아동 100명당 정원이 구 전체 비율보다 이 비율 이상 낮은 동을 표시합니다. "
            "예: 30이면 구 전체가 10석일 때 7석 미만인 동."
        ),
    )
    min_places = models.PositiveSmallIntegerField(
        _("고정 기준 (아동 100명당 정원)"),
        null=True,
        blank=True,
        help_text=_("적으면 구 평균 대신 이 값보다 적은 동을 표시합니다."),
    )
    flag_no_evening = models.BooleanField(_("저녁 돌봄이 없는 동 표시"), default=True)
    # Callables, not fixed times: Django's check W161 warns about a fixed time default
    # whenever it runs within ten seconds of that time of day (check --deploy at
    # 19:00:05 UTC failed CI once).
    evening_after = models.TimeField(_("저녁 돌봄 기준 시각"), default=default_evening_after)
    night_until = models.TimeField(_("야간 돌봄 기준 시각"), default=default_night_until)
    # The policy assumptions of the grade-aware view (facilities.gaps.grade_bands): when
    # each time band starts, and where those times come from. Settings, not constants:
    # the plan changes, and the page shows them with their source and date.
    after_school_from = models.TimeField(
        _("학기 중 방과후 돌봄 시작"),
        default=default_three_pm,
        help_text=_("초1–2는 학교의 무료 2시간 프로그램으로 이 시각까지 학교에 있다고 봅니다."),
    )
    late_from = models.TimeField(_("저녁 돌봄 시작"), default=default_six_pm)
    vacation_day_from = models.TimeField(_("방학 중 낮 돌봄 시작"), default=default_nine_am)
    vacation_day_to = models.TimeField(_("방학 중 낮 돌봄 끝"), default=default_three_pm)
    policy_source = models.CharField(
        _("정책 기준 출처"),
        max_length=200,
        default="교육부 「2026년 온동네 초등돌봄·교육 추진 방안」",
    )
    policy_date = models.DateField(_("정책 기준 발표일"), default=dt.date(2026, 2, 3))
    region_name = models.CharField(
        _("시도·시군구 이름"),
        max_length=60,
        blank=True,
        help_text=_(
            "전국 공공데이터에서 이 구의 행을 고를 때 씁니다. 예: 부산광역시 금정구 "
            "(인구 파일을 가져오면 채워집니다)"
        ),
    )
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("돌봄 공백 기준")
        verbose_name_plural = _("돌봄 공백 기준")
        constraints = [
            models.CheckConstraint(
                condition=Q(age_from__lte=models.F("age_to")) & Q(age_to__lte=100),
                name="gap_ages_ordered",
            ),
            models.CheckConstraint(
                condition=Q(vacation_day_from__lt=models.F("vacation_day_to")),
                name="gap_vacation_day_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.age_from}–{self.age_to}"

    @classmethod
    def for_council(cls, council: Council) -> GapSettings:
        """The saved settings, or unsaved defaults (a page never writes on GET)."""
        try:
            return cls.objects.get(council=council)
        except cls.DoesNotExist:
            return cls(council=council)


class PopulationDataset(models.Model):
    """One month of the 주민등록 연령별 인구현황 for the council's 동, as imported."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="populations")
    month = models.DateField(_("통계 기준월"), help_text=_("그 달 1일로 저장합니다."))
    region_name = models.CharField(_("파일의 시도·시군구"), max_length=60, blank=True)
    source_name = models.CharField(_("파일 이름"), max_length=255)
    encoding = models.CharField(_("문자 인코딩"), max_length=20)
    imported_at = models.DateTimeField(_("가져온 시각"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("주민등록 인구")
        verbose_name_plural = _("주민등록 인구")
        ordering = ["council", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["council", "month"], name="one_population_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.month:%Y-%m}"


class PopulationFigure(models.Model):
    """One 동's residents by single year of age (index = age; the last is 100세 이상)."""

    dataset = models.ForeignKey(PopulationDataset, on_delete=models.CASCADE, related_name="figures")
    dong = models.ForeignKey(Dong, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("행정기관코드"), max_length=10)
    name_in_file = models.CharField(_("파일의 행정구역"), max_length=100)
    total = models.PositiveIntegerField(_("총인구수"))
    ages = models.JSONField(_("나이별 인구"))

    class Meta:
        verbose_name = _("동별 나이별 인구")
        verbose_name_plural = _("동별 나이별 인구")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "dong"], name="one_figure_per_dong_month")
        ]

    def __str__(self) -> str:
        return f"{self.dataset} {self.name_in_file}"

    def children(self, age_from: int, age_to: int) -> int:
        return sum(self.ages[age_from : age_to + 1])


class FacilitySource(models.Model):
    """Where a facility's registry entry came from in the national open data.

    Kept beside the facility rather than on it: `imported_values` holds what
    the last import wrote to each field, so a later import can tell a field the
    district edited by hand (its value no longer equals what was imported)
    from one it may refresh, without touching the registry's own forms.
    """

    class Format(models.TextChoices):
        COMMUNITY_CENTER = "community_center", _("전국지역아동센터표준데이터")
        WELFARE_FACILITY = "welfare_facility", _("전국사회복지시설표준데이터")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    facility = models.OneToOneField(Facility, on_delete=models.CASCADE, related_name="source")
    format = models.CharField(_("자료 형식"), max_length=20, choices=Format.choices)
    source_key = models.CharField(_("공공데이터 식별값"), max_length=300)
    data_date = models.DateField(_("데이터기준일자"), null=True, blank=True)
    provider_code = models.CharField(_("제공기관코드"), max_length=20, blank=True)
    provider_name = models.CharField(_("제공기관명"), max_length=100, blank=True)
    hours_text = models.CharField(_("운영시간 원문"), max_length=300, blank=True)
    hours_unparsed = models.BooleanField(_("운영시간 해석 불가"), default=False)
    imported_values = models.JSONField(_("가져온 값"), default=dict)
    imported_at = models.DateTimeField(_("가져온 시각"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("공공데이터 출처")
        verbose_name_plural = _("공공데이터 출처")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "format", "source_key"], name="unique_open_data_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility} ← {self.get_format_display()}"


class CorrectionRequest(models.Model):
    """정보 수정 요청: someone of the public says a published facility's data is wrong.

    Sent without login from the finder (facilities/corrections.py); waits in the
    staff queue as 새 요청 until staff mark it 처리 완료 with a note. Plain text.
    """

    class Status(models.TextChoices):
        NEW = "new", _("새 요청")
        DONE = "done", _("처리 완료")

    facility = models.ForeignKey(
        Facility,
        on_delete=models.CASCADE,
        related_name="correction_requests",
        verbose_name=_("돌봄시설"),
    )
    message = models.TextField(_("다른 내용"), max_length=2000)
    contact = models.CharField(_("연락처"), max_length=100, blank=True)
    # A keyed hash of the sender's address: enough to limit a flood, not to identify anyone.
    client_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("접수 시각"), default=timezone.now)
    status = models.CharField(
        _("처리 상태"), max_length=8, choices=Status.choices, default=Status.NEW
    )
    staff_note = models.TextField(_("처리 내용"), max_length=2000, blank=True)
    resolved_at = models.DateTimeField(_("처리 시각"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("처리자"),
    )

    class Meta:
        verbose_name = _("정보 수정 요청")
        verbose_name_plural = _("정보 수정 요청")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["client_key", "created_at"], name="correction_client_time"),
            models.Index(fields=["status", "created_at"], name="correction_status_time"),
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.created_at:%Y-%m-%d %H:%M}"

    def resolve(self, *, user, note: str) -> None:
        """새 요청 → 처리 완료, with what staff did about it (once)."""
        if self.status == self.Status.DONE:
            raise Refused(_("이미 처리 완료한 요청입니다."), code="already_done")
        self.status = self.Status.DONE
        self.staff_note = note
        self.resolved_by = user
        self.resolved_at = timezone.now()
        self.save(update_fields=["status", "staff_note", "resolved_by", "resolved_at"])


# The 현황 조사 rounds live in their own module; importing them here registers them.
from facilities.survey_models import SurveyRequest, SurveyRound, SurveySubmission  # noqa: E402,F401
