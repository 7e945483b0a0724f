"""Issue 13, case 10: weak passwords are refused with Korean messages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD

HANGUL = re.compile(r"[가-힣]")


def _refusals(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as refused:
        return refused.messages
    return []


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("dolbom2023", "포털이나 지역의 이름(dolbom)"),  # the probe's first
        ("가나다라마바사아", "너무 짧습니다"),  # the probe's second: 8 characters
        ("가나다라마바사아자차", "키보드나 가나다 순서"),  # the same, long enough
        ("dolbom-demo-2023", "포털이나 지역의 이름"),  # the demo password
        ("우리동네돌봄센터최고!", "포털이나 지역의 이름(돌봄)"),
        ("geumjeong!2024#", "포털이나 지역의 이름(geumjeong)"),
        ("금정구사랑합니다7!", "포털이나 지역의 이름"),
        ("x9!qwerty#kP", "키보드나 가나다 순서"),
        ("Zk8#asdf-Lm2", "키보드나 가나다 순서"),
        ("hT7!98765@qm", "키보드나 가나다 순서"),  # backwards
        ("ㅂㅈㄷㄱ비밀번호77", "키보드나 가나다 순서"),  # qwer typed with the Korean layout
        ("ㄱㄴㄷㄹ비밀번호77", "키보드나 가나다 순서"),
        ("Mv!aaaa-7Qz#", "같은 글자의 반복"),
        ("Short1!", "너무 짧습니다"),
    ],
)
def test_it_refuses_weak_passwords_in_korean(world, password, expected):
    messages = _refusals(password, world.member.user)
    assert messages, password
    assert any(expected in m for m in messages), messages
    assert all(HANGUL.search(m) for m in messages)


@pytest.mark.parametrize("password", ["Haneul-Quartz-8147", "물결#소나무-39봄비", "t7Vq!mZ2#pRw"])
def test_it_accepts_a_strong_password(world, password):
    assert _refusals(password, world.member.user) == []


def test_another_councils_district_is_refused_too(world):
    assert any("haeundae" in m for m in _refusals("haeundae!Xy82", world.member.user))


def test_the_change_page_refuses_and_keeps_the_old_password(client, world):
    client.force_login(world.member.user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "dolbom2023", "new_password2": "dolbom2023"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "포털이나 지역의 이름(dolbom)" in html
    world.member.user.refresh_from_db()
    assert world.member.user.check_password(PASSWORD)


def test_demo_accounts_keep_their_password(db):
    from portal.demo import DEMO_PASSWORD, load_demo

    load_demo()
    from django.contrib.auth.models import User

    assert User.objects.get(username="gj-staff").check_password(DEMO_PASSWORD)
    assert _refusals(DEMO_PASSWORD)  # it could not be chosen through a form


# Issue 24, item 8: 11 of the probe's 37 weak passwords had been accepted.
def _probe_eleven() -> list[tuple[str, str]]:
    from django.utils import timezone

    today = timezone.localdate()
    return [
        ("zaq12wsxcde", "흔히 쓰는 단어나 비밀번호"),  # zxcvbn knows this walk by heart
        ("!@#$%^&*()", "키보드에서 이어지는 글자"),
        ("1qaz2wsx3edc", "흔히 쓰는 단어나 비밀번호"),
        ("qazwsxedcrfv", "흔히 쓰는 단어나 비밀번호"),
        ("p@ssw0rd2026", "흔히 쓰는 단어나 비밀번호"),
        ("welcome2026", "흔히 쓰는 단어나 비밀번호"),
        ("choihaeun2026", "이름·아이디·전자우편"),  # 최하은's own name and the year
        (today.strftime("%Y-%m-%d"), "오늘 날짜"),
        (today.strftime("%Y.%m.%d!!"), "오늘 날짜"),
        ("dkssudgktpdy", "영문 자판으로 친 한글(안녕하세요)"),
        ("tkfkdgodyrkwhr", "영문 자판으로 친 한글(사랑해요가족)"),
    ]


@pytest.mark.parametrize("case", range(11))
def test_the_probes_eleven_are_refused_with_the_reason_in_korean(world, case):
    password, reason = _probe_eleven()[case]
    from tests.factories import make_member

    choi = make_member(world.council, "gj-member04", name="최하은").user
    messages = _refusals(password, choi)
    assert messages, password
    assert any(reason in m for m in messages), messages
    assert all(HANGUL.search(m) for m in messages)


@pytest.mark.parametrize(
    "password",
    ["Haneul-Quartz-8147", "t7Vq!mZ2#pRw", "물결#소나무-39봄비", "lantern orbit 58 tulip"],
)
def test_strong_passwords_pass_the_estimator_too(world, password):
    assert _refusals(password, world.member.user) == []


def test_the_name_is_recognised_however_it_is_typed(world):
    from council.passwords import dubeolsik, name_inputs

    assert {"choihaeun", "choehaeun", "haeun"} <= set(name_inputs("최하은"))
    assert dubeolsik("dkssudgktpdy") == ("안녕하세요", True)
    assert dubeolsik("dnflwlq") == ("우리집", True)
    assert dubeolsik("t7Vq!mZ2#pRw")[1] is False  # random keys do not read as Korean
