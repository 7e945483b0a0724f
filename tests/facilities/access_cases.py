"""Access cases for the facility registry's URLs."""

from tests.access import AccessCase, everyone, post_only, posted_as, staff_only
from tests.factories import make_draft_meeting, make_facility

# Members in office and reviewers of the council read; a former member no longer
# does (403); other councils get 404.
READERS = everyone(200, other_council_staff=404, former_member=403)


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
]


# --- the public finder and its staff pages ---------------------------------------------------


def _public_facility(world):
    facility = make_facility(world.council, code="GJ-DH-001", is_public=True)
    return {"council": world.council.slug, "code": facility.code}


def _private_facility(world):
    facility = make_facility(world.council, code="GJ-DH-001", is_public=False)
    return {"council": world.council.slug, "code": facility.code}


def _dong(world):
    return {"council": world.council.slug, "dong_id": world.council.dongs.first().pk}


def _short(world):
    return {"council": world.council.slug, "dong": world.council.dongs.first().pk}


def _correction(world):
    from facilities.models import CorrectionRequest

    facility = make_facility(world.council, is_public=True)
    correction = CorrectionRequest.objects.create(
        facility=facility, message="전화번호가 다릅니다.", client_key="test"
    )
    return {"council": world.council.slug, "pk": correction.pk}


PUBLIC = {role: 200 for role in everyone(200)}

CASES += [
    AccessCase("finder:index", _council, PUBLIC),
    AccessCase("finder:facility", _public_facility, PUBLIC),
    AccessCase(
        "finder:facility",
        _private_facility,
        {role: 404 for role in PUBLIC},
        label="not public",
    ),
    AccessCase("finder:open_data", _council, PUBLIC),
    AccessCase("finder:open_data_csv", _council, PUBLIC),
    AccessCase("finder:open_data_json", _council, PUBLIC),
    AccessCase("finder:correction", _public_facility, PUBLIC),
    AccessCase("finder:correction_sent", _public_facility, PUBLIC),
    AccessCase("finder_short", _short, everyone(302), follow_redirect_ok=True),
    AccessCase("set_language", lambda world: {}, {role: 405 for role in PUBLIC}),
    AccessCase("finder_staff:home", _council, staff_only()),
    AccessCase("finder_staff:settings", _council, staff_only()),
    AccessCase("finder_staff:dong", _dong, staff_only()),
    AccessCase("finder_staff:corrections", _council, staff_only()),
    AccessCase("finder_staff:correction", _correction, staff_only()),
    AccessCase(
        "finder_staff:correction_resolve",
        _correction,
        post_only(),
        post=posted_as(staff_only()),
        data=lambda world, kwargs: {"staff_note": "전화번호를 고쳤습니다."},
    ),
    AccessCase("finder_staff:flyers", _council, staff_only()),
    # Without a chosen 동 or school the PDF link sends staff back to the choice.
    AccessCase("finder_staff:flyer_pdf", _council, staff_only(staff=302, superuser=302)),
]
