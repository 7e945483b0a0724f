"""Access cases for the facility registry's URLs."""

from tests.access import AccessCase, everyone, post_only, posted_as, staff_only
from tests.factories import make_draft_meeting, make_facility

# Members and reviewers of the council read; other councils get 404.
READERS = everyone(200, other_council_staff=404)


def _council(world):
    return {"council": world.council.slug}


def _draft_item(world):
    meeting = make_draft_meeting(world.council)
    return {
        "council": world.council.slug,
        "meeting": meeting.slug,
        "item_id": meeting.agenda_items.first().pk,
    }


def _facility(world):
    facility = make_facility(world.council, code="GJ-DH-001")
    return {"council": world.council.slug, "code": facility.code}


CASES = [
    AccessCase("facilities:list", _council, READERS),
    AccessCase("facilities:report", _council, READERS),
    AccessCase("facilities:report_xlsx", _council, READERS),
    AccessCase("facilities:detail", _facility, READERS),
    AccessCase("facilities:create", _council, staff_only()),
    AccessCase("facilities:edit", _facility, staff_only()),
    AccessCase("facilities:figures_create", _facility, staff_only()),
    AccessCase("facilities:export", _council, staff_only()),
    AccessCase("facilities:import", _council, staff_only()),
    AccessCase("facilities:import_template", _council, staff_only()),
    # Nothing is pending for anyone here: staff are sent back to the upload page.
    AccessCase(
        "facilities:import_confirm",
        _council,
        post_only(),
        post=posted_as(staff_only()),
        post_changes=False,
    ),
    # A meeting in preparation is known only to staff (404 for the others, not 403).
    AccessCase(
        "facilities:agenda_snapshot",
        _draft_item,
        staff_only(member=404, other_member=404, reviewer=404, other_reviewer=404),
    ),
]
