"""Access cases for the foundation's own URLs."""

from tests.access import AccessCase, everyone, post_only, staff_only


def _none(world):
    return {}


def _council(world):
    return {"council": world.council.slug}


CASES = [
    # Home redirects each role to its landing page.
    AccessCase("home", _none, everyone(302)),
    AccessCase("no_role", _none, everyone(302)),
    AccessCase(
        "council_list",
        _none,
        everyone(403, superuser=200),
    ),
    AccessCase(
        "council_create",
        _none,
        everyone(403, superuser=200),
    ),
    AccessCase(
        "login",
        _none,
        everyone(302, anonymous=200),
    ),
    # Everyone may log out and is sent to the login page (django-axes notes the logout
    # time on the login's record: an allowed POST that changes a row).
    AccessCase("logout", _none, everyone(405), post=everyone(302)),
    # A person's councils (council.seats): everyone sees their own; nobody here has a seat
    # to move to, so the switch is 404 (also for one's own account).
    AccessCase("my_councils", _none, everyone(200)),
    AccessCase(
        "switch_seat",
        lambda world: {"account": world.member.user.pk},
        everyone(405),
        post=everyone(404),
    ),
    AccessCase("password_change", _none, everyone(200)),
    # The second factor (issue 24, item 2): anyone signed in may enrol and verify;
    # new backup codes need a factor in use (nobody here has one: sent to enrol).
    AccessCase("two_factor_setup", _none, everyone(200)),
    AccessCase("two_factor_verify", _none, everyone(200)),
    AccessCase(
        "two_factor_backup_codes", _none, post_only(), post=everyone(302), post_changes=False
    ),
    AccessCase("council:two_factor_accounts", _council, staff_only()),
    AccessCase(
        "council:two_factor_reset",
        lambda world: {"council": world.council.slug, "user_id": world.reviewer.pk},
        staff_only(),
    ),
    # Unlocking another staff or reviewer account of the council (the roster's 담당
    # 공무원·검토 부서): the same staff page as a member's unlock.
    AccessCase(
        "council:account_unlock",
        lambda world: {"council": world.council.slug, "user_id": world.reviewer.pk},
        staff_only(),
    ),
    # Giving a login a staff seat on another council: the administrator's page; the
    # council's own staff 403, other councils' 404 (council.access.get_council_for_admin).
    AccessCase("staff_seat_add", _council, staff_only(staff=403)),
    AccessCase("password_change_done", _none, everyone(200)),
    AccessCase("password_reset", _none, everyone(200, anonymous=200)),
    AccessCase("password_reset_done", _none, everyone(200, anonymous=200)),
    AccessCase(
        "password_reset_confirm",
        lambda world: {"uidb64": "MQ", "token": "bad-token"},
        everyone(200, anonymous=200),
    ),
    AccessCase("password_reset_complete", _none, everyone(200, anonymous=200)),
    AccessCase(
        "portal:dashboard",
        _council,
        {
            "anonymous": 302,
            "member": 403,
            "other_member": 403,
            "former_member": 403,
            "reviewer": 403,
            "other_reviewer": 403,
            "staff": 200,
            "other_council_staff": 404,
            "superuser": 200,
        },
    ),
    AccessCase(
        "council:my_meetings",
        _council,
        {
            "anonymous": 302,
            "member": 200,
            "other_member": 200,
            # Their home: the meetings they were invited to, read-only.
            "former_member": 200,
            "reviewer": 403,
            "other_reviewer": 403,
            "staff": 403,
            "other_council_staff": 404,
            "superuser": 403,
        },
    ),
    AccessCase(
        "proposals:review_home",
        _council,
        {
            "anonymous": 302,
            "member": 403,
            "other_member": 403,
            "former_member": 403,
            "reviewer": 200,
            "other_reviewer": 200,
            "staff": 403,
            "other_council_staff": 404,
            "superuser": 403,
        },
    ),
    AccessCase("archive:index", _none, everyone(200, anonymous=200)),
]
