"""What each demo login sees (issue 14, item 15): the tour `loaddemo` prints is
true of the data, and the README tells the same logins."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from council.models import Council, Member
from portal.demo import demo_tour, load_demo

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = dt.date(2026, 12, 2)


def test_the_staff_dashboard_warns_of_the_term_ending_soon_and_names_the_contact(db):
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10), tzinfo=SEOUL), tick=False):
        load_demo()
        council = Council.objects.get(slug="geumjeong")
        assert council.has_contact
        ending = Member.objects.get(user__username="gj-member10")
        assert ending.term_end == TODAY + dt.timedelta(days=40)
        assert ending.in_office()  # still in office, and invited to the open meeting
        client = Client()
        client.force_login(council.staff.get().user)
        html = client.get(reverse("portal:dashboard", args=["geumjeong"])).content.decode()
        assert "임기가 곧 끝나거나 막 끝난 위원 1명" in html
        assert "임시우 · 2027. 1. 11. 임기 종료 예정" in html
        assert council.contact_phone in html  # the footer
        staff_line = dict(demo_tour(TODAY))["gj-staff"]
        assert "임기 만료 예정 1명" in staff_line and "2027. 1. 11." in staff_line


def test_the_readme_tells_what_each_demo_login_sees():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("What each demo login lands on")[1].split("\n## ")[0]
    for login, _what in demo_tour(TODAY):
        first = re.match(r"gj-[a-z]+\d*|admin", login).group(0)
        assert f"| `{first}`" in section, login
