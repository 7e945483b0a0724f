"""Access cases for the staff audit log."""

from tests.access import AccessCase, staff_only


def _council(world):
    return {"council": world.council.slug}


CASES = [
    AccessCase("council:audit_log", _council, staff_only()),
]
