"""lib.compiled: a queryset's SQL compiled once per input, then run as Django would run
it — the same answers as the ORM, on SQLite and PostgreSQL, each time from the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F, QuerySet
from django.test.utils import CaptureQueriesContext

from council.models import Category, Member
from lib import compiled
from tests.factories import make_council, make_member

pytestmark = pytest.mark.django_db

BUILT: list[tuple] = []


def members_query(council_id: int, since: dt.date) -> QuerySet[Member]:
    BUILT.append((council_id, since))
    return Member.objects.filter(council_id=council_id, term_start__gte=since).order_by("pk")


def terms_query(council_id: int) -> QuerySet[Member]:
    return (
        Member.objects.filter(council_id=council_id)
        .annotate(days=F("term_end") - F("term_start"))
        .values_list("name", "term_start", "term_end")
        .order_by("pk")
    )


def categories_with_council_query(council_id: int) -> QuerySet[Category]:
    return Category.objects.filter(council_id=council_id).select_related("council")


def _world():
    council, other = make_council(), make_council(slug="nowon", district="노원구")
    new = make_member(council, name="새 위원", term_start=dt.date(2025, 1, 1))
    make_member(council, name="전 위원", term_start=dt.date(2020, 1, 1))
    make_member(other, term_start=dt.date(2025, 1, 1))
    return council, other, new


def test_the_same_answers_as_the_orm_and_fresh_each_time():
    council, other, new = _world()
    since = dt.date(2024, 1, 1)
    assert compiled.count(members_query, council.pk, since) == 1
    assert compiled.instances(members_query, council.pk, since) == [new]
    assert compiled.count(members_query, other.pk, since) == 1  # another input: its own SQL
    # The rows come from the database every time, not from memory.
    make_member(council, name="또 새 위원", term_start=dt.date(2025, 6, 1))
    assert compiled.count(members_query, council.pk, since) == 2
    assert [m.name for m in compiled.instances(members_query, council.pk, since)] == [
        "새 위원",
        "또 새 위원",
    ]


def test_compiled_once_per_input_and_still_one_logged_query():
    council, _other, _new = _world()
    BUILT.clear()
    since = dt.date(2024, 1, 1)
    compiled.forget()
    compiled.count(members_query, council.pk, since)
    with CaptureQueriesContext(connection) as queries:
        compiled.count(members_query, council.pk, since)
        compiled.count(members_query, council.pk, since)
    assert BUILT == [(council.pk, since)]  # built and compiled once
    assert len(queries) == 2  # run each time, and counted like any other query


def test_rows_are_converted_as_django_converts_them():
    council, _other, _new = _world()
    expected = list(terms_query(council.pk))
    rows = compiled.rows(terms_query, council.pk)
    assert rows == expected
    assert isinstance(rows[0][1], dt.date)  # a date, also on SQLite (which stores text)


def names_query(council_id: int) -> QuerySet[Member]:
    return (
        Member.objects.filter(council_id=council_id)
        .only("pk", "name", "council_id")
        .annotate(seat=F("role"))
        .order_by("pk")
    )


def test_instances_keep_deferred_fields_and_annotations():
    council, _other, new = _world()
    found = compiled.instances(names_query, council.pk)
    orm = list(names_query(council.pk))
    assert [(m.pk, m.name, m.seat) for m in found] == [(m.pk, m.name, m.seat) for m in orm]
    assert "term_start" in found[0].get_deferred_fields()
    assert found[0].term_start == new.term_start  # loaded on demand, as the ORM does


def chosen_query(ids: tuple[int, ...]) -> QuerySet[Member]:
    return Member.objects.filter(pk__in=ids).order_by("pk")


def test_an_empty_choice_matches_nothing_without_asking_the_database():
    council, _other, new = _world()
    with CaptureQueriesContext(connection) as queries:
        assert compiled.count(chosen_query, ()) == 0
        assert compiled.instances(chosen_query, ()) == []
        assert compiled.rows(chosen_query, ()) == []
    assert len(queries) == 0  # as the ORM answers an empty `__in`
    assert compiled.instances(chosen_query, (new.pk,)) == [new]
    assert compiled.count(first_two_query, council.pk) == 2  # a slice counts as the ORM does


def first_two_query(council_id: int) -> QuerySet[Member]:
    return Member.objects.filter(council_id=council_id).order_by("pk")[:2]


def test_refuses_what_it_cannot_key_or_run():
    council, _other, _new = _world()
    with pytest.raises(TypeError):
        compiled.count(members_query, council, dt.date(2024, 1, 1))  # a model: any field
    with pytest.raises(TypeError):
        compiled.count(lambda: Member.objects.all())
    with pytest.raises(ValueError):
        compiled.instances(categories_with_council_query, council.pk)


def test_a_settings_change_forgets_the_statements(settings):
    council, _other, _new = _world()
    since = dt.date(2024, 1, 1)
    compiled.count(members_query, council.pk, since)
    BUILT.clear()
    settings.TIME_ZONE = "Asia/Seoul"  # any change
    compiled.count(members_query, council.pk, since)
    assert BUILT == [(council.pk, since)]
