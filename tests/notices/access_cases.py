"""Access cases for the notice URLs (council.notices.views)."""

from council.notices.outbox import opt_out_token
from tests.access import AccessCase, everyone, post_only, posted_as, staff_only
from tests.factories import make_open_meeting


def _council(world):
    return {"council": world.council.slug}


def _member(world):
    return {"council": world.council.slug, "member_id": world.member.pk}


def _open(world):
    meeting = make_open_meeting(world.council, invite=[world.member])
    return {"council": world.council.slug, "meeting": meeting.slug}


def _template(world):
    return {"council": world.council.slug, "event": "round_opened"}


def _template_data(world, kwargs):
    return {"template_id": "KA01TP1", "status": "requested"}


def _token(world):
    return {"token": opt_out_token(world.member)}


MEMBERS_OWN = {
    "anonymous": 302,
    "member": 200,
    "other_member": 200,
    "former_member": 200,
    "reviewer": 403,
    "other_reviewer": 403,
    "staff": 403,
    "other_council_staff": 404,
    "superuser": 403,
}

CASES = [
    AccessCase("council:my_notices", _council, MEMBERS_OWN),
    AccessCase("council:notices", _council, staff_only()),
    AccessCase("council:member_contact", _member, staff_only()),
    AccessCase("council:meeting_notices", _open, staff_only(former_member=404)),
    # The deadline extension: its form (GET) and confirmation (POST) are staff's.
    AccessCase("council:meeting_extend", _open, staff_only(former_member=404)),
    AccessCase(
        "council:notice_template",
        _template,
        post_only(),
        post=posted_as(staff_only()),
        data=_template_data,
    ),
    # The opt-out link in a 문자: anyone holding it (signed; a forged one is 404).
    AccessCase("notice_opt_out", _token, everyone(200, anonymous=200)),
    # The provider's delivery reports: POST only, refused without the secret address.
    AccessCase(
        "notice_report",
        lambda world: {"secret": "guess"},
        everyone(405, anonymous=405),
        post=everyone(403, anonymous=403),
        post_changes=False,
    ),
]
