"""Access cases for the 돌봄 공백 pages: every one is for the council's staff only."""

from tests.access import AccessCase, post_only, posted_as, staff_only
from tests.factories import make_meeting


def _council(world):
    return {"council": world.council.slug}


def _agenda_item(world):
    meeting = make_meeting(world.council, status="draft")
    return {
        "council": world.council.slug,
        "meeting": meeting.slug,
        "item_id": meeting.agenda_items.get().pk,
    }


CASES = [
    AccessCase("facilities:gaps", _council, staff_only()),
    AccessCase("facilities:gaps_xlsx", _council, staff_only()),
    AccessCase("facilities:gaps_settings", _council, staff_only()),
    AccessCase("facilities:population", _council, staff_only()),
    # Nothing is pending for anyone here: staff are sent back to the upload page.
    AccessCase(
        "facilities:population_confirm",
        _council,
        post_only(),
        post=posted_as(staff_only()),
        post_changes=False,
    ),
    AccessCase("facilities:dong_codes", _council, staff_only()),
    AccessCase("facilities:dong_list_import", _council, staff_only()),
    # Nothing is pending for anyone here: staff are sent back to the upload page.
    AccessCase(
        "facilities:dong_list_confirm",
        _council,
        post_only(),
        post=posted_as(staff_only()),
        post_changes=False,
    ),
    AccessCase("facilities:opendata", _council, staff_only()),
    AccessCase(
        "facilities:opendata_confirm",
        _council,
        post_only(),
        post=posted_as(staff_only()),
        post_changes=False,
    ),
]
