"""The access matrix's vocabulary: each app lists its URLs in `tests/<app>/access_cases.py`.

An `AccessCase` names a URL pattern, builds what the URL needs from the
shared `World` (tests/factories.py) and returns the URL's kwargs, and says
which status each role gets for a GET:

    200  the page is shown          302  sent to the login page (anonymous)
    403  same council, wrong role   404  not theirs (other council/department/member)
    405  POST-only action URL (GET refused)

A POST-only URL also says what each role gets for a POST (`post`, with the
body staff would send, `data`): 302 for a role allowed to act (the action's
redirect; anonymous: the login page), 403/404 as for a GET of the page. A
refused POST must leave every row of the database, and the mail outbox, as
they were (`db_state`).

`former_member` is a member whose term ended before the world's meetings:
invited to none of them unless a case says so, so every meeting page is 404
for them, and the council's current pages (registry, staff pages) 403.

`tests/test_access_matrix.py` runs every case for every role and fails when a
URL pattern of the project has no case, or a POST-only URL has no POST row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROLES = (
    "anonymous",
    "member",
    "other_member",
    "former_member",
    "reviewer",
    "other_reviewer",
    "staff",
    "other_council_staff",
    "superuser",
)


@dataclass(frozen=True)
class AccessCase:
    name: str
    kwargs: Callable[..., dict]
    expect: dict[str, int]
    # Where the same pattern needs a second look (e.g. a draft and a published meeting).
    label: str = ""
    follow_redirect_ok: bool = False
    # POST-only URLs: each role's status for a POST, and the body (world, kwargs) -> dict.
    post: dict[str, int] | None = None
    data: Callable[..., dict] | None = None
    # Whether an allowed POST with `data` changes the database or sends mail (most do;
    # confirming an import with nothing pending, or logging out, does not).
    post_changes: bool = True

    def __post_init__(self) -> None:
        for expect in (self.expect, self.post or {role: 0 for role in ROLES}):
            missing = set(ROLES) - set(expect)
            if missing:
                raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")

    def post_allowed(self, role: str) -> bool:
        """The role may act: its POST runs the action (a logged-in role answered with 302)."""
        # 302: the action's redirect; 200: a JSON endpoint's answer (the autosave).
        return role != "anonymous" and self.post is not None and self.post[role] in (200, 302)


def everyone(status: int, **overrides: int) -> dict[str, int]:
    """Expectations with every logged-in role at `status`, anonymous at 302."""
    expect = {role: status for role in ROLES}
    expect["anonymous"] = 302
    expect.update(overrides)
    return expect


def staff_only(**overrides: int) -> dict[str, int]:
    """A council staff page: other roles of the council 403, other councils 404."""
    expect = {
        "anonymous": 302,
        "member": 403,
        "other_member": 403,
        "former_member": 403,
        "reviewer": 403,
        "other_reviewer": 403,
        "staff": 200,
        "other_council_staff": 404,
        "superuser": 200,
    }
    expect.update(overrides)
    return expect


def post_only() -> dict[str, int]:
    """A state-changing URL: GET is refused for every logged-in role."""
    return everyone(405)


def posted_as(expect: dict[str, int]) -> dict[str, int]:
    """POST expectations from a page's GET ones: where the page is shown (200), the action
    runs and redirects (302); everyone else is refused as the page refuses them."""
    return {role: 302 if status == 200 else status for role, status in expect.items()}


# Rows every request may write: the session (saved on each request).
_VOLATILE_MODELS = {"sessions.Session"}


def db_state() -> dict[str, Any]:
    """Every row of every model, and the subjects of the mail sent, for before/after checks."""
    from django.apps import apps
    from django.core import mail

    state: dict[str, Any] = {}
    for model in apps.get_models():
        if model._meta.label in _VOLATILE_MODELS:
            continue
        state[model._meta.label] = list(model._base_manager.order_by("pk").values())
    state["mail.outbox"] = [message.subject for message in mail.outbox]
    return state


def state_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The models (and the outbox) whose rows differ, with their row counts."""
    return [
        f"{label}: {len(before[label])} rows before, {len(after[label])} after"
        for label in before
        if before[label] != after[label]
    ]
