"""An English finder that is English: the count of Hangul characters on the English pages,
outside facility names and text marked as Korean (lang="ko"), is 0 — 동 and district names
romanized (or their official English name), addresses in their English form, how-to-apply
and the notice in English where entered, else marked "(in Korean)"."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from lib import romanize
from tests.facilities.finder_data import make_area
from tests.facilities.test_finder_i18n import english_catalogue  # noqa: F401 (fixture)

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
READ_ALOUD = ("aria-label", "alt", "title", "placeholder")


class EnglishText(HTMLParser):
    """Visible and read-aloud text, leaving out whatever is inside an element marked
    lang="ko" (the <html> element's own lang aside)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _korean(self) -> bool:
        return any(korean for _tag, korean in self.stack)

    def _skipped(self) -> bool:
        return any(tag in ("script", "style") for tag, _k in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        korean = tag != "html" and (values.get("lang") or "").startswith("ko")
        if not self._korean() and not korean:
            for name in READ_ALOUD:
                if values.get(name):
                    self.parts.append(values[name])
        if tag not in VOID:
            self.stack.append((tag, korean))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._korean() and not self._skipped():
            self.parts.append(data)


def hangul_outside_names(html: str, names: list[str]) -> list[str]:
    parser = EnglishText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return [line.strip() for line in text.splitlines() if HANGUL.search(line)]


@pytest.fixture
def area(world):
    area = make_area(world)
    area.council.finder_notice = "문의: 금정구청 아동청소년과 051-519-0000"
    area.council.save()
    area.centre.operator = "사회복지법인 금정"
    area.centre.save()
    return area


def names(area) -> list[str]:
    return [f.name for f in (area.centre, area.community, area.school, area.planned)]


def go_english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def pages(area):
    finder = reverse("finder:index", args=["geumjeong"])
    centre = ("geumjeong", area.centre.code)
    return [
        finder,
        f"{finder}?dong={area.guseo.pk}",
        f"{finder}?dong={area.guseo.pk}&nearby=0",
        f"{finder}?vacancy=on&late=night",
        reverse("finder:facility", args=centre),
        reverse("finder:facility", args=("geumjeong", area.planned.code)),
        reverse("finder:correction", args=centre),
        reverse("finder:correction_sent", args=centre),
        reverse("finder:open_data", args=["geumjeong"]),
        reverse("finder:facility", args=["geumjeong", "NO-SUCH"]),
    ]


@pytest.mark.parametrize("step", range(10))
def test_no_hangul_on_english_pages_outside_names_and_marked_korean(client, area, step):
    go_english(client)
    url = pages(area)[step]
    response = client.get(url)
    assert response.status_code in (200, 404)
    html = response.content.decode()
    assert '<html lang="en">' in html
    left = hangul_outside_names(html, names(area))
    assert left == [], f"{url}: Hangul outside names and lang=ko: {left}"


def test_korean_free_text_is_marked_and_english_text_is_used_where_entered(client, area):
    go_english(client)
    url = reverse("finder:facility", args=["geumjeong", area.centre.code])
    html = client.get(url).content.decode()
    assert (
        '<span lang="ko">전화 상담 후 방문 신청</span> <span class="text-body-secondary">(in Korean)</span>'
        in html
    )
    assert '<span lang="ko">문의: 금정구청 아동청소년과 051-519-0000</span> (in Korean)' in html
    assert '<span lang="ko">사회복지법인 금정</span>' in html

    area.centre.how_to_apply_en = "Call first, then visit to apply."
    area.centre.save()
    area.council.finder_notice_en = "Contact: Geumjeong-gu Office, 051-519-0000"
    area.council.save()
    cache.clear()  # the finder keeps its pages for five minutes
    html = client.get(url).content.decode()
    assert "Call first, then visit to apply." in html
    assert "Contact: Geumjeong-gu Office, 051-519-0000" in html
    assert "(in Korean)" not in html


def test_places_and_addresses_are_in_their_english_form(client, area):
    go_english(client)
    html = client.get(reverse("finder:index", args=["geumjeong"])).content.decode()
    assert "Geumjeong-gu care finder" in html
    assert "Guseo 2-dong" in html and "Jangjeon 1-dong" in html and "Namsan-dong" in html
    assert "1 Seobu-ro, Geumjeong-gu, Busan" in html  # romanized: no English address given
    # Names stay as registered, with a romanized reading beside them.
    assert (
        'lang="ko">금빛아이 꿈마당</a> <span class="reading">(Geumbichai Kkummadang)</span>' in html
    )

    area.centre.address_en = "1, Seobu-ro, Geumjeong-gu, Busan, Republic of Korea"
    area.centre.save()
    area.namsan.name_en = "Namsan-dong (official)"
    area.namsan.save()
    cache.clear()  # the finder keeps its pages for five minutes
    html = client.get(reverse("finder:index", args=["geumjeong"])).content.decode()
    assert "1, Seobu-ro, Geumjeong-gu, Busan, Republic of Korea" in html
    assert "Namsan-dong (official)" in html


def test_korean_pages_keep_the_korean_data(client, area):
    html = client.get(reverse("finder:index", args=["geumjeong"])).content.decode()
    assert "금정구 돌봄시설 찾기" in html
    assert "구서2동 · 부산광역시 금정구 서부로 1" in html
    assert "Geumbichai" not in html and "(in Korean)" not in html


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("금정구", "Geumjeong-gu"),
        ("부곡3동", "Bugok 3-dong"),
        ("중앙대로", "Jungang-daero"),
        ("부산광역시", "Busan"),
        ("서부로10번길", "Seobu-ro 10beon-gil"),
    ],
)
def test_official_forms_split_off_the_unit(korean, english):
    assert romanize.place(korean) == english


def test_an_address_is_written_smallest_part_first():
    assert (
        romanize.address("부산광역시 금정구 중앙대로 1777 (구서동)")
        == "1777 Jungang-daero, Geumjeong-gu, Busan"
    )
    assert romanize.address("부산광역시 금정구 서부로10번길 5-2 2층") == (
        "2F, 5-2 Seobu-ro 10beon-gil, Geumjeong-gu, Busan"
    )
