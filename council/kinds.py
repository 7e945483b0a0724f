"""Council kinds: the words, default categories, affiliations and features of each.

The choices themselves live in ONE place, ``Council.Kind`` (council/models.py);
this module says what each kind means. Pages and documents ask a council for
its ``profile`` rather than comparing kind strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class Affiliation:
    """Who a member comes from (소속 구분). Each kind offers a subset (profile.affiliations)."""

    GU_OFFICE = "gu_office"
    EDUCATION_OFFICE = "education_office"
    SCHOOL = "school"
    CARE_PROVIDER = "care_provider"
    PARENT = "parent"
    EXPERT = "expert"
    HEALTH = "health"
    CARE_SERVICE = "care_service"
    WELFARE = "welfare"

    LABELS = {
        GU_OFFICE: _("구청"),
        EDUCATION_OFFICE: _("교육지원청"),
        SCHOOL: _("학교"),
        CARE_PROVIDER: _("돌봄기관"),
        PARENT: _("학부모·주민"),
        EXPERT: _("전문가"),
        HEALTH: _("보건·의료"),
        CARE_SERVICE: _("요양·돌봄 서비스"),
        WELFARE: _("사회복지기관"),
    }
    CHOICES = list(LABELS.items())


_CHILDREN = (
    Affiliation.GU_OFFICE,
    Affiliation.EDUCATION_OFFICE,
    Affiliation.SCHOOL,
    Affiliation.CARE_PROVIDER,
    Affiliation.PARENT,
    Affiliation.EXPERT,
)


@dataclass(frozen=True)
class KindProfile:
    # How titles and documents name the council after the district:
    # "2026년 상반기 금정구 {title_word} 회의 결과".
    title_word: str
    purpose: str  # the purpose line a new council of this kind starts with
    categories: tuple[str, ...]  # the 분야 a new council of this kind starts with
    children: bool  # facility registry, public finder and gap view
    affiliations: tuple[str, ...]
    # An affiliation the council should have a member of (warned on the roster).
    required_affiliation: str | None = None


PROFILES: dict[str, KindProfile] = {
    "elementary": KindProfile(
        title_word=_("지역 초등돌봄·교육 협의체"),
        purpose=_("학교와 지역이 함께하는 온동네 초등돌봄·교육 체계 구축"),
        categories=(
            _("학교 돌봄"),
            _("지역 돌봄기관 연계"),
            _("저녁·방학·주말 돌봄"),
            _("돌봄 인력·공간"),
        ),
        children=True,
        affiliations=_CHILDREN,
        required_affiliation=Affiliation.EDUCATION_OFFICE,
    ),
    "child_care": KindProfile(
        title_word=_("지역돌봄협의체"),
        purpose=_("지역 맞춤형 돌봄체계 강화 및 돌봄사각지대 해소"),
        categories=(_("시설 확충"), _("운영"), _("지역사회 연계")),
        children=True,
        affiliations=_CHILDREN,
    ),
    "integrated": KindProfile(
        title_word=_("통합지원협의체"),
        purpose=_("의료·요양·돌봄 통합지원으로 살던 곳에서 건강한 노후"),
        categories=(_("의료"), _("요양·돌봄"), _("주거"), _("연계·사례관리")),
        children=False,
        affiliations=(
            Affiliation.GU_OFFICE,
            Affiliation.HEALTH,
            Affiliation.CARE_SERVICE,
            Affiliation.WELFARE,
            Affiliation.PARENT,
            Affiliation.EXPERT,
        ),
    ),
    "social_security": KindProfile(
        title_word=_("지역사회보장협의체"),
        purpose=_("지역사회보장계획 수립과 민관 협력으로 복지 사각지대 해소"),
        categories=(_("아동·청소년"), _("노인"), _("장애인"), _("저소득·위기가구")),
        children=False,
        affiliations=(
            Affiliation.GU_OFFICE,
            Affiliation.WELFARE,
            Affiliation.HEALTH,
            Affiliation.EDUCATION_OFFICE,
            Affiliation.PARENT,
            Affiliation.EXPERT,
        ),
    ),
}


@dataclass(frozen=True)
class MakeUp:
    """The roster's make-up: members in office per affiliation, in the kind's order."""

    counts: list[tuple[str, int]]  # (label, count), only groups with members
    unassigned: int  # members in office with no affiliation group yet
    missing_required: str  # the required group's label when nobody is of it, else ""


def make_up(council, day) -> MakeUp:
    """One query: members in office on `day` counted by their group (Member.sector)."""
    from django.db.models import Count

    from council.models import Member

    rows = dict(
        Member.objects.filter(council=council)
        .active_on(day)
        .values_list("sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    profile = council.profile
    order = list(profile.affiliations) + [
        a for a in Affiliation.LABELS if a not in profile.affiliations
    ]
    counts = [(str(Affiliation.LABELS[a]), rows[a]) for a in order if rows.get(a)]
    required = profile.required_affiliation
    missing = str(Affiliation.LABELS[required]) if required and not rows.get(required) else ""
    return MakeUp(counts=counts, unassigned=rows.get("", 0), missing_required=missing)
