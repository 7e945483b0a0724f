"""Password rules beyond Django's: no portal or district words, no sequences.

Listed in settings.AUTH_PASSWORD_VALIDATORS with Django's own (minimum length
10, similarity to the account, common passwords, all digits). Messages are
Korean. Demo accounts get their password set directly (portal/demo.py), never
through these.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The portal's own words, in Hangul and in the romanisations people type.
PORTAL_WORDS = ("돌봄", "dolbom", "dolbum", "ehfqha", "협의체", "hyeopuiche")
# Rows of the keyboard (QWERTY and 두벌식), the alphabet, digits, and Hangul orders.
SEQUENCES = (
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "abcdefghijklmnopqrstuvwxyz",
    "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ",
    "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ",
    "ㅋㅌㅊㅍㅠㅜㅡ",
    "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ",
    "ㅏㅑㅓㅕㅗㅛㅜㅠㅡㅣ",
    "가나다라마바사아자차카타파하",
)
RUN = 4
_DISTRICT_SUFFIX = re.compile(r"(특별자치시|광역시|특별시|시|군|구)$")


def _district_words() -> set[str]:
    from council.models import Council

    words: set[str] = set()
    for slug, name, district in Council.objects.values_list("slug", "name", "district"):
        words.update({slug, district, _DISTRICT_SUFFIX.sub("", district)})
        words.update(slug.split("-"))
        words.update(part for part in name.split() if part != "지역돌봄협의체")
    return {w.lower() for w in words if len(w) >= 2}


class PortalWordsValidator:
    """Refuses a password containing the portal's or a council's own words."""

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        for word in sorted({*PORTAL_WORDS, *_district_words()}, key=len, reverse=True):
            if word in lowered:
                raise ValidationError(
                    _(
                        "비밀번호에 포털이나 지역의 이름(%(word)s)이 들어 있어 짐작하기 쉽습니다. "
                        "다른 말로 정하세요."
                    ),
                    code="password_portal_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("돌봄, 협의체, 구·동 이름처럼 이 포털과 지역의 이름은 넣을 수 없습니다.")


def _runs(sequence: str):
    for i in range(len(sequence) - RUN + 1):
        run = sequence[i : i + RUN]
        yield run
        yield run[::-1]


_ALL_RUNS = frozenset(run for sequence in SEQUENCES for run in _runs(sequence))
_REPEAT = re.compile(rf"(.)\1{{{RUN - 1},}}")


class SequenceValidator:
    """Refuses keyboard and Hangul sequences (qwer, 1234, asdf, 가나다라, ㄱㄴㄷㄹ, ㅂㅈㄷㄱ
    …, forwards or backwards) and one character repeated four times."""

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        found = next(
            (
                lowered[i : i + RUN]
                for i in range(len(lowered) - RUN + 1)
                if lowered[i : i + RUN] in _ALL_RUNS
            ),
            None,
        )
        if found is None:
            repeat = _REPEAT.search(lowered)
            found = repeat.group(0) if repeat else None
        if found is not None:
            raise ValidationError(
                _(
                    "비밀번호에 키보드나 가나다 순서로 이어지는 글자, 또는 같은 글자의 반복"
                    "(%(run)s)이 들어 있습니다. 짐작하기 어렵게 섞어 주세요."
                ),
                code="password_sequence",
                params={"run": found},
            )

    def get_help_text(self) -> str:
        return _("1234, qwer, 가나다라처럼 이어지는 글자나 같은 글자의 반복은 쓸 수 없습니다.")
