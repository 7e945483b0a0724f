"""Shared fixtures: one council with one named user per role, and a second council."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from council.models import Council, Member
from proposals.models import Department
from tests import factories

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class World:
    council: Council
    department: Department
    other_department: Department
    staff: User
    member: Member
    other_member: Member
    former_member: Member
    reviewer: User
    other_reviewer: User
    superuser: User
    other_council: Council
    other_council_staff: User

    def user(self, role: str) -> User | None:
        return {
            "anonymous": None,
            "member": self.member.user,
            "other_member": self.other_member.user,
            "former_member": self.former_member.user,
            "reviewer": self.reviewer,
            "other_reviewer": self.other_reviewer,
            "staff": self.staff,
            "other_council_staff": self.other_council_staff,
            "superuser": self.superuser,
        }[role]


@pytest.fixture
def world(db) -> World:
    council = factories.make_council()
    department = factories.make_department(council)
    other_department = factories.make_department(council, "교육지원과")
    other_council = factories.make_council("haeundae", "해운대구")
    return World(
        council=council,
        department=department,
        other_department=other_department,
        staff=factories.make_staff(council, "staff"),
        member=factories.make_member(council, "member", name="김위원"),
        other_member=factories.make_member(council, "member2", name="이위원"),
        # Term ended before any of the tests' meetings (2023): invited to none of them.
        former_member=factories.make_member(
            council,
            "former",
            name="박전위원",
            term_start=dt.date(2021, 1, 1),
            term_end=dt.date(2022, 12, 31),
        ),
        reviewer=factories.make_reviewer(department, "reviewer"),
        other_reviewer=factories.make_reviewer(other_department, "reviewer2"),
        superuser=factories.make_user("root", is_superuser=True, is_staff=True),
        other_council=other_council,
        other_council_staff=factories.make_staff(other_council, "staff_hd"),
    )


def client_for(client, user: User | None):
    if user is not None:
        client.force_login(user)
    return client
