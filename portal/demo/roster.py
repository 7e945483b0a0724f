"""The demo's accounts: the administrator, staff, the department reviewer and the
members, each with the known demo password."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from council.models import Council, Member
from council.notices import contacts as contact_services
from council.notices.models import Channel
from council.services import roster as roster_services
from portal.demo.council2026 import demo_2026_logins
from portal.demo.seed import DEMO_PASSWORD, DEPARTMENT, MEMBERS
from proposals import services as proposal_services
from proposals.models import Department


def demo_logins() -> list[tuple[str, str, str]]:
    """The demo accounts (role, username, password) that `load_demo` creates."""
    logins = [("시스템 관리자", "admin", DEMO_PASSWORD)]
    logins.append(("구청 담당자", "gj-staff", DEMO_PASSWORD))
    logins.append((f"부서 담당자 ({DEPARTMENT})", "gj-reviewer", DEMO_PASSWORD))
    logins += [(f"위원 {m.name} ({m.affiliation})", m.username, DEMO_PASSWORD) for m in MEMBERS]
    logins += demo_2026_logins(DEMO_PASSWORD)
    return logins


def set_password(user: User) -> None:
    # Demo accounts get a known password directly: it is not a good password, and
    # it is not meant to pass the validators real users face.
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])


def account(username: str, *, email: str, first_name: str, superuser: bool = False) -> User:
    user, _created = User.objects.get_or_create(username=username)
    user.email = email
    user.first_name = first_name
    user.is_superuser = user.is_staff = superuser
    user.save()
    set_password(user)
    return user


# Fake numbers (010-0000-xxxx is never assigned) for the members who chose 문자.
DEMO_MOBILES = {"gj-member02": "010-0000-0002", "gj-member05": "010-0000-0005"}


def build_roster(
    council: Council, department: Department, today: dt.date
) -> tuple[User, User, dict[str, Member]]:
    """The administrator, staff, the department's reviewer and the members, through
    the roster services; returns (staff user, reviewer user, members by username)."""
    account("admin", email="admin@example.com", first_name="관리자", superuser=True)
    staff_user = account("gj-staff", email="staff@example.com", first_name="한담당")
    roster_services.add_staff(council=council, user=staff_user, name="한담당")
    reviewer_user = account("gj-reviewer", email="reviewer@example.com", first_name="오검토")
    proposal_services.add_reviewer(department=department, user=reviewer_user, name="오검토")
    members = {}
    for i, m in enumerate(MEMBERS, start=1):
        User.objects.filter(username=m.username).delete()  # add_member makes the account
        member = roster_services.add_member(
            council=council,
            name=m.name,
            email=f"member{i:02d}@example.com",
            role=m.role,
            affiliation=m.affiliation,
            term_start=dt.date(2023, 1, 1),
            # Terms run past the current meeting, whatever day the demo is loaded.
            term_end=dt.date(today.year + 1, 12, 31),
            username=m.username,
            base_url="",
            send_link=False,
        )
        set_password(member.user)
        members[m.username] = member
    # Two members read 문자 rather than e-mail (consented when they joined).
    for username, mobile in DEMO_MOBILES.items():
        contact_services.set_contact(
            member=members[username],
            mobile=mobile,
            channel=Channel.SMS,
            consent=True,
            by=staff_user,
            now=dt.datetime(2023, 1, 2, 10, 0, tzinfo=ZoneInfo("Asia/Seoul")),
        )
    return staff_user, reviewer_user, members
