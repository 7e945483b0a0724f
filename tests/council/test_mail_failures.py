"""A mail server that is down never turns saved work into an error page."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

from council.models import Opinion
from council.services import opinions as opinion_services
from council.services import reminders as reminder_services
from tests.factories import make_open_meeting


class RefusingBackend(BaseEmailBackend):
    """Stands for an SMTP server that cannot be reached."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server is down")


def test_a_submit_is_saved_when_the_copy_cannot_be_mailed(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    meeting = make_open_meeting(world.council, invite=[world.member])
    with django_capture_on_commit_callbacks(execute=True):
        opinion_services.save_opinion(
            meeting=meeting,
            member=world.member,
            points=[opinion_services.PointInput(text="메일이 안 가도 저장되어야 하는 의견")],
            submit=True,
            entered_by=world.member.user,
        )
    opinion = Opinion.objects.get(meeting=meeting, member=world.member)
    assert opinion.is_submitted
    assert opinion.points.get().text == "메일이 안 가도 저장되어야 하는 의견"


def test_a_reminder_round_goes_on_when_the_server_refuses(world, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    # Recorded (so never sent twice) even though the server refused; the failure is logged.
    reminded = reminder_services.send_reminders(meeting=meeting, base_url="https://portal.example")
    assert {m.pk for m in reminded} == {world.member.pk, world.other_member.pk}
