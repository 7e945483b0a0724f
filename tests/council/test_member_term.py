"""The end-of-term rule: the queryset and the member's own methods agree on every edge."""

from __future__ import annotations

import datetime as dt

import pytest

from council.models import Member
from tests import factories

pytestmark = pytest.mark.django_db

START, END = dt.date(2023, 1, 1), dt.date(2023, 12, 20)


@pytest.mark.parametrize(
    ("day", "active", "ended"),
    [
        (dt.date(2022, 12, 31), False, False),  # not started yet
        (START, True, False),
        (END, True, False),  # the last day is still in office
        (END + dt.timedelta(days=1), False, True),
    ],
)
def test_a_term_includes_its_first_and_last_day(world, day, active, ended):
    member = factories.make_member(world.council, term_start=START, term_end=END)
    members = Member.objects.filter(pk=member.pk)
    assert member.is_active_on(day) is active
    assert members.active_on(day).exists() is active
    assert member.term_ended_by(day) is ended
    assert members.ended_by(day).exists() is ended
    assert members.not_ended_by(day).exists() is not ended


def test_a_term_without_an_end_never_ends(world):
    member = factories.make_member(world.council, term_start=START)
    far = dt.date(2099, 1, 1)
    assert member.is_active_on(far) and not member.term_ended_by(far)
    assert list(Member.objects.filter(pk=member.pk).active_on(far)) == [member]
    assert not Member.objects.filter(pk=member.pk).ended_by(far).exists()
