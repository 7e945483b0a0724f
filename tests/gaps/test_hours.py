"""Free-text opening hours from the open data: term and vacation times, or flagged."""

import datetime as dt

import pytest

from facilities.hours import parse_hours

T = dt.time


@pytest.mark.parametrize(
    ("text", "term", "vacation"),
    [
        ("학기중: 10:00~19:00 방학중: 10:00~19:00", (T(10), T(19)), (T(10), T(19))),
        ("학기중 : 13:00 ~ 20:00 / 방학중 : 09:00 ~ 18:00", (T(13), T(20)), (T(9), T(18))),
        ("학기 중 13시~19시 30분, 방학 중 9시~18시", (T(13), T(19, 30)), (T(9), T(18))),
        ("평일 12:00-20:00 토요일 10:00-14:00", (T(12), T(20)), None),
        ("13:00~19:00", (T(13), T(19)), None),
        ("방학중 09:00~18:00 학기중 13:00~19:00", (T(13), T(19)), (T(9), T(18))),
    ],
)
def test_it_reads_term_and_vacation_hours(text, term, vacation):
    hours = parse_hours(text)
    assert hours.parsed
    assert hours.term == term
    assert hours.vacation == vacation


@pytest.mark.parametrize(
    "text",
    [
        "",
        "상시 운영",
        "학기중 오후, 방학중 오전",
        "13:00~19:00, 14:00~20:00",  # two ranges, no labels: which is which?
        "학기중 19:00~13:00",  # ends before it starts
        "학기중 13:00~24:00",
        "방학중 09:00~18:00",  # no term-time hours at all
    ],
)
def test_text_it_cannot_read_for_certain_is_flagged_not_guessed(text):
    hours = parse_hours(text)
    assert not hours.parsed
    assert hours.term is None and hours.vacation is None
