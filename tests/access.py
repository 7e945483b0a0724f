"""The access matrix's vocabulary: each app lists its URLs in `tests/<app>/access_cases.py`.

An `AccessCase` names a URL pattern, builds what the URL needs from the
shared `World` (tests/conftest.py) and returns the URL's kwargs, and says
which status each role gets for a GET:

    200  the page is shown          302  sent to the login page (anonymous)
    403  same council, wrong role   404  not theirs (other council/department/member)
    405  POST-only action URL (GET refused)

`former_member` is a member whose term ended before the world's meetings:
invited to none of them unless a case says so, so every meeting page is 404
for them, and the council's current pages (registry, staff pages) 403.

`tests/test_access_matrix.py` runs every case for every role and fails when a
URL pattern of the project has no case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")


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
