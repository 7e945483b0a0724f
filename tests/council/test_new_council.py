"""A council from nothing: `manage.py createcouncil` and the administrator's 새 협의체 page."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from council.models import Category, Council, Staff
from tests.factories import make_user

ARGS = [
    "busan-jung",
    "--sido=부산광역시",
    "--district=중구",
    "--district-code=26110",
    "--name=중구 지역 초등돌봄·교육 협의체",
    "--contact-phone=051-600-0000",
    "--staff-username=jg-staff",
    "--staff-name=김담당",
    "--staff-email=kim@example.go.kr",
]


def _create(*args: str) -> str:
    out = io.StringIO()
    call_command("createcouncil", *args, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, int, int, int]:
    return (
        Council.objects.count(),
        User.objects.count(),
        Staff.objects.count(),
        Category.objects.count(),
    )


@pytest.mark.django_db
def test_it_creates_the_council_its_categories_and_a_staff_account_with_a_printed_link(client):
    output = _create(*ARGS)
    council = Council.objects.get(slug="busan-jung")
    assert council.region_name == "부산광역시 중구"
    assert council.district_code == "26110"
    assert council.get_kind_display() == "지역 초등돌봄·교육 협의체"
    assert council.contact_phone == "051-600-0000"
    assert list(council.categories.values_list("name", flat=True)) == [
        "학교 돌봄",
        "지역 돌봄기관 연계",
        "저녁·방학·주말 돌봄",
        "돌봄 인력·공간",
    ]
    staff = Staff.objects.get(council=council)
    assert staff.user.username == "jg-staff"
    assert not staff.user.has_usable_password()
    # No mail server in the tests: the one-time link is printed, and it works once.
    link = re.search(r"비밀번호 설정 링크: http://[^/]+(/accounts/reset/\S+)", output).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "Haneul-Quartz-8147", "new_password2": "Haneul-Quartz-8147"}
    )
    assert response.status_code == 302
    staff.user.refresh_from_db()
    assert staff.user.check_password("Haneul-Quartz-8147")
    client.force_login(staff.user)
    assert client.get(reverse("portal:dashboard", args=["busan-jung"])).status_code == 200
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "이 링크는 만료되었거나 이미 사용되었습니다" in again


@pytest.mark.django_db
def test_another_kind_in_the_same_district_is_allowed():
    _create(*ARGS)
    _create(
        "busan-jung-child",
        "--sido=부산광역시",
        "--district=중구",
        "--district-code=26110",
        "--kind=child_care",
        "--name=중구 지역아동돌봄협의체",
        "--staff-username=jg-staff2",
        "--staff-name=이담당",
        "--staff-email=lee@example.go.kr",
    )
    assert Council.objects.filter(district_code="26110").count() == 2
    child = Council.objects.get(slug="busan-jung-child")
    assert list(child.categories.values_list("name", flat=True)) == [
        "시설 확충",
        "운영",
        "지역사회 연계",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({0: "busan-jung"}, "주소 이름 ‘busan-jung’은 이미 다른 협의체가 쓰고 있습니다"),
        ({0: "other-slug"}, "부산광역시 중구(26110)에는 이미 지역 초등돌봄·교육 협의체인"),
        ({0: "other-slug", 3: "--district-code=2611"}, "시군구 코드는 숫자 5자리입니다"),
        ({0: "other-slug", 3: "--district-code=26140"}, "아이디 ‘jg-staff’는 이미 있습니다"),
        ({0: "Bad Slug", 3: "--district-code=26140", 6: "--staff-username=x"}, "주소 이름"),
    ],
)
def test_it_refuses_in_one_korean_line_and_writes_nothing(change, message):
    _create(*ARGS)
    before = _counts()
    args = list(ARGS)
    for index, value in change.items():
        args[index] = value
    with pytest.raises(CommandError) as refused:
        _create(*args)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert _counts() == before


@pytest.mark.django_db
def test_a_district_with_the_same_name_elsewhere_is_another_council():
    """Five districts are called 중구: the 시도 and the code tell them apart."""
    _create(*ARGS)
    args = list(ARGS)
    args[0], args[1], args[3] = "seoul-jung", "--sido=서울특별시", "--district-code=11140"
    args[6] = "--staff-username=seoul-staff"
    _create(*args)
    names = sorted(c.region_name for c in Council.objects.all())
    assert names == ["부산광역시 중구", "서울특별시 중구"]


FORM = {
    "sido": "부산광역시",
    "district": "금정구",
    "district_code": "26410",
    "name": "금정구 지역 초등돌봄·교육 협의체",
    "kind": "elementary",
    "slug": "geumjeong-2026",
    "contact_name": "금정구청 교육청소년과",
    "contact_phone": "051-519-0000",
    "contact_email": "",
    "staff_name": "박담당",
    "staff_username": "gj2026-staff",
    "staff_email": "park@example.go.kr",
}


@pytest.mark.django_db
def test_the_administrator_creates_a_council_from_the_portal(client):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    page = client.get(reverse("council_create"))
    assert "시군구 코드" in page.content.decode()
    response = client.post(reverse("council_create"), FORM, follow=True)
    assert response.redirect_chain[-1][0] == reverse("council_list")
    council = Council.objects.get(slug="geumjeong-2026")
    assert council.region_name == "부산광역시 금정구"
    assert council.categories.count() == 4
    text = response.content.decode()
    assert "부산광역시 금정구" in text
    # No mail server: the administrator is shown the one-time link to pass on.
    assert "/accounts/reset/" in text
    # The same district and kind again: one Korean line, nothing written.
    before = _counts()
    again = client.post(reverse("council_create"), {**FORM, "slug": "gj-again"})
    assert again.status_code == 200
    assert "이미 지역 초등돌봄·교육 협의체인" in again.content.decode()
    assert _counts() == before
