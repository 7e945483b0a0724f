"""Every URL pattern × every role, with the expected status; and no pattern left out.

GET for every case; for POST-only URLs also a POST by every role, where a refused
POST must change nothing in the database.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import reverse

from tests.access import ROLES, AccessCase, db_state, post_only, state_changes
from tests.url_catalog import iter_patterns

TESTS_DIR = Path(__file__).resolve().parent


def _all_cases() -> list[AccessCase]:
    cases: list[AccessCase] = []
    for module in pkgutil.walk_packages([str(TESTS_DIR)], prefix="tests."):
        if module.name.endswith(".access_cases"):
            cases.extend(importlib.import_module(module.name).CASES)
    return cases


CASES = _all_cases()


def _case_id(case: AccessCase) -> str:
    return f"{case.name}{'[' + case.label + ']' if case.label else ''}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_access(case: AccessCase, world, client):
    kwargs = case.kwargs(world)
    url = reverse(case.name, kwargs=kwargs)
    failures = []
    for role in ROLES:
        client.logout()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        expected = case.expect[role]
        if response.status_code != expected:
            failures.append(f"{role}: expected {expected}, got {response.status_code}")
        elif expected == 302 and role == "anonymous" and not case.follow_redirect_ok:
            assert response["Location"].startswith(reverse("login")), url
    assert not failures, f"{url}\n" + "\n".join(failures)


def test_every_url_pattern_is_in_the_matrix():
    covered = {case.name for case in CASES}
    patterns = {name for name, _ in iter_patterns()}
    missing = sorted(patterns - covered)
    assert not missing, f"URL patterns missing from the access matrix: {missing}"


POST_CASES = [(case, role) for case in CASES if case.post is not None for role in ROLES]


@pytest.mark.parametrize(
    ("case", "role"), POST_CASES, ids=[f"{_case_id(case)}-{role}" for case, role in POST_CASES]
)
def test_post(case: AccessCase, role: str, world, client):
    kwargs = case.kwargs(world)
    url = reverse(case.name, kwargs=kwargs)
    data = case.data(world, kwargs) if case.data else {}
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    before = db_state()
    response = client.post(url, data)
    expected = case.post[role]
    assert response.status_code == expected, f"{role} POST {url}: got {response.status_code}"
    changes = state_changes(before, db_state())
    if case.post_allowed(role):
        # The body is a real change (so the refusals below prove something).
        assert bool(changes) == case.post_changes, f"{role} POST {url}: {changes}"
        return
    if role == "anonymous" and expected == 302:  # a public endpoint refuses without redirect
        assert response["Location"].startswith(reverse("login")), url
    assert not changes, f"{role} POST {url} was refused ({expected}) but changed: {changes}"


def test_every_post_only_url_is_posted_by_every_role():
    unposted = sorted(
        _case_id(case) for case in CASES if case.expect == post_only() and case.post is None
    )
    assert not unposted, f"POST-only URLs without a POST row: {unposted}"
