"""The same survey link submitted twice at once (a double tap, two tabs): one waiting
change. Real concurrency needs PostgreSQL's row locks (the PostgreSQL pass of make test)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from facilities import surveys
from facilities.survey_models import SurveySubmission
from tests.council.test_opinion_race import _race
from tests.factories import add_figures, make_facility, start_survey

TIMES = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_form", [True, False])
def test_a_link_sent_twice_at_once_gives_one_change(world, same_form):
    assert connection.vendor == "postgresql"
    today = timezone.localdate()
    facility = make_facility(world.council, code="RACE-1")
    add_figures(facility, today - dt.timedelta(days=400), 30, 20)
    survey = start_survey(world, [facility], today=today)
    url = reverse("survey_form", args=[surveys.link_token(survey.requests.get())])
    for round_number in range(TIMES):
        bodies = [
            {
                "capacity": "30",
                "enrolled": str(20 + i),
                "waiting": "0",
                "form_nonce": f"same-{round_number}" if same_form else f"tab-{round_number}-{i}",
            }
            for i in range(2)
        ]
        answers = _race([(Client(), url, body) for body in bodies])
        assert [a.status_code for a in answers] == [302, 302]
        assert SurveySubmission.objects.filter(status="waiting").count() == 1
