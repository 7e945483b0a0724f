"""What the public finder shows of the district's Korean data when the page is in English.

One rule per kind of text, each deciding from the active language:

- 동 and district names: the 행정동's official English name where staff entered one
  (`Dong.name_en`), else Revised Romanization in the official form (lib.romanize).
- addresses: the facility's official English address (`Facility.address_en`), else the
  Korean address romanized in the English order.
- free text staff or the facility wrote (how to apply, the finder's notice): the English
  text where entered, else the Korean text, which the page marks `lang="ko"` and
  "(in Korean)".
- facility names stay as registered (`lang="ko"`), with a romanized reading beside them.

In Korean every function returns the Korean data unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from lib import romanize


def english() -> bool:
    return (translation.get_language() or "ko").split("-")[0] == "en"


@dataclass(frozen=True)
class Text:
    """A text to show and whether it is Korean shown on an English page (lang="ko")."""

    text: str
    in_korean: bool = False


def district(council) -> str:
    return romanize.place(council.district) if english() else council.district


def dong(dong) -> str:
    if not english():
        return dong.name
    return dong.name_en or romanize.place(dong.name)


def address(facility) -> str:
    if not english() or not facility.address:
        return facility.address
    return facility.address_en or romanize.address(facility.address)


def reading(name: str) -> str:
    """The romanized reading shown beside a facility's registered name ("" in Korean)."""
    return romanize.romanize(name) if english() else ""


def free_text(korean: str, english_text: str) -> Text:
    if not english():
        return Text(korean)
    if english_text:
        return Text(english_text)
    return Text(korean, in_korean=bool(korean))
