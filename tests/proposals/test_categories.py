"""Staff manage categories (add, rename, reorder) and departments (add, rename)."""

from __future__ import annotations

from django.urls import reverse

from council.models import Category
from proposals.models import Department
from tests import factories


def _names(council):
    return list(Category.objects.filter(council=council).values_list("name", flat=True))


def test_it_adds_renames_and_reorders_categories(world, client):
    client.force_login(world.staff)
    url = reverse("council:categories", kwargs={"council": world.council.slug})
    client.post(url, {"name": "인력 지원"})
    assert _names(world.council) == ["시설 확충", "운영", "지역사회 연계", "인력 지원"]
    duplicate = client.post(url, {"name": "운영"})
    assert "같은 이름의 분야가 이미 있습니다." in duplicate.content.decode()
    added = Category.objects.get(council=world.council, name="인력 지원")
    client.post(
        reverse(
            "council:category_move", kwargs={"council": world.council.slug, "category": added.pk}
        ),
        {"direction": "up"},
    )
    assert _names(world.council) == ["시설 확충", "운영", "인력 지원", "지역사회 연계"]
    client.post(
        reverse(
            "council:category_edit", kwargs={"council": world.council.slug, "category": added.pk}
        ),
        {"name": "돌봄 인력"},
    )
    assert _names(world.council)[2] == "돌봄 인력"


def test_it_adds_and_renames_departments_and_lists_reviewers(world, client):
    client.force_login(world.staff)
    url = reverse("proposals:departments", kwargs={"council": world.council.slug})
    client.post(url, {"name": "복지정책과"})
    department = Department.objects.get(council=world.council, name="복지정책과")
    client.post(
        reverse(
            "proposals:department_edit",
            kwargs={"council": world.council.slug, "department": department.pk},
        ),
        {"name": "복지정책과(돌봄)"},
    )
    factories.make_reviewer(department, "welfare-reviewer")
    body = client.get(url).content.decode()
    assert "복지정책과(돌봄)" in body and "welfare-reviewer" in body


def test_it_hides_another_councils_category(world, client):
    client.force_login(world.staff)
    other = world.other_council.categories.first()
    url = reverse(
        "council:category_edit", kwargs={"council": world.council.slug, "category": other.pk}
    )
    assert client.get(url).status_code == 404


def test_moving_the_first_category_up_says_why_and_changes_nothing(world, client):
    client.force_login(world.staff)
    before = _names(world.council)
    first = Category.objects.get(council=world.council, name=before[0])
    url = reverse(
        "council:category_move", kwargs={"council": world.council.slug, "category": first.pk}
    )
    response = client.post(url, {"direction": "up"}, follow=True)
    assert "더 이상 옮길 수 없습니다." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/c/{world.council.slug}/categories/")
    assert _names(world.council) == before
    moved = client.post(url, {"direction": "down"}, follow=True)
    assert "분야 순서를 바꿨습니다." in moved.content.decode()
    assert _names(world.council)[:2] == [before[1], before[0]]
