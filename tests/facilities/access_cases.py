"""Access cases for the facility registry's URLs."""

from tests.access import AccessCase, everyone, post_only, staff_only
from tests.facilities.factories import make_facility

# Members in office and reviewers of the council read; a former member no longer
# does (403); other councils get 404.
READERS = everyone(200, other_council_staff=404, former_member=403)


def _council(world):
    return {"council": world.council.slug}


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
    AccessCase("facilities:import_confirm", _council, post_only()),
]
