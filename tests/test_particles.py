"""Particles chosen from the last sound (lib.korean), wherever a value is joined to one."""

import pytest
from django.template import engines

from lib.korean import particle, with_particle


@pytest.mark.parametrize(
    ("word", "kind", "expected"),
    [
        ("금정구", "을/를", "를"),
        ("돌봄사각지대 해소", "을/를", "를"),
        ("돌봄체계 개선", "을/를", "을"),
        ("‘완료’", "(으)로", "로"),
        ("‘장기 검토’", "(으)로", "로"),
        ("‘추진 중’", "(으)로", "으로"),
        ("‘계획’", "(으)로", "으로"),
        ("서울", "(으)로", "로"),  # ㄹ takes 로
        ("member01@example.com", "(으)로", "으로"),  # …닷컴
        ("staff@example.go.kr", "(으)로", "로"),  # …케이알
        ("3", "을/를", "을"),  # 삼
        ("2", "이/가", "가"),  # 이
        ("10", "은/는", "은"),  # 십
        ("7", "(으)로", "로"),  # 칠
        ("SNS", "을/를", "를"),  # 에스엔에스
        ("XLSX 파일", "이/가", "이"),
        ("센터", "와/과", "와"),
        ("학교", "와/과", "와"),
        ("지역", "와/과", "과"),
        ("구서2동", "은/는", "은"),
    ],
)
def test_the_particle_follows_the_last_sound(word, kind, expected):
    assert particle(word, kind) == expected
    assert with_particle(word, kind) == word + expected


def test_the_template_filter_prints_the_particle_only():
    template = engines["django"].from_string(
        '{% load document_text %}‘{{ a }}’{{ a|josa:"(으)로" }}, ‘{{ b }}’{{ b|josa:"(으)로" }}'
    )
    assert template.render({"a": "완료", "b": "추진 중"}) == "‘완료’로, ‘추진 중’으로"


# Every app: messages, pages and documents alike.
CHECKED = ("reports/", "proposals/", "lib/", "facilities/", "council/", "portal/", "config/")


def test_no_machine_made_particle_is_left_in_the_code():
    import subprocess

    # A placeholder, a closing quote or a value joined to a both-ways particle.
    joined = r"(’|\}|\)s)(\(으\)로|을\(를\)|은\(는\)|이\(가\)|와\(과\))"
    found = subprocess.run(
        ["git", "grep", "-n", "-E", joined, "--", *CHECKED],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    # Past documents said `‘완료’(으)로 변경`: the import still recognises it.
    leftovers = [
        line for line in found if not line.startswith(("tests/", "reports/past_import.py"))
    ]
    assert leftovers == []
