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


# --- 현황 조사 rounds (facilities.surveys) -----------------------------------------------------


def _survey_round(world):
    import datetime as dt

    from django.utils import timezone

    from facilities import surveys

    facility = make_facility(world.council, code="GJ-DH-001", contact_email="a@centre.example")
    today = timezone.localdate()
    survey = surveys.start_round(
        council=world.council,
        user=None,
        title="현황 조사",
        survey_date=today,
        closes_on=today + dt.timedelta(days=7),
        facilities=[facility],
    )
    return survey


def _round(world):
    return {"council": world.council.slug, "pk": _survey_round(world).pk}


def _survey_link(world):
    return {"council": world.council.slug, "pk": _survey_round(world).requests.get().pk}


def _answer(world):
    from facilities.survey_models import SurveySubmission

    request = _survey_round(world).requests.get()
    values = {"capacity": 30, "enrolled": 20, "waiting": 0}
    submission = SurveySubmission.objects.create(request=request, values=values)
    return {"council": world.council.slug, "pk": submission.pk}


def _token(world):
    from facilities import surveys

    return {"token": surveys.link_token(_survey_round(world).requests.get())}


def _other_facilitys_token(world):
    """A holder of facility A's link trying facility B's request with A's secret."""
    from facilities import surveys

    survey = _survey_round(world)
    other = make_facility(world.council, code="GJ-DH-002")
    request_b = survey.requests.create(facility=other)
    token_a = surveys.link_token(survey.requests.exclude(pk=request_b.pk).get())
    return {"token": f"{request_b.pk}-{token_a.split('-', 1)[1]}"}


CASES += [
    AccessCase("finder_staff:surveys", _council, staff_only()),
    AccessCase("finder_staff:survey_new", _council, staff_only()),
    AccessCase("finder_staff:survey", _round, staff_only()),
    AccessCase("finder_staff:survey_xlsx", _round, staff_only()),
    AccessCase("finder_staff:survey_remind", _round, post_only(), post=posted_as(staff_only())),
    AccessCase(
        "finder_staff:survey_end",
        _round,
        post_only(),
        post=posted_as(staff_only()),
        data=lambda world, kwargs: {"action": "close", "confirm": "yes"},
    ),
    AccessCase(
        "finder_staff:survey_link",
        _survey_link,
        post_only(),
        post=posted_as(staff_only()),
        data=lambda world, kwargs: {"action": "revoke"},
    ),
    AccessCase("finder_staff:survey_answer", _answer, staff_only()),
    AccessCase(
        "finder_staff:survey_answer_approve", _answer, post_only(), post=posted_as(staff_only())
    ),
    AccessCase(
        "finder_staff:survey_answer_return",
        _answer,
        post_only(),
        post=posted_as(staff_only()),
        data=lambda world, kwargs: {"reason": "다시 확인해 주세요."},
    ),
    # The facility's own link: anyone holding it, with or without an account.
    AccessCase("survey_form", _token, PUBLIC),
    AccessCase("survey_done", _token, PUBLIC),
    AccessCase(
        "survey_form",
        _other_facilitys_token,
        {role: 404 for role in PUBLIC},
        label="another facility's link",
    ),
]
