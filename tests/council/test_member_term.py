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
    assert member.in_office(day) is active
    assert members.active_on(day).exists() is active
    assert member.term_ended_by(day) is ended
    assert members.ended_by(day).exists() is ended
    assert members.not_ended_by(day).exists() is not ended


def test_a_term_without_an_end_never_ends(world):
    member = factories.make_member(world.council, term_start=START)
    far = dt.date(2099, 1, 1)
    assert member.in_office(far) and not member.term_ended_by(far)
    assert list(Member.objects.filter(pk=member.pk).active_on(far)) == [member]
    assert not Member.objects.filter(pk=member.pk).ended_by(far).exists()


def test_the_database_refuses_a_term_ending_before_it_starts(world):
    """The term rule is also a constraint: a script or the admin cannot store it either."""
    from django.db import IntegrityError, transaction

    member = factories.make_member(world.council, term_start=START, term_end=END)
    member.term_end = START - dt.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save(update_fields=["term_end"])
    member.term_end = START  # a one-day term is a term
    member.save(update_fields=["term_end"])
    assert Member.term_refusal(START, START) is None
    assert "빠를 수 없습니다" in Member.term_refusal(START, START - dt.timedelta(days=1))


def test_the_member_form_says_why_and_only_once(world):
    """The model's rule reaches the roster form as one Korean message on the end date
    (not the database constraint's English one)."""
    from council.forms import MemberForm

    member = world.member
    data = {
        "name": member.name,
        "email": "m@example.com",
        "role": member.role,
        "affiliation": member.affiliation,
        "term_start": "2024-01-01",
        "term_end": "2023-12-31",
    }
    form = MemberForm(data, instance=member)
    assert not form.is_valid()
    assert form.errors["term_end"] == ["임기 종료일은 임기 시작일보다 빠를 수 없습니다."]
    assert "__all__" not in form.errors
