"""Korean place names and addresses in Revised Romanization, in the official forms.

The syllables go through korean-romanizer (a maintained implementation of the
국어의 로마자 표기법, with its sound changes); this module only adds what official
English names do around it: the administrative unit is split off, hyphenated and
lower-cased (`금정구` → `Geumjeong-gu`, `부곡3동` → `Bugok 3-dong`, `중앙대로` →
`Jungang-daero`), a 광역시/특별시 is named by its city alone (`부산광역시` → `Busan`), and
an address is written in the English order, smallest part first (`부산광역시 금정구
서부로 1` → `1 Seobu-ro, Geumjeong-gu, Busan`).

Where an official English name differs from the romanization (some 행정동), the caller
keeps that name and does not ask this module.
"""

from __future__ import annotations

import re

# Longest first: 대로 before 로, 번길 before 길, 광역시 before 시.
_UNITS = (
    "특별자치시",
    "특별자치도",
    "광역시",
    "특별시",
    "대로",
    "번길",
    "시",
    "도",
    "군",
    "구",
    "읍",
    "면",
    "동",
    "리",
    "로",
    "길",
    "가",
)
_CITY_UNITS = {"특별자치시", "광역시", "특별시"}
_UNIT_EN = {"특별자치도": "do", "번길": "beon-gil"}
_FLOOR = re.compile(r"^(?P<n>[0-9]+)층$")
_PLACE = re.compile(r"^(?P<stem>[가-힣]+?)(?P<number>\d+)?(?P<unit>" + "|".join(_UNITS) + r")$")
_ROAD_UNITS = ("대로", "로", "길", "번길")
_HANGUL = re.compile(r"[가-힣]")
_BUILDING_NUMBER = re.compile(r"^\d+(-\d+)?$")
_PARENTHESES = re.compile(r"\([^)]*\)")


def _romanizer(text: str) -> str:
    from korean_romanizer.romanizer import Romanizer

    return Romanizer(text).romanize()


def romanize(text: str) -> str:
    """Hangul words romanized and capitalised (`금빛아이 꿈마당` → `Geumbichai
    Kkummadang`); anything else is kept as it is."""
    if not text or not _HANGUL.search(text):
        return text or ""
    words = []
    for word in text.split():
        if _HANGUL.search(word):
            roman = _romanizer(word)
            word = roman[:1].upper() + roman[1:]
        words.append(word)
    return " ".join(words)


def place(name: str) -> str:
    """One administrative or road name in its official English form."""
    name = (name or "").strip()
    match = _PLACE.match(name)
    if not match or len(name) < 2:
        return romanize(name)
    stem, number, unit = match.group("stem", "number", "unit")
    if unit == "번길" and number and stem.endswith(("로", "길")):
        return f"{place(stem)} {number}beon-gil"  # 서부로10번길 → Seobu-ro 10beon-gil
    stem_en = romanize(stem)
    if unit in _CITY_UNITS:
        return stem_en
    unit_en = _UNIT_EN.get(unit) or _romanizer(unit)
    if number:
        return f"{stem_en} {number}-{unit_en}"
    return f"{stem_en}-{unit_en}"


def address(text: str) -> str:
    """A Korean road-name address in the English order: `부산광역시 금정구 서부로 1
    (구서동)` → `1 Seobu-ro, Geumjeong-gu, Busan` (the parenthesised reference is left
    out, as in official English addresses)."""
    text = _PARENTHESES.sub(" ", text or "").replace(",", " ")
    tokens = text.split()
    if not tokens:
        return ""
    road_at = next(
        (i for i, t in enumerate(tokens) if _PLACE.match(t) and t.endswith(_ROAD_UNITS)), None
    )
    if road_at is None:
        return ", ".join(place(t) for t in reversed(tokens))
    areas = [place(t) for t in tokens[:road_at]]
    road = place(tokens[road_at])
    rest = tokens[road_at + 1 :]
    number = rest.pop(0) if rest and _BUILDING_NUMBER.match(rest[0]) else ""
    details = [_detail(t) for t in rest]
    first = f"{number} {road}".strip()
    return ", ".join([*details, first, *reversed(areas)])


def _detail(token: str) -> str:
    """What follows the building number: `2층` → `2F`, the rest romanized."""
    floor = _FLOOR.match(token)
    return f"{floor.group('n')}F" if floor else romanize(token)
