"""The one world builder: a council with its categories, 동 and departments, and an
account for each role.

The demo (`portal/demo`), the tests (`tests/factories.py`) and the bench
(`bench/data.py`) all make their councils and people here, so what a council
needs (a field, its default categories, the commitment statuses) is said once.
Each caller adds only what it is about: the demo its seed document through the
services, the tests their small defaults, the bench its thousands of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from council.models import Category, Council, Dong, Member, Staff
from proposals.commitment_services import ensure_statuses
from proposals.models import Department, Reviewer

CATEGORIES = ("시설 확충", "운영", "지역사회 연계")
PURPOSE = "지역 맞춤형 돌봄체계 강화 및 돌봄사각지대 해소"


@dataclass
class CouncilParts:
    council: Council
    categories: dict[str, Category] = field(default_factory=dict)
    dongs: dict[str, Dong] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)


def build_council(
    *,
    slug: str,
    district: str,
    categories=CATEGORIES,
    dongs=(),
    departments=(),
    statuses: bool = False,
    **fields,
) -> CouncilParts:
    """A council named after its district, with its categories and 동 in the given
    order, its departments and (`statuses`) the default commitment statuses.
    `fields` set any other Council field (contact, purpose …)."""
    fields.setdefault("name", f"{district} 지역돌봄협의체")
    fields.setdefault("purpose", PURPOSE)
    council = Council.objects.create(slug=slug, district=district, **fields)
    parts = CouncilParts(council)
    for order, name in enumerate(categories, start=1):
        parts.categories[name] = Category.objects.create(council=council, name=name, order=order)
    for order, name in enumerate(dongs, start=1):
        parts.dongs[name] = Dong.objects.create(council=council, name=name, order=order)
    for name in departments:
        parts.departments[name] = add_department(council, name)
    if statuses:
        ensure_statuses(council=council)
    return parts


def add_department(council: Council, name: str) -> Department:
    return Department.objects.create(council=council, name=name)


def make_account(
    username: str,
    *,
    password: str | None = None,
    email: str | None = None,
    superuser: bool = False,
    **fields,
) -> User:
    """A login; `password=None` gives one that cannot log in with a password.
    `fields` set other User fields (first_name …)."""
    if superuser:
        fields.update(is_superuser=True, is_staff=True)
    user = User(
        username=username, email=f"{username}@example.com" if email is None else email, **fields
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    return user


def add_staff(council: Council, user: User, name: str = "담당자") -> User:
    Staff.objects.create(user=user, council=council, name=name)
    return user


def add_reviewer(department: Department, user: User, name: str = "검토자") -> User:
    Reviewer.objects.create(user=user, department=department, name=name)
    return user


def add_member(
    council: Council,
    user: User,
    *,
    name: str,
    affiliation: str = "학부모",
    term_start: dt.date = dt.date(2023, 1, 1),
    term_end: dt.date | None = None,
    role: str = Member.Position.MEMBER,
) -> Member:
    return Member.objects.create(
        user=user,
        council=council,
        name=name,
        role=role,
        affiliation=affiliation,
        term_start=term_start,
        term_end=term_end,
    )
