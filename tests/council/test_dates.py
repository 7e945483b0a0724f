"""The portal's one date style (lib.dates), on pages and in documents."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template

from lib.dates import korean_date, korean_datetime, korean_period

SEOUL = ZoneInfo("Asia/Seoul")


def test_it_formats_a_period_within_one_year():
    assert (
        korean_period(dt.date(2023, 12, 20), dt.date(2023, 12, 22))
        == "2023. 12. 20.(수) ~ 12. 22.(금)"
    )


def test_it_shows_both_years_across_a_new_year():
    assert (
        korean_period(dt.date(2023, 12, 30), dt.date(2024, 1, 2))
        == "2023. 12. 30.(토) ~ 2024. 1. 2.(화)"
    )


def test_it_shows_one_date_for_a_one_day_meeting():
    assert korean_period(dt.date(2024, 6, 3), dt.date(2024, 6, 3)) == "2024. 6. 3.(월)"


def test_it_writes_dates_with_dots_and_times_in_24_hours_in_seoul():
    evening = dt.datetime(2026, 11, 30, 10, 12, tzinfo=dt.UTC)  # 19:12 in Seoul
    assert korean_date(dt.date(2026, 11, 30)) == "2026. 11. 30."
    assert korean_datetime(evening) == "2026. 11. 30. 19:12"
    assert korean_datetime(evening, weekday=True) == "2026. 11. 30.(월) 19:12"


def test_the_template_filters_use_the_same_style():
    template = Template("{% load council_dates %}{{ d|kdate }}|{{ t|kdatetime }}|{% kperiod a b %}")
    text = template.render(
        Context(
            {
                "d": dt.date(2026, 11, 30),
                "t": dt.datetime(2026, 11, 30, 19, 12, tzinfo=SEOUL),
                "a": dt.date(2026, 12, 30),
                "b": dt.date(2027, 1, 1),
            }
        )
    )
    assert text == "2026. 11. 30.|2026. 11. 30. 19:12|2026. 12. 30.(수) ~ 2027. 1. 1.(금)"


def test_time_left_says_days_then_hours_then_minutes():
    from lib.dates import time_left

    now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)
    assert time_left(now + dt.timedelta(days=11, hours=5), now) == "11일"  # not "1주, 4일"
    assert time_left(now + dt.timedelta(days=3, hours=17, minutes=59), now) == "3일 17시간"
    assert time_left(now + dt.timedelta(days=1), now) == "1일"
    assert time_left(now + dt.timedelta(hours=5, minutes=59), now) == "5시간"
    assert time_left(now + dt.timedelta(minutes=40, seconds=30), now) == "40분"
    assert time_left(now - dt.timedelta(minutes=1), now) == "0분"


def test_the_member_sees_the_days_left_in_plain_words(client, world):
    from django.urls import reverse

    from tests.factories import make_open_meeting

    now = dt.datetime.now(tz=SEOUL)
    meeting = make_open_meeting(
        world.council, invite=[world.member], deadline=now + dt.timedelta(days=11, hours=3)
    )
    client.force_login(world.member.user)
    html = client.get(reverse("council:my_opinion", args=["geumjeong", meeting.slug])).content
    assert "11일 남음" in html.decode()
    assert "주," not in html.decode()
