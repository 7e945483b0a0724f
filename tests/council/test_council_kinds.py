"""Council kinds: each kind's words in pages and the result document, its default
categories and purpose, its affiliations and make-up, and its features."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from council.categories import delete_category, start_council_of_kind
from council.kinds import PROFILES, Affiliation, make_up
from council.models import Category, Council
from lib.errors import Refused
from reports.document import build_result_context
from reports.exporters import hwpx_from_context
from tests import factories
from tests.reports.hwpx_reading import read_hwpx

pytestmark = pytest.mark.django_db

WORDS = {
    Council.Kind.ELEMENTARY: "지역 초등돌봄·교육 협의체",
    Council.Kind.CHILD_CARE: "지역돌봄협의체",
    Council.Kind.INTEGRATED: "통합지원협의체",
    Council.Kind.SOCIAL_SECURITY: "지역사회보장협의체",
}


def test_a_new_council_is_of_the_2026_kind():
    council = Council.objects.create(slug="new", name="새 협의체", district="동래구", purpose="")
    assert council.kind == Council.Kind.ELEMENTARY
    assert set(PROFILES) == set(Council.Kind.values)  # one profile per choice


@pytest.mark.parametrize("kind", list(Council.Kind))
def test_each_kind_names_itself_in_titles_the_document_and_the_hwpx(kind, client):
    council = factories.make_council("k", "금정구", kind=kind)
    Category.objects.filter(council=council).delete()
    council.purpose = ""
    council.save()
    start_council_of_kind(council)
    council.refresh_from_db()
    profile = PROFILES[kind]
    assert council.purpose == str(profile.purpose)
    assert list(council.categories.values_list("name", flat=True)) == [
        str(c) for c in profile.categories
    ]
    meeting = factories.make_result_meeting(council, proposals=2)
    word = WORDS[kind]
    assert meeting.title == f"2023년 하반기 금정구 {word} 회의"
    context = build_result_context(meeting)
    doc = context["doc"]
    assert doc.title == f"2023년 하반기 금정구 {word} 회의 결과"
    assert doc.running_header == f"- 2023년 하반기 - 금정구 {word} 회의 결과"
    assert doc.purpose_line.startswith(f"- {profile.purpose}")
    texts = [" ".join(b.split()) for b in read_hwpx(hwpx_from_context(context)).blocks]
    assert f"2023년 하반기 금정구 {word} 회의 결과" in texts
    staff = factories.make_staff(council)
    client.force_login(staff)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f"금정구 {word} 회의" in page


def test_a_division_of_the_social_security_council_is_named_in_titles():
    council = factories.make_council("ss", kind=Council.Kind.SOCIAL_SECURITY)
    council.division = "아동 분과"
    assert council.title_word == "지역사회보장협의체 아동 분과"


@pytest.mark.parametrize(
    ("kind", "shown"),
    [(Council.Kind.ELEMENTARY, True), (Council.Kind.INTEGRATED, False)],
)
def test_facility_pages_appear_only_for_childrens_councils(kind, shown, client):
    council = factories.make_council("f", kind=kind)
    client.force_login(factories.make_staff(council))
    dashboard = client.get(reverse("portal:dashboard", args=[council.slug])).content.decode()
    assert (reverse("facilities:gaps", args=[council.slug]) in dashboard) is shown
    for name in ("facilities:list", "facilities:gaps", "finder_staff:home"):
        status = client.get(reverse(name, args=[council.slug])).status_code
        assert status == (200 if shown else 404), name


def test_affiliations_follow_the_kind_and_the_roster_shows_the_make_up(client):
    council = factories.make_council("e", kind=Council.Kind.ELEMENTARY)
    client.force_login(factories.make_staff(council))
    form = client.get(reverse("council:member_add", args=[council.slug])).context["form"]
    offered = [value for value, _label in form.fields["sector"].choices if value]
    assert offered == list(PROFILES[Council.Kind.ELEMENTARY].affiliations)
    for sector in (Affiliation.SCHOOL, Affiliation.SCHOOL, Affiliation.PARENT):
        member = factories.make_member(council)
        member.sector = sector
        member.save()
    roster = client.get(reverse("council:roster", args=[council.slug])).content.decode()
    assert "학교 2" in roster and "학부모·주민 1" in roster
    assert "교육지원청 위원이 없습니다" in roster
    office = factories.make_member(council)
    office.sector = Affiliation.EDUCATION_OFFICE
    office.save()
    roster = client.get(reverse("council:roster", args=[council.slug])).content.decode()
    assert "교육지원청 1" in roster and "교육지원청 위원이 없습니다" not in roster
    # A member whose term has ended does not count.
    office.term_end = dt.date(2024, 1, 1)
    office.save()
    assert make_up(council, dt.date(2026, 6, 1)).missing_required == "교육지원청"
    # An integrated-support council offers its own groups and warns about none.
    integrated = factories.make_council("i", kind=Council.Kind.INTEGRATED)
    assert [a for a, _l in integrated.affiliation_choices()][1] == Affiliation.HEALTH
    assert make_up(integrated, dt.date(2026, 6, 1)).missing_required == ""


def test_a_category_in_use_is_not_deleted_and_the_reason_is_given(world, client):
    meeting = factories.make_result_meeting(world.council, proposals=1)
    used = meeting.proposals.get().category
    with pytest.raises(Refused) as refused:
        delete_category(category=used)
    assert f"‘{used.name}’ 분야는 건의사항 1건" in str(refused.value)
    assert Category.objects.filter(pk=used.pk).exists()
    client.force_login(world.staff)
    free = Category.objects.filter(council=world.council).exclude(pk=used.pk).last()
    url = reverse("council:category_delete", args=[world.council.slug, used.pk])
    page = client.post(url, follow=True).content.decode()
    assert "지울 수 없습니다" in page
    client.post(reverse("council:category_delete", args=[world.council.slug, free.pk]))
    assert not Category.objects.filter(pk=free.pk).exists()
    orders = list(world.council.categories.values_list("order", flat=True))
    assert orders == list(range(1, len(orders) + 1))
