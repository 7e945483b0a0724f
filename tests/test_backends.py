"""The user's role arrives with the user: one query, whatever the role."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user
from django.test import RequestFactory

from council.access import council_id_of, role_of


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
        assert council_id_of(loaded) == world.council.pk
