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
