"""The council, its people and its meetings.

Everything a council owns points at its `Council`, so one install can host
several districts. This app is the base every other app builds on: it imports
none of them (tests/test_architecture.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.dates import korean_datetime


class Council(models.Model):
    class Kind(models.TextChoices):
        """The one list of council kinds (what each means: council/kinds.py)."""

        ELEMENTARY = "elementary", _("지역 초등돌봄·교육 협의체")
        CHILD_CARE = "child_care", _("지역아동돌봄협의체")
        INTEGRATED = "integrated", _("통합지원협의체")
        SOCIAL_SECURITY = "social_security", _("지역사회보장협의체")

    name = models.CharField(_("협의체 이름"), max_length=100)
    # 시도 + 시군구: documents say "부산광역시 금정구" (five districts are called 중구).
    sido = models.CharField(_("시도"), max_length=20, blank=True, help_text=_("예: 부산광역시"))
    district = models.CharField(_("자치구"), max_length=50, help_text=_("예: 금정구"))
    # The first five digits of every 행정기관코드 in the district (금정구: 26410): how a
    # population file or a 동 list is recognised as this district's. NULL for a
    # council made before it was asked for.
    district_code = models.CharField(  # noqa: DJ001
        _("시군구 코드"),
        max_length=5,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("시군구 코드는 숫자 5자리입니다. 예: 26410"))],
        help_text=_("행정기관코드의 앞 5자리. 예: 부산광역시 금정구 26410"),
    )
    kind = models.CharField(
        _("협의체 종류"), max_length=20, choices=Kind.choices, default=Kind.ELEMENTARY
    )
    division = models.CharField(
        _("분과"),
        max_length=50,
        blank=True,
        help_text=_("지역사회보장협의체의 분과일 때. 예: 아동 분과"),
    )
    slug = models.SlugField(_("주소 이름"), unique=True)
    purpose = models.CharField(
        _("목적"),
        max_length=200,
        help_text=_(
            "결과 문서 맨 위에 표시됩니다. 예: 지역 맞춤형 돌봄체계 강화 및 돌봄사각지대 해소"
        ),
    )
    # The public facility finder (facilities/finder.py) and the school flyer.
    map_url_template = models.CharField(
        _("지도 서비스 주소"),
        max_length=300,
        blank=True,
        help_text=_(
            "시설 주소로 지도를 여는 주소. {address} 자리에 주소가 들어갑니다. "
            "예: https://map.kakao.com/?q={address} (비워 두면 지도 링크를 보이지 않습니다)"
        ),
    )
    finder_notice = models.TextField(
        _("시설 찾기 안내 문구"),
        max_length=500,
        blank=True,
        help_text=_(
            "시설 찾기 화면과 가정통신문 아래에 나옵니다. 예: 문의 금정구청 아동청소년과 051-000-0000"
        ),
    )
    finder_notice_en = models.TextField(
        _("시설 찾기 안내 문구 (영어)"),
        max_length=500,
        blank=True,
        help_text=_(
            "영어 시설 찾기에 나옵니다. 예: Contact: Geumjeong-gu Office, Children and Youth "
            "Division, 051-000-0000 (비워 두면 한국어 문구에 '(in Korean)'을 붙입니다)"
        ),
    )
    # The secretariat (구청 담당자) members are told to contact: on every page's footer,
    # and wherever a member is refused (an early close, a conflict).
    contact_name = models.CharField(
        _("문의처"),
        max_length=100,
        blank=True,
        help_text=_("위원에게 안내할 담당 부서·팀. 예: 금정구청 아동청소년과 돌봄지원팀"),
    )
    contact_phone = models.CharField(_("문의 전화"), max_length=30, blank=True)
    contact_email = models.EmailField(_("문의 전자우편"), blank=True)

    class Meta:
        verbose_name = _("협의체")
        verbose_name_plural = _("협의체")
        ordering = ["name"]
        constraints = [
            # One council of each kind per district (a district may run several kinds).
            models.UniqueConstraint(
                fields=["district_code", "kind"],
                condition=Q(district_code__isnull=False),
                name="unique_council_kind_per_district",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region_name(self) -> str:
        """시도 and 시군구 as documents name the district: "부산광역시 금정구"."""
        return f"{self.sido} {self.district}".strip()

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_phone or self.contact_email)

    @property
    def profile(self):
        """What the council's kind means: words, default categories, features."""
        from council.kinds import PROFILES

        return PROFILES[self.kind]

    @property
    def title_word(self) -> str:
        """How titles name the council after its district: 지역 초등돌봄·교육 협의체,
        지역사회보장협의체 아동 분과 …"""
        word = str(self.profile.title_word)
        return f"{word} {self.division}" if self.division else word

    @property
    def has_care_facilities(self) -> bool:
        """Children's councils keep the facility registry, the finder and the gap view."""
        return self.profile.children

    def affiliation_choices(self) -> list[tuple[str, str]]:
        from council.kinds import Affiliation

        return [(a, Affiliation.LABELS[a]) for a in self.profile.affiliations]


class Dong(models.Model):
    """An administrative dong (행정동) of the council's district."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="dongs")
    name = models.CharField(_("행정동"), max_length=30)
    # The English finder: the 행정동's official English name where it differs from the
    # Revised Romanization of `name` (lib.romanize), e.g. Cheongnyong-Nopo-dong.
    name_en = models.CharField(
        _("영문 이름"),
        max_length=50,
        blank=True,
        help_text=_("공식 영문 이름이 로마자 표기와 다를 때만 적습니다. 예: Cheongnyong-Nopo-dong"),
    )
    order = models.PositiveIntegerField(_("순서"), default=0)
    # 행정기관코드 (10 digits, e.g. 2641069000): how official statistics name the
    # 동. Names change when a 동 splits or merges; the code is what files match on.
    # NULL (not "") for councils that have not set it yet, so that the unique rule
    # below lets many 동 wait for their code.
    code = models.CharField(  # noqa: DJ001
        _("행정기관코드"),
        max_length=10,
        null=True,
        blank=True,
        validators=[
            RegexValidator(r"^\d{10}$", _("행정기관코드는 숫자 10자리입니다. 예: 2641069000"))
        ],
        help_text=_("주민등록 인구통계의 10자리 코드. 예: 2641069000"),
    )
    # Symmetric: naming B as A's neighbour makes A B's neighbour too.
    neighbours = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        verbose_name=_("이웃 동"),
        help_text=_("시설 찾기에서 이 동을 고르면 함께 보여 줄 가까운 동"),
    )

    class Meta:
        verbose_name = _("행정동")
        verbose_name_plural = _("행정동")
        ordering = ["council", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_dong_per_council"),
            models.UniqueConstraint(
                fields=["council", "code"],
                condition=Q(code__isnull=False),
                name="unique_dong_code_per_council",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A proposal category (분야), ordered per council."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("분야"), max_length=50)
    order = models.PositiveIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("분야")
        verbose_name_plural = _("분야")
        ordering = ["council", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_category_per_council")
        ]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """District staff (사무국) of one council."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(_("이름"), max_length=50)

    class Meta:
        verbose_name = _("구청 담당자")
        verbose_name_plural = _("구청 담당자")

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet):
    """The term rules in the database; Member's methods below say the same for one member.

    A term includes its last day: a member whose term ends on the 20th is in office
    on the 20th and has left by the 21st.
    """

    def ended_by(self, day: dt.date) -> MemberQuerySet:
        """Members whose term ended before `day` (the roster's 임기 종료)."""
        return self.filter(term_end__lt=day)

    def not_ended_by(self, day: dt.date) -> MemberQuerySet:
        """Members whose term has not ended before `day`, including terms yet to start."""
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=day))

    # How far back a term that ended still counts as "recent" (a renewal candidate).
    RECENT_DAYS = 365

    def active_on(self, day: dt.date) -> MemberQuerySet:
        """Members whose term covers `day` (the roster a meeting invites)."""
        return self.not_ended_by(day).filter(term_start__lte=day)

    def ended_recently_before(self, day: dt.date) -> MemberQuerySet:
        """Members whose term ended in the year before `day` (who a renewal, 연임,
        would bring back for a meeting starting on `day`)."""
        return self.filter(
            term_end__lt=day, term_end__gte=day - dt.timedelta(days=self.RECENT_DAYS)
        )

    def term_ending_around(self, today: dt.date, days: int) -> MemberQuerySet:
        """Members whose term ends within `days` days, or ended in the last `days`
        days (the dashboard's warning); the earliest end first."""
        return self.filter(
            term_end__gte=today - dt.timedelta(days=days),
            term_end__lte=today + dt.timedelta(days=days),
        ).order_by("term_end", "name", "pk")

    def renewal_candidates(self, today: dt.date) -> MemberQuerySet:
        """Everyone a renewal page offers: members in office and those whose term
        ended in the last year; the earliest end first."""
        return self.filter(
            Q(term_end__isnull=True) | Q(term_end__gte=today - dt.timedelta(days=self.RECENT_DAYS))
        ).order_by(models.F("term_end").asc(nulls_last=True), "name", "pk")


class Member(models.Model):
    """A council member (위원 / 위원장)."""

    class Position(models.TextChoices):
        """The member's seat on the council (not an account's role: see council.access.Role)."""

        CHAIR = "chair", _("위원장")
        MEMBER = "member", _("위원")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("이름"), max_length=50)
    role = models.CharField(
        _("구분"), max_length=10, choices=Position.choices, default=Position.MEMBER
    )
    affiliation = models.CharField(
        _("소속·분야"),
        max_length=100,
        help_text=_("예: 다함께돌봄센터장, 초등학교 교사, 학부모, 전문가"),
    )
    # The group the member comes from (council/kinds.py Affiliation; each council kind
    # offers its own list): the roster's make-up counts these.
    sector = models.CharField(_("소속 구분"), max_length=20, blank=True)
    term_start = models.DateField(_("임기 시작일"))
    term_end = models.DateField(_("임기 종료일"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("위원")
        verbose_name_plural = _("위원")
        ordering = ["council", "role", "name"]  # "chair" sorts before "member"
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="member_term_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def term_refusal(term_start: dt.date | None, term_end: dt.date | None) -> str | None:
        """Why a term from `term_start` to `term_end` cannot be, or None. The database
        holds the same rule (constraint `member_term_end_not_before_start`)."""
        if term_start and term_end and term_end < term_start:
            return gettext("임기 종료일은 임기 시작일보다 빠를 수 없습니다.")
        return None

    def clean(self) -> None:
        refusal = self.term_refusal(self.term_start, self.term_end)
        if refusal:
            raise ValidationError({"term_end": refusal})

    def term_ended_by(self, day: dt.date | None = None) -> bool:
        """The term ended before `day` (today by default): MemberQuerySet.ended_by
        for one member; the roster then offers no 임기 종료 any more."""
        return self.term_end is not None and self.term_end < (day or timezone.localdate())

    def in_office(self, day: dt.date | None = None) -> bool:
        """In office on `day` (today by default): MemberQuerySet.active_on for one
        member. A member not in office keeps read-only access to the meetings they
        were invited to, and nothing else."""
        day = day or timezone.localdate()
        return self.term_start <= day and not self.term_ended_by(day)


class MeetingQuerySet(models.QuerySet):
    def visible_to_members(self) -> MeetingQuerySet:
        """Meetings past preparation (what members and reviewers may know of)."""
        return self.filter(Meeting.visible_q())

    def past_deadline(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        """Meetings stored as open whose deadline has passed (the scheduled command closes them)."""
        return self.filter(status=Meeting.Status.OPEN, deadline__lte=now or timezone.now())

    def earlier_than(self, year: int, half: int) -> MeetingQuerySet:
        return self.filter(Meeting.earlier_q(year, half))

    def later_than(self, year: int, half: int) -> MeetingQuerySet:
        return self.filter(Meeting.later_q(year, half))

    def carrying_from(self, council_id: int, year: int, half: int) -> list[Meeting]:
        """The later meetings whose 지난 회의 section would carry from a meeting of
        `year`/`half` once its result is published (the rule, reports.carried: a
        meeting carries from the latest earlier published meeting): every later
        meeting up to and including the first published one, oldest first. After
        that one, each later meeting keeps carrying from it (or from a later one)."""
        following: list[Meeting] = []
        later = self.filter(council=council_id).later_than(year, half)
        for meeting in later.select_related("council").order_by("year", "half"):
            following.append(meeting)
            if meeting.is_published:
                break
        return following

    def with_submission_counts(self) -> MeetingQuerySet:
        """Annotate `invited_count` and `submitted_count` (the tracker's "7 / 10").

        Counted in correlated subqueries: joining both tables and counting
        distinct rows would multiply invitations by opinions for every meeting.
        A meeting recorded after the fact has no invitations or opinions in the
        portal: its counts are the ones the record gives (e.g. 8 / 11), not 0 / 0.

        Written as SQL: built from Case/When/Subquery expressions, the ORM spent
        about 2.5 ms assembling this query on every dashboard and meeting list,
        25 times what SQLite takes to run it (docs/PERFORMANCE.md, throughput).
        Tables and columns come from the models' meta; the one value is a parameter.
        """
        meeting = Meeting._meta.db_table
        opinion, invitation = Opinion._meta.db_table, Invitation._meta.db_table

        def counted(recorded_field: str, table: str, extra: str = "") -> str:
            # Table and column names from the models' meta only; values are parameters.
            return (
                f'CASE WHEN "{meeting}"."recorded" '  # noqa: S608
                f'THEN COALESCE("{meeting}"."{recorded_field}", 0) '
                f'ELSE (SELECT COUNT(*) FROM "{table}" '
                f'WHERE "{table}"."meeting_id" = "{meeting}"."id"{extra}) END'
            )

        return self.annotate(
            invited_count=RawSQL(  # noqa: S611 - see counted()
                counted("recorded_invited_count", invitation),
                (),
                output_field=models.IntegerField(),
            ),
            submitted_count=RawSQL(  # noqa: S611 - see counted(); the status is a parameter
                counted("recorded_submitted_count", opinion, f' AND "{opinion}"."status" = %s'),
                (Opinion.Status.SUBMITTED,),
                output_field=models.IntegerField(),
            ),
        )


class Meeting(models.Model):
    """A council meeting (회의), held twice a year, often in writing."""

    class Half(models.IntegerChoices):
        FIRST = 1, _("상반기")
        SECOND = 2, _("하반기")

    class Method(models.TextChoices):
        WRITTEN = "written", _("서면회의")
        IN_PERSON = "in_person", _("대면회의")
        VIDEO = "video", _("화상회의")

    class Status(models.TextChoices):
        DRAFT = "draft", _("준비 중")
        OPEN = "open", _("의견 접수 중")
        CLOSED = "closed", _("마감")
        PUBLISHED = "published", _("결과 공개")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    year = models.PositiveIntegerField(_("연도"))
    half = models.PositiveSmallIntegerField(_("반기"), choices=Half.choices)
    slug = models.SlugField(_("주소 이름"), max_length=10, editable=False)
    method = models.CharField(
        _("방법"), max_length=10, choices=Method.choices, default=Method.WRITTEN
    )
    period_start = models.DateField(_("기간 시작일"))
    period_end = models.DateField(_("기간 종료일"))
    # None only for a meeting recorded after the fact whose deadline is not known
    # (a past meeting never gets an invented one); required to open a meeting.
    deadline = models.DateTimeField(_("의견 제출 마감"), null=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("접수 시작"), null=True, blank=True)
    closed_at = models.DateTimeField(_("마감 처리"), null=True, blank=True)
    # Staff who closed it by hand; empty when the scheduled command closed it at the deadline.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("마감한 사람"),
    )
    invited = models.ManyToManyField(
        Member, through="Invitation", related_name="invited_meetings", blank=True
    )
    # A meeting held before the portal was used, entered afterwards with its real
    # dates (by form or from its result spreadsheet). It has no invited roster or
    # opinions in the portal, so its attendance is what the record says.
    recorded = models.BooleanField(_("지난 회의 기록"), default=False)
    recorded_invited_count = models.PositiveIntegerField(_("위원 수"), null=True, blank=True)
    recorded_submitted_count = models.PositiveIntegerField(
        _("의견 제출 위원 수"), null=True, blank=True
    )
    recorded_attended_count = models.PositiveIntegerField(_("참석 위원 수"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("회의")
        verbose_name_plural = _("회의")
        ordering = ["council", "-year", "-half"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "half"], name="one_meeting_per_half"
            ),
            models.UniqueConstraint(fields=["council", "slug"], name="unique_meeting_slug"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="meeting_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(year)s년 %(half)s %(district)s %(council_word)s 회의") % {
            "year": self.year,
            "half": self.get_half_display(),
            "district": self.council.district,
            "council_word": self.council.title_word,
        }

    def save(self, *args, **kwargs) -> None:
        # The slug is a pure function of year and half; keep it in step.
        self.slug = f"{self.year}-h{self.half}"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("council:meeting_detail", args=[self.council.slug, self.slug])

    # The order of meetings (year, then half): the one home for "before" and "after",
    # which the carried section (reports.carried), the past-meeting import and the
    # out-of-order warning follow.

    @staticmethod
    def earlier_q(year: int, half: int, prefix: str = "", *, inclusive: bool = False) -> Q:
        """Meetings before `year`/`half` (and that half itself when `inclusive`);
        `prefix` reaches them through a relation (`"meeting__"`)."""
        half_lookup = "lte" if inclusive else "lt"
        return Q(**{f"{prefix}year__lt": year}) | Q(
            **{f"{prefix}year": year, f"{prefix}half__{half_lookup}": half}
        )

    @staticmethod
    def later_q(year: int, half: int, prefix: str = "") -> Q:
        return ~Meeting.earlier_q(year, half, prefix, inclusive=True)

    def comes_before(self, year: int, half: int) -> bool:
        return (self.year, self.half) < (year, half)

    @property
    def title(self) -> str:
        """`2023년 하반기 금정구 지역돌봄협의체 회의` (the council kind's word)"""
        return str(self)

    # The rules of a meeting's life. Pages and services ask these; nothing else
    # compares status strings. A meeting stored as open whose deadline has passed
    # counts as closed everywhere, even before the scheduled command stores it so.

    def current_status(self, now: dt.datetime | None = None) -> str:
        """The status as of `now`: an open meeting past its deadline is closed."""
        if (
            self.status == self.Status.OPEN
            and self.deadline is not None
            and (now or timezone.now()) >= self.deadline
        ):
            return self.Status.CLOSED
        return self.status

    @property
    def takes_attendance(self) -> bool:
        """In-person and video meetings record who attended (참석); written ones
        count submitted opinions."""
        return self.method in (self.Method.IN_PERSON, self.Method.VIDEO)

    def can_record_attendance(self) -> bool:
        return self.takes_attendance and not self.recorded and self.status != self.Status.DRAFT

    def get_current_status_display(self) -> str:
        return str(self.Status(self.current_status()).label)

    def accepts_opinions(self, now: dt.datetime | None = None) -> bool:
        """Members may save and submit: open and before the deadline (server time)."""
        return self.current_status(now) == self.Status.OPEN

    def accepts_opinions_from(self, member: Member, now: dt.datetime | None = None) -> bool:
        """A member writes their own opinion while opinions are accepted and while in
        office; a former member reads what they wrote."""
        now = now or timezone.now()
        return self.accepts_opinions(now) and member.in_office(timezone.localdate(now))

    def accepts_opinions_on_behalf(self, now: dt.datetime | None = None) -> bool:
        """Staff may type in an opinion received on paper, fax, phone or e-mail until
        the result is published."""
        return self.current_status(now) in (self.Status.OPEN, self.Status.CLOSED)

    def check_received_at(
        self,
        received_at: dt.datetime,
        *,
        confirmed_before_opening: bool = False,
        late_reason: str = "",
    ) -> None:
        """The rule for the 접수일시 of an opinion staff enter on a member's behalf.

        Before the round opened: only when staff confirm it (a paper sent early is
        possible, a typo more likely). After the deadline (or the early close): only
        with staff's statement that it arrived in time, which is recorded.
        """
        if self.opened_at and received_at < self.opened_at and not confirmed_before_opening:
            raise ValidationError(
                _(
                    "접수일시(%(when)s)가 의견 접수를 시작한 때(%(opened)s)보다 이릅니다. "
                    "맞으면 ‘접수 시작 전에 도착한 의견서가 맞습니다’에 표시해 주세요."
                )
                % {"when": korean_datetime(received_at), "opened": korean_datetime(self.opened_at)},
                code="before_opening",
            )
        end = self.closed_at if self.closed_early() else self.deadline
        if end and received_at > end and not late_reason.strip():
            raise ValidationError(
                _(
                    "접수일시(%(when)s)가 마감(%(end)s)보다 늦어 받을 수 없습니다. "
                    "마감 전에 도착한 것이 맞다면 그 근거를 ‘마감 후 접수 사유’에 적어 주세요."
                )
                % {"when": korean_datetime(received_at), "end": korean_datetime(end)},
                code="after_deadline",
            )

    def closed_early(self) -> bool:
        """Closed by hand before its deadline (members were told a later deadline)."""
        return (
            self.status != self.Status.DRAFT
            and self.closed_at is not None
            and self.closed_at < self.deadline
        )

    def can_edit_details(self) -> bool:
        """Period, method and deadline change only while in preparation."""
        return self.status == self.Status.DRAFT

    def can_open(self) -> bool:
        return self.status == self.Status.DRAFT

    def can_close(self, now: dt.datetime | None = None) -> bool:
        return self.current_status(now) == self.Status.OPEN

    def deadline_extendable(self) -> bool:
        """The deadline may move later while the round is open, and also after it
        passed as long as no staff member closed the round by hand: stored as open
        (the scheduled close has not run yet) or closed by the scheduled command
        at the deadline. Whether aggregation has begun is asked by the service
        (council.services.meetings.extend_deadline), which another app answers."""
        if self.recorded or self.deadline is None:
            return False
        if self.status == self.Status.OPEN:
            return True
        return (
            self.status == self.Status.CLOSED
            and self.closed_by_id is None
            and not self.closed_early()
        )

    def agenda_editable(self, now: dt.datetime | None = None) -> bool:
        """Agenda items and materials change until opinions stop being accepted."""
        return self.current_status(now) in (self.Status.DRAFT, self.Status.OPEN)

    def agenda_items_deletable(self) -> bool:
        """Once members may have read an item, it stays (it can still be edited)."""
        return self.status == self.Status.DRAFT

    def has_tracker(self) -> bool:
        """Invitations and opinions are tracked from opening on; a meeting recorded
        after the fact has only the counts its record gives."""
        return self.status != self.Status.DRAFT and not self.recorded

    def has_result_preview(self) -> bool:
        """A result document is previewed once the round has opened (it fills as
        proposals are made); a meeting in preparation has nothing to show yet."""
        return self.status != self.Status.DRAFT

    def allows_aggregation(self, now: dt.datetime | None = None) -> bool:
        """Proposals are made, edited, renumbered and deleted once opinions are closed
        and until the result is published."""
        return self.current_status(now) == self.Status.CLOSED

    def accepts_responses(self, now: dt.datetime | None = None) -> bool:
        """Departments answer once proposals exist, also after publishing (a new version)."""
        return self.current_status(now) in (self.Status.CLOSED, self.Status.PUBLISHED)

    def can_publish(self, now: dt.datetime | None = None) -> bool:
        return self.current_status(now) in (self.Status.CLOSED, self.Status.PUBLISHED)

    @staticmethod
    def visible_q(prefix: str = "") -> Q:
        """The one rule for "members may know this meeting": it is past preparation.
        `prefix` reaches it from another model (e.g. "meeting__"); the queryset's
        `visible_to_members()` and this model's `visible_to_members()` apply it."""
        return ~Q(**{f"{prefix}status": Meeting.Status.DRAFT})

    def visible_to_members(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Invitation(models.Model):
    """A member on a meeting's invited roster, fixed when the meeting opens."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="invitations")
    # In-person and video meetings: whether the member was there.
    attended = models.BooleanField(_("참석"), default=False)

    class Meta:
        verbose_name = _("참석 대상")
        verbose_name_plural = _("참석 대상")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="unique_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.member}"


class AgendaItem(models.Model):
    """An agenda item (안건) of a meeting: a report or a discussion."""

    class Kind(models.TextChoices):
        REPORT = "report", _("보고")
        DISCUSSION = "discussion", _("논의")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("순서"), default=0)
    kind = models.CharField(_("구분"), max_length=12, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(_("안건명"), max_length=200)
    body = models.TextField(_("내용"), blank=True)
    # A frozen report attached as meeting material (e.g. 기관별 현황 from the
    # facility registry), so the meeting keeps the figures it was shown after the
    # registry changes. Plain tables (lib.snapshots.Snapshot), whichever app
    # made them.
    snapshot = models.JSONField(_("첨부 현황 자료"), null=True, blank=True)
    snapshot_as_of = models.DateField(_("현황 기준일"), null=True, blank=True)

    class Meta:
        verbose_name = _("안건")
        verbose_name_plural = _("안건")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never uses the uploaded name: it is shown, not trusted.
    import uuid

    return f"attachments/{instance.agenda_item.meeting_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A meeting material file, served only to people who may see the meeting."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("파일"), upload_to=attachment_path)
    original_name = models.CharField(_("파일 이름"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("크기"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("첨부 자료")
        verbose_name_plural = _("첨부 자료")
        ordering = ["agenda_item", "pk"]

    # Shown in the browser (with 내려받기 as a second action); the rest only downloads.
    VIEWABLE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})

    def __str__(self) -> str:
        return self.original_name

    @property
    def viewable(self) -> bool:
        return self.content_type in self.VIEWABLE_TYPES


class Opinion(models.Model):
    """A member's written opinion (의견서) for one meeting."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("임시 저장")
        SUBMITTED = "submitted", _("제출 완료")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("포털 직접 입력")
        PAPER = "paper", _("서면(종이)")
        FAX = "fax", _("팩스")
        PHONE = "phone", _("전화")
        EMAIL = "email", _("전자우편")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="opinions")
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    channel = models.CharField(
        _("접수 경로"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    # Who typed it: the member, or staff on the member's behalf (channel != portal).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    behalf_note = models.CharField(_("대리 입력 메모"), max_length=200, blank=True)
    # When the district received an opinion sent on paper, by fax, phone or e-mail
    # (접수일시). Such an opinion's `submitted_at` IS its 접수일시 — the tracker, the
    # opinion page, the receipt and the exports show when it arrived — and
    # `entered_at` is when staff typed it in (with `entered_by`).
    received_at = models.DateTimeField(_("접수일시"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("제출 시각"), null=True, blank=True)
    entered_at = models.DateTimeField(_("입력 시각"), null=True, blank=True)
    # Staff's statement when a 접수일시 after the deadline is accepted (e.g. "팩스 발신
    # 기록 12. 5. 17:58, 수신기 고장으로 다음 날 확인").
    late_reason = models.CharField(_("마감 후 접수 사유"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)
    # Optimistic version: every save adds one; a form carries the version it was
    # loaded with, and a save over a newer version is refused with both shown.
    version = models.PositiveIntegerField(_("버전"), default=1)

    class Meta:
        verbose_name = _("의견서")
        verbose_name_plural = _("의견서")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_opinion_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.meeting}"

    @property
    def entered_on_behalf(self) -> bool:
        return self.channel != self.Channel.PORTAL

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_members_own_submission(self) -> bool:
        """Submitted by the member through the portal (staff replace it only knowingly)."""
        return self.is_submitted and not self.entered_on_behalf


class OpinionPoint(models.Model):
    """One point of an opinion; the raw material of proposals."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="points")
    order = models.PositiveIntegerField(_("순서"), default=0)
    text = models.TextField(_("의견 내용"))
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("분야"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="points",
        verbose_name=_("관련 안건"),
    )

    class Meta:
        verbose_name = _("의견 항목")
        verbose_name_plural = _("의견 항목")
        ordering = ["opinion", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class OpinionAutosave(models.Model):
    """What a member was typing, kept every few seconds (static/js/autosave.js).

    Never the opinion itself: it submits nothing, changes no saved or
    submitted opinion and bumps no version. The form restores it when it is
    newer than the saved opinion; saving the opinion drops it.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    # The saved opinion it is newer than, if there is one: the form loads both in
    # one query (Opinion ... select_related("autosave")).
    opinion = models.OneToOneField(
        "Opinion", on_delete=models.CASCADE, null=True, blank=True, related_name="autosave"
    )
    # [{"text": ..., "category": id or null, "agenda_item": id or null}, ...]
    points = models.JSONField(_("작성 중인 의견"), default=list)
    saved_at = models.DateTimeField(_("자동 보관 시각"))

    class Meta:
        verbose_name = _("자동 보관")
        verbose_name_plural = _("자동 보관")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_autosave_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.meeting} ({self.saved_at:%Y-%m-%d %H:%M})"


class Reminder(models.Model):
    """A reminder e-mail sent to a member who had not yet submitted."""

    class Kind(models.TextChoices):
        BEFORE_24H = "24h", _("마감 24시간 전")
        BEFORE_2H = "2h", _("마감 2시간 전")
        MANUAL = "manual", _("담당자 발송")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("제출 독려 메일")
        verbose_name_plural = _("제출 독려 메일")
        constraints = [
            # The automatic reminders go out once each, never twice.
            models.UniqueConstraint(
                fields=["meeting", "member", "kind"],
                condition=~Q(kind="manual"),
                name="automatic_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.member} ({self.kind})"


class ChainedManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        """Each record joins the hash chain one by one (council.audit_chain)."""
        objs = list(objs)
        for obj in objs:
            obj.save()
        return objs


class ChainedRecord(models.Model):
    """An append-only record in a tamper-evident chain: `seq` (1, 2, 3 … per chain)
    and a keyed hash of its content and of the previous record's hash
    (council.audit_chain); `manage.py verify_audit` names a record changed,
    inserted or removed."""

    CHAIN = ""

    seq = models.BigIntegerField(_("일련번호"), unique=True, null=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ChainedManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding and self.seq is None:
            from council.audit_chain import append

            append(self, lambda: super(ChainedRecord, self).save(*args, **kwargs))
        else:
            super().save(*args, **kwargs)

    def chain_content(self) -> list:
        raise NotImplementedError


class AuditEvent(ChainedRecord):
    """Who viewed, downloaded or exported what, and when (logins: LoginRecord)."""

    CHAIN = "events"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, null=True, related_name="+")
    action = models.CharField(_("행위"), max_length=50)
    target = models.CharField(_("대상"), max_length=200)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Why personal data was exported (asked before the export; empty for views).
    reason = models.CharField(_("사유"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("기록")
        verbose_name_plural = _("기록")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.target}"

    def chain_content(self) -> list:
        self.target = str(self.target)[:200]
        self.reason = str(self.reason)[:200]
        return [
            self.user_id,
            self.council_id,
            str(self.action),
            self.target,
            self.ip_address or None,
            self.at,
            self.reason,
        ]


class LoginRecord(ChainedRecord):
    """Every login and failed login, chained like AuditEvent. django-axes keeps its
    own rows too (the lockout's working data and the staff's audit page); this is
    the copy no one can rewrite unnoticed."""

    CHAIN = "logins"

    username = models.CharField(_("아이디"), max_length=150)
    success = models.BooleanField(_("성공"))
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("로그인 기록")
        verbose_name_plural = _("로그인 기록")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {'ok' if self.success else 'fail'}"

    def chain_content(self) -> list:
        self.username = str(self.username)[:150]
        return [self.username, self.success, self.ip_address or None, self.at]


class AuditChain(models.Model):
    """The head of one hash chain (locked while appending)."""

    name = models.CharField(max_length=20, unique=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("기록 체인")
        verbose_name_plural = _("기록 체인")

    def __str__(self) -> str:
        return f"{self.name} #{self.seq}"


class AuditCheckpoint(models.Model):
    """Left by the retention command: the last removed record's number and hash, so the
    chain still verifies from the first kept record (signed like the records)."""

    chain = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    removed = models.PositiveIntegerField(default=0)
    signature = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("기록 보존 기준점")
        verbose_name_plural = _("기록 보존 기준점")
        ordering = ["chain", "-seq"]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} ({self.at:%Y-%m-%d})"


class PasswordResetRequest(models.Model):
    """One password-reset request, counted to limit them per address and per client.

    The e-mail address and the client's network address are kept only as keyed
    hashes (`lib.ratelimit.client_key` for the client); rows older than the
    counting window are removed by the scheduled command.
    """

    address_digest = models.CharField(max_length=64, db_index=True)
    client_key = models.CharField(max_length=64, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("비밀번호 재설정 요청")
        verbose_name_plural = _("비밀번호 재설정 요청")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.client_key[:8]}"


class LinkedSeat(models.Model):
    """One person on several councils of a district: one login, several seats.

    Each seat is an account with its own role (a member or staff of one council),
    as the rest of the portal expects; the person signs in with `login` and moves
    between their seats (council.seats). A seat account is made for the link and
    has no password of its own, so it is reached only through the login.
    """

    login = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="linked_seats"
    )
    seat = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seat_of"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("연결된 자리")
        verbose_name_plural = _("연결된 자리")
        constraints = [
            models.CheckConstraint(condition=~Q(login=models.F("seat")), name="seat_not_login")
        ]

    def __str__(self) -> str:
        return f"{self.login} → {self.seat}"


# The outbox and contact preferences live in their own module; importing them
# here makes them council models (council.notices.models).
from council.notices.models import (  # noqa: E402, F401
    AlimtalkTemplate,
    Broadcast,
    DeliveryReport,
    MemberContact,
    Notice,
    ScheduledReminder,
)
