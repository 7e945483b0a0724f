"""The demo shows each state of issue 28: figures past the age limit, a facility past its
개소 예정일, and a 현황 조사 in progress with answers waiting for approval."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from council.notices.models import Notice
from facilities import freshness
from facilities.models import Facility
from facilities.survey_models import SurveyRound, SurveySubmission
from portal.demo import load_demo
from portal.demo.surveys import UNANSWERED, WAITING

SEOUL = ZoneInfo("Asia/Seoul")


def test_the_demo_has_old_figures_an_overdue_opening_and_a_round_in_progress(db, client, settings):
    settings.DEBUG = True
    today = dt.date(2026, 12, 7)
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, tzinfo=SEOUL), tick=False):
        load_demo()
        council = SurveyRound.objects.get().council
        survey = SurveyRound.objects.get()
        assert survey.is_open(today)
        waiting = SurveySubmission.objects.filter(status=SurveySubmission.Status.WAITING)
        assert {s.request.facility.code for s in waiting} == set(WAITING)
        stale = {f.code for f in freshness.needing_survey(council, today)}
        assert stale == {*UNANSWERED, *WAITING, "GJ-DH-002"}  # until staff approve
        planned = Facility.objects.get(code="GJ-DH-002")
        assert freshness.opening_unconfirmed(planned, today)

        html = client.get(reverse("finder:index", args=[council.slug])).content.decode()
        assert "개소 여부 확인 중" in html
        assert "3년 전 자료" in html
        client.force_login(survey.created_by)
        tracker = client.get(reverse("finder_staff:survey", args=[council.slug, survey.pk]))
        assert "검토 대기" in tracker.content.decode()
        # Every link went out through the outbox: e-mail to all, 문자 to those yet to answer.
        notices = Notice.objects.filter(event="survey_link")
        assert {n.state for n in notices} == {Notice.State.SENT}
        texted = {n.to for n in notices if n.channel == "sms"}
        assert len(texted) == len(UNANSWERED)
        assert "문자 · 보냄" in tracker.content.decode()
