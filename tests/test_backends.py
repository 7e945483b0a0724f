"""The user's role arrives with the user: one query, whatever the role."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user
from django.test import RequestFactory

from council.access import council_of, role_of


@pytest.mark.parametrize("role", ["member", "reviewer", "staff"])
def test_it_loads_the_role_with_the_user_in_one_query(
    client, world, role, django_assert_num_queries
):
    user = world.user(role)
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    assert request.session[SESSION_KEY] == str(user.pk)
    with django_assert_num_queries(1):  # the user, joined with its role records
        loaded = get_user(request)
        assert role_of(loaded) == role
        assert council_of(loaded) == world.council


def test_another_councils_pages_are_404_without_asking_the_database(
    client, world, django_assert_num_queries
):
    from django.http import Http404

    from council.access import get_council_for_reader

    client.force_login(world.member.user)
    request = RequestFactory().get("/")
    request.session = client.session
    member_user = get_user(request)
    with django_assert_num_queries(0):
        assert get_council_for_reader(member_user, "geumjeong") == world.council
        for slug in ("haeundae", "no-such-council"):
            with pytest.raises(Http404):
                get_council_for_reader(member_user, slug)
