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
from django.utils.translation import gettext_lazy as _lazy

from lib.dates import digit_forms

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


# ------------------------------------------------------------------ strength (zxcvbn)
# Issue 24, item 8: keyboard walks, a common word or the user's name with a year,
# today's date, and Korean typed on an English keyboard (두벌식) were accepted.

MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable" (about 10^8 guesses and more)

# Latin keys of the 두벌식 layout → jamo (Shift gives the doubled consonants, ㅒ, ㅖ).
_DUBEOLSIK = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnmQWERTOP",
        "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡㅃㅉㄸㄲㅆㅒㅖ",
        strict=True,
    )
)
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]
_COMPOUND_MEDIALS = {
    ("ㅗ", "ㅏ"): "ㅘ",
    ("ㅗ", "ㅐ"): "ㅙ",
    ("ㅗ", "ㅣ"): "ㅚ",
    ("ㅜ", "ㅓ"): "ㅝ",
    ("ㅜ", "ㅔ"): "ㅞ",
    ("ㅜ", "ㅣ"): "ㅟ",
    ("ㅡ", "ㅣ"): "ㅢ",
}
_COMPOUND_FINALS = {
    ("ㄱ", "ㅅ"): "ㄳ",
    ("ㄴ", "ㅈ"): "ㄵ",
    ("ㄴ", "ㅎ"): "ㄶ",
    ("ㄹ", "ㄱ"): "ㄺ",
    ("ㄹ", "ㅁ"): "ㄻ",
    ("ㄹ", "ㅂ"): "ㄼ",
    ("ㄹ", "ㅅ"): "ㄽ",
    ("ㄹ", "ㅌ"): "ㄾ",
    ("ㄹ", "ㅍ"): "ㄿ",
    ("ㄹ", "ㅎ"): "ㅀ",
    ("ㅂ", "ㅅ"): "ㅄ",
}


_INITIAL_SET, _MEDIAL_SET, _FINAL_SET = set(_INITIALS), set(_MEDIALS), set(_FINALS[1:])


def _syllable(initial: str, medial: str, final: str = "") -> str:
    return chr(
        0xAC00
        + (_INITIALS.index(initial) * 21 + _MEDIALS.index(medial)) * 28
        + _FINALS.index(final)
    )


def dubeolsik(text: str) -> tuple[str, bool]:
    """`text` as it would read typed with the Korean (두벌식) layout: letters become
    jamo composed into syllables. Returns the text and whether every letter found a
    place in a syllable (i.e. it reads as Korean, not as random keys)."""
    out: list[str] = []
    clean = True
    jamo = [_DUBEOLSIK.get(c, _DUBEOLSIK.get(c.lower(), c)) for c in text]
    i = 0
    while i < len(jamo):
        c = jamo[i]
        nxt = jamo[i + 1] if i + 1 < len(jamo) else ""
        if c in _INITIAL_SET and nxt in _MEDIAL_SET:
            medial, i = nxt, i + 2
            if i < len(jamo) and (medial, jamo[i]) in _COMPOUND_MEDIALS:
                medial, i = _COMPOUND_MEDIALS[(medial, jamo[i])], i + 1
            final = ""
            after = jamo[i + 1] if i + 1 < len(jamo) else ""
            if i < len(jamo) and jamo[i] in _FINAL_SET and after not in _MEDIAL_SET:
                final, i = jamo[i], i + 1
                after2 = jamo[i + 1] if i + 1 < len(jamo) else ""
                if (
                    i < len(jamo)
                    and (final, jamo[i]) in _COMPOUND_FINALS
                    and after2 not in _MEDIAL_SET
                ):
                    final, i = _COMPOUND_FINALS[(final, jamo[i])], i + 1
            out.append(_syllable(c, medial, final))
            continue
        if c in _INITIAL_SET or c in _MEDIAL_SET:
            clean = False
        out.append(c)
        i += 1
    return "".join(out), clean


# Surnames as people spell them (besides the official romanisation).
_SURNAMES = {
    "김": ["kim", "gim"], "이": ["lee", "yi", "rhee", "i"], "박": ["park", "bak"],
    "최": ["choi", "choe"], "정": ["jung", "jeong", "chung"], "강": ["kang", "gang"],
    "조": ["cho", "jo"], "윤": ["yoon", "yun"], "장": ["jang", "chang"],
    "임": ["lim", "im", "rim"], "한": ["han"], "오": ["oh", "o"], "서": ["seo", "suh"],
    "신": ["shin", "sin"], "권": ["kwon", "gwon"], "황": ["hwang"], "안": ["ahn", "an"],
    "송": ["song"], "류": ["ryu", "yoo"], "유": ["yoo", "yu"], "홍": ["hong"],
    "전": ["jeon", "jun"], "고": ["ko", "go"], "문": ["moon", "mun"], "양": ["yang"],
    "손": ["son"], "배": ["bae"], "백": ["baek", "paik"], "허": ["heo", "huh"],
    "노": ["noh", "roh", "no"],
}  # fmt: skip
_RR_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]  # fmt: skip
_RR_MEDIALS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"]  # fmt: skip
_RR_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]  # fmt: skip


def romanize(hangul: str) -> str:
    """The Revised Romanization of Hangul syllables, letter by letter (no sound
    changes): enough to recognise a name typed in Latin letters."""
    out = []
    for char in hangul:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            out.append(
                _RR_INITIALS[code // 588] + _RR_MEDIALS[(code % 588) // 28] + _RR_FINALS[code % 28]
            )
        else:
            out.append(char.lower())
    return "".join(out)


def name_inputs(name: str) -> list[str]:
    """A Korean name and the ways it is typed in Latin letters (최하은: choihaeun,
    choehaeun, haeun, choi …)."""
    name = "".join(name.split())
    if not name:
        return []
    words = {name, romanize(name)}
    if len(name) >= 2 and name[0] in _SURNAMES:
        given = romanize(name[1:])
        words.update({given, name[1:]})
        for surname in _SURNAMES[name[0]]:
            words.update({surname + given, given + surname, surname})
    return sorted(w for w in words if len(w) >= 2)


def _user_inputs(user) -> list[str]:
    if user is None:
        return []
    inputs = [getattr(user, "username", "") or "", getattr(user, "email", "") or ""]
    email = inputs[1]
    if "@" in email:
        inputs.append(email.split("@")[0])
    names = [getattr(user, "first_name", ""), getattr(user, "last_name", "")]
    for accessor in ("member", "staff", "reviewer"):
        person = getattr(user, accessor, None) if user.pk else None
        if person is not None:
            names.append(getattr(person, "name", ""))
    for name in filter(None, names):
        inputs.extend(name_inputs(name))
    inputs.extend(part for part in re.split(r"[^0-9a-zA-Z가-힣]+", inputs[0]) if len(part) >= 3)
    return [i.lower() for i in inputs if i]


# Korean words people make passwords of (as typed, after the 두벌식 conversion).
_KOREAN_WORDS = ["사랑", "사랑해", "사랑해요", "안녕", "안녕하세요", "비밀번호", "대한민국", "우리", "가족", "행복", "하늘", "바다", "엄마", "아빠", "감사합니다", "화이팅", "파이팅"]  # fmt: skip

_REASONS = {
    "spatial": _lazy("키보드에서 이어지는 글자"),
    "dictionary": _lazy("흔히 쓰는 단어나 비밀번호"),
    "user_inputs": _lazy("이름·아이디·전자우편"),
    "date": _lazy("날짜나 연도"),
    "regex": _lazy("연도"),
    "repeat": _lazy("같은 글자나 묶음의 반복"),
    "sequence": _lazy("순서대로 이어지는 글자"),
    "bruteforce": _lazy("짧은 글자 조합"),
}


def _weak_reasons(result: dict) -> list[str]:
    reasons = []
    for match in result["sequence"]:
        pattern = match["pattern"]
        if pattern == "dictionary" and match.get("dictionary_name") == "user_inputs":
            pattern = "user_inputs"
        reason = _REASONS.get(pattern)
        if reason and reason not in reasons and match["pattern"] != "bruteforce":
            reasons.append(str(reason))
    return reasons or [str(_REASONS["bruteforce"])]


class StrengthValidator:
    """zxcvbn's estimate (fed the user's name, username and e-mail) must reach
    MIN_SCORE; a password that reads as Korean typed on an English keyboard is also
    judged as the Korean it spells; today's date is refused outright."""

    def validate(self, password: str, user=None) -> None:
        from django.utils import timezone
        from zxcvbn import zxcvbn

        inputs = _user_inputs(user)
        today = timezone.localdate()
        digits = re.sub(r"\D", "", password)
        if digits and digits in digit_forms(today):
            self._refuse([str(_("오늘 날짜"))])
        result = zxcvbn(password[:100], user_inputs=inputs)
        if result["score"] < MIN_SCORE:
            self._refuse(_weak_reasons(result))
        korean, reads_as_korean = dubeolsik(password)
        syllables = sum(1 for c in korean if "가" <= c <= "힣")
        if reads_as_korean and syllables >= 2:
            judged = zxcvbn(korean[:100], user_inputs=[*_KOREAN_WORDS, *inputs])
            if judged["score"] < MIN_SCORE:
                self._refuse([str(_("영문 자판으로 친 한글(%(korean)s)") % {"korean": korean})])

    @staticmethod
    def _refuse(reasons: list[str]) -> None:
        raise ValidationError(
            _(
                "이 비밀번호는 짐작하기 쉽습니다(%(reasons)s). 서로 관계없는 낱말 서너 개를 "
                "섞거나 더 길게 정해 주세요."
            ),
            code="password_too_guessable",
            params={"reasons": ", ".join(reasons)},
        )

    def get_help_text(self) -> str:
        return _(
            "이름·아이디·연도·날짜, 흔한 단어, 키보드에서 이어지는 글자, 영문 자판으로 친 "
            "한글 낱말은 짐작하기 쉬워 쓸 수 없습니다."
        )
