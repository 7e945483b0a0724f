"""Times are typed and shown 24-hour (issue 14, item 10): a date picker and `14:05`,
not a datetime-local control that a Korean browser draws as `오후 2:05`."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import make_draft_meeting


def test_the_meeting_form_shows_the_deadline_time_as_24_hours(client, world):
    meeting = make_draft_meeting(world.council)  # deadline 18:00 Seoul time
    client.force_login(world.staff)
    html = client.get(reverse("council:meeting_edit", args=["geumjeong", meeting.slug])).content
    html = html.decode()
    assert 'type="datetime-local"' not in html
    assert 'name="deadline_0" value="2099-12-22"' in html
    assert 'name="deadline_1" value="18:00"' in html
    assert 'aria-label="의견 제출 마감 시각 (24시간제, 예: 18:00)"' in html


def test_a_time_written_the_12_hour_way_is_refused_in_korean(client, world):
    meeting = make_draft_meeting(world.council)
    client.force_login(world.staff)
    response = client.post(
        reverse("council:meeting_edit", args=["geumjeong", meeting.slug]),
        {
            "year": "2099",
            "half": "2",
            "method": "written",
            "period_start": "2099-12-20",
            "period_end": "2099-12-22",
            "deadline_0": "2099-12-22",
            "deadline_1": "오후 6:00",
        },
    )
    assert "시각은 24시간제로 14:05처럼 적어 주세요." in response.content.decode()
