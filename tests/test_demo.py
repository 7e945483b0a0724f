"""The demo builder: one copy, faithful to the seed, and current on any day it is loaded."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count

from council.models import Council, Meeting, Member, Opinion, OpinionPoint
from facilities.models import Facility
from portal.demo import load_demo
from proposals.models import DepartmentResponse, Proposal

SEOUL = ZoneInfo("Asia/Seoul")


def test_loaddemo_rebuilds_one_copy_and_matches_the_seed(db, capsys, settings):
    settings.DEBUG = True
    call_command("loaddemo")
    call_command("loaddemo")  # a rebuild, not a second copy
    out = capsys.readouterr().out
    assert "gj-staff" in out and "gj-member01" in out
    assert "What each login lands on" in out
    council = Council.objects.get(slug="geumjeong")
    # The seed council and, beside it, the 2026 지역 초등돌봄·교육 협의체 (one copy each).
    assert Council.objects.count() == 2
    assert council.kind == Council.Kind.CHILD_CARE
    assert council.purpose == "지역 맞춤형 돌봄체계 강화 및 돌봄사각지대 해소"
    assert Member.objects.filter(council=council).count() == 10
    meeting = Meeting.objects.get(council=council, slug="2023-h2")
    assert meeting.status == Meeting.Status.PUBLISHED  # the seed's meeting is history
    assert meeting.publications.count() == 1
    assert meeting.invitations.count() == 10
    assert meeting.opinions.filter(status=Opinion.Status.SUBMITTED).count() == 7
    assert Proposal.objects.filter(meeting=meeting).count() == 6
    assert DepartmentResponse.objects.filter(status="final").count() == 6
    assert OpinionPoint.objects.filter(opinion__meeting=meeting, proposals=None).count() == 1
    facilities = Facility.objects.filter(council=council).annotate(records=Count("figures"))
    assert facilities.count() == 14 and {f.records for f in facilities} == {2}
    snapshot = meeting.agenda_items.get(order=1).snapshot
    planned = Facility.objects.get(code="GJ-DH-002")
    assert planned.status == Facility.Status.PLANNED
    by_kind = snapshot["tables"][0]
    assert by_kind["footer"][:2] == ["합계", str(facilities.count() - 1)]  # not yet open in 2023
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "금정구 초등돌봄 기관별 현황",
        "2023년 금정구 돌봄사업 추진실적 보고",
        "지역돌봄협의체 운영방향 논의",
    ]


@pytest.mark.parametrize("today", [dt.date(2026, 12, 2), dt.date(2031, 3, 15)])
def test_the_demo_is_current_on_the_day_it_is_loaded(db, settings, today):
    """Whatever the date, members have an open meeting to write for and staff a round to run."""
    settings.DEBUG = True
    now = dt.datetime.combine(today, dt.time(10, 0), tzinfo=SEOUL)
    with time_machine.travel(now, tick=False):
        load_demo()
        current = Meeting.objects.filter(council__slug="geumjeong").exclude(slug="2023-h2").get()
        assert current.accepts_opinions()
        assert current.period_start <= today <= current.deadline.date()
        assert dt.timedelta(days=2) < current.deadline - now < dt.timedelta(days=5)
        assert current.invitations.count() == 10  # every term covers today
        assert all(m.in_office() for m in Member.objects.all())
        edu = Meeting.objects.get(council__slug="geumjeong-edu")
        assert edu.accepts_opinions() and edu.period_start <= today <= edu.deadline.date()
        opinions = current.opinions
        assert opinions.filter(status=Opinion.Status.SUBMITTED).count() == 4
        assert opinions.filter(status=Opinion.Status.DRAFT).count() == 2
        assert not opinions.filter(member__user__username="gj-member01").exists()


def test_loaddemo_refuses_in_production_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=false"):
        call_command("loaddemo")
    call_command("loaddemo", "--force")
    assert Council.objects.filter(slug="geumjeong").exists()


def test_a_second_make_run_prints_the_logins_without_reloading(db, capsys, settings):
    settings.DEBUG = True
    call_command("loaddemo", "--if-empty")
    Member.objects.filter(user__username="gj-member01").update(name="바뀐 이름")
    capsys.readouterr()
    call_command("loaddemo", "--if-empty")
    out = capsys.readouterr().out
    assert "not loaded again" in out
    assert "gj-staff" in out and "dolbom-demo-2023" in out
    assert Member.objects.get(user__username="gj-member01").name == "바뀐 이름"


def test_the_demo_tells_the_2026_story(db, settings, client):
    """금정구 keeps its 2023 council and runs a 지역 초등돌봄·교육 협의체 beside it."""
    settings.DEBUG = True
    today = dt.date(2026, 12, 2)
    with time_machine.travel(dt.datetime.combine(today, dt.time(10), tzinfo=SEOUL), tick=False):
        load_demo()
        edu = Council.objects.get(slug="geumjeong-edu")
        assert edu.kind == Council.Kind.ELEMENTARY and edu.district == "금정구"
        assert edu.purpose.startswith("학교와 지역이 함께하는")
        sectors = set(edu.members.values_list("sector", flat=True))
        assert "education_office" in sectors
        kinds = set(Facility.objects.filter(council=edu).values_list("kind", flat=True))
        assert {Facility.Kind.SCHOOL, Facility.Kind.ONDONGNE} <= kinds
        assert (
            not Facility.objects.filter(council=edu, saturday_opens_at__isnull=True)
            .filter(kind=Facility.Kind.ONDONGNE)
            .exists()
        )
        client.force_login(User.objects.get(username="gj-edustaff"))
        page = client.get(f"/c/{edu.slug}/facilities/gaps/")
        focus = page.context["focus"]
        assert focus["band"] == "초3" and focus["total"]["children"] > 0
        roster = client.get(f"/c/{edu.slug}/members/").content.decode()
        assert "교육지원청 2" in roster and "학교 4" in roster  # 3 + the shared teacher
        meeting = Meeting.objects.get(council=edu)
        assert meeting.title.endswith("금정구 지역 초등돌봄·교육 협의체 회의")
        assert meeting.agenda_items.first().snapshot["source"] == "care_gaps"


def test_the_demo_has_one_person_on_two_councils(db, settings, client):
    settings.DEBUG = True
    load_demo()
    load_demo()  # rebuilt, seats included
    client.force_login(User.objects.get(username="gj-member03"))
    page = client.get("/my/councils/")
    councils = {item["slug"] for item in page.context["menu"]}
    assert councils == {"geumjeong", "geumjeong-edu"}
    assert {r["council"].slug for r in page.context["rounds"]} == councils
    client.force_login(User.objects.get(username="gj-staff"))
    assert len(client.get("/my/councils/").context["menu"]) == 2
