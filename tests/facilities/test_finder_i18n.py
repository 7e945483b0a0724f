"""The finder in English: a language switch (Django's set_language), a filled catalogue,
the facility data as entered; Korean stays the default everywhere."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from facilities.corrections import client_key
from facilities.models import CorrectionRequest
from tests.facilities.finder_data import make_area

PO = Path(settings.BASE_DIR, "locale", "en", "LC_MESSAGES", "django.po")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module", autouse=True)
def english_catalogue():
    """The compiled catalogue (`make messages` builds it; a fresh checkout may not have it)."""
    mo = PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO.stat().st_mtime:
        call_command("compilemessages", locale=["en"], verbosity=0)
        trans_real._translations = {}
        trans_real._default = None
    yield


@pytest.fixture
def area(world):
    area = make_area(world)
    area.council.finder_notice = "문의: 금정구청 아동청소년과"
    area.council.save()
    return area


class _VisibleText(HTMLParser):
    """Text a visitor sees or hears: element text and the attributes read aloud."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "alt", "title", "placeholder") and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") == "submit":
                self.parts.append(value or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def untranslated(html: str, data: list[str]) -> list[str]:
    """Visible Korean that is not facility data (which stays as entered)."""
    parser = _VisibleText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return sorted({line.strip() for line in text.splitlines() if HANGUL.search(line)})


def area_data(area) -> list[str]:
    values = ["한국어", area.council.district, area.council.name, area.council.finder_notice]
    for dong in (area.guseo, area.jangjeon, area.namsan):
        values.append(dong.name)
    for facility in (area.centre, area.community, area.school, area.planned):
        values += [facility.name, facility.address, facility.how_to_apply, facility.operator]
    return [v for v in values if v]


def english(client) -> None:
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("finder:index", args=["geumjeong"])},
    )
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_switch_turns_the_finder_english(client, area):
    korean = client.get(reverse("finder:index", args=["geumjeong"])).content.decode()
    assert '<html lang="ko">' in korean
    assert 'name="language" value="en"' in korean

    english(client)
    html = client.get(reverse("finder:index", args=["geumjeong"])).content.decode()

    assert '<html lang="en">' in html
    assert "Geumjeong-gu care finder" in html  # the district in its official romanization
    assert "4 facilities found" in html
    assert "Care centre (Dahamkke)" in html
    assert "Opening soon" in html
    assert "금빛아이 꿈마당" in html  # facility data as entered
    assert 'name="language" value="ko"' in html


def test_the_browser_language_is_honoured_without_a_switch(client, area):
    html = client.get(
        reverse("finder:index", args=["geumjeong"]), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"
    ).content.decode()
    assert '<html lang="en">' in html
    korean = client.get(
        reverse("finder:index", args=["geumjeong"]), HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.8"
    ).content.decode()
    assert '<html lang="ko">' in korean


def test_the_switch_goes_back_only_to_this_site(client, db):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/phish"}
    )
    assert "evil.example" not in response.get("Location", "")


def test_the_switch_works_without_a_csrf_cookie(db):
    """The finder's pages are shared cached copies without a CSRF token."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/archive/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def _pages(client, area):
    facility = ("geumjeong", area.centre.code)
    yield client.get(reverse("finder:index", args=["geumjeong"]))
    yield client.get(reverse("finder:index", args=["geumjeong"]) + "?dong=abc&vacancy=on")
    yield client.get(
        reverse("finder:index", args=["geumjeong"]) + f"?dong={area.namsan.pk}&nearby=0&kind=school"
    )
    yield client.get(reverse("finder:facility", args=facility))
    yield client.get(reverse("finder:correction", args=facility))
    yield client.get(reverse("finder:correction_sent", args=facility))
    yield client.get(reverse("finder:facility", args=["geumjeong", "NO-SUCH"]))


@pytest.mark.parametrize("step", range(7))
def test_every_public_page_is_english_apart_from_the_data(client, area, step):
    english(client)
    response = list(_pages(client, area))[step]
    left = untranslated(response.content.decode(), area_data(area))
    assert left == [], f"{response.request['PATH_INFO']}: untranslated {left}"


def test_the_correction_errors_and_refusal_are_english(client, area):
    english(client)
    url = reverse("finder:correction", args=["geumjeong", area.centre.code])
    start = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        page = client.get(url).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    with time_machine.travel(start, tick=False):
        fast = client.post(url, {"message": "", "form_token": token}).content.decode()
    assert "Please write what is different." in fast
    assert untranslated(fast, area_data(area)) == []

    for i in range(5):
        CorrectionRequest.objects.create(
            facility=area.centre,
            message=f"{i}",
            client_key=client_key("127.0.0.1"),
            created_at=start,
        )
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        refused = client.post(url, {"message": "Wrong phone", "form_token": token})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "We cannot take more reports right now" in html
    assert untranslated(html, area_data(area)) == []


def test_korean_stays_the_default_for_staff_pages(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("portal:dashboard", args=["geumjeong"])).content.decode()
    assert '<html lang="ko">' in html


def _po_fields(block: str) -> dict[str, str]:
    """msgid, msgid_plural, msgstr / msgstr[n] of one .po entry, continuation lines joined."""
    fields: dict[str, str] = {}
    key = None
    for line in block.splitlines():
        match = re.match(r'^(msgid_plural|msgid|msgstr\[\d+\]|msgstr) "(.*)"$', line)
        if match:
            key = match.group(1)
            fields[key] = match.group(2)
        elif line.startswith('"') and key:
            fields[key] += line[1:-1]
    return fields


def test_the_catalogue_is_filled_for_every_finder_string():
    """Every message of the public pages (the finder's templates, forms and views) has an
    English translation in locale/en (makemessages keeps the references)."""
    text = PO.read_text(encoding="utf-8")
    missing = []
    for block in text.split("\n\n"):
        refs = " ".join(line for line in block.splitlines() if line.startswith("#:"))
        public = any(
            part in refs
            for part in (
                "finder/finder.html",
                "finder/facility.html",
                "finder/correction_",
                "finder/includes/",
                "facilities/finder_forms.py",
                "facilities/corrections.py",
                "templates/404.html",
            )
        )
        if not public or "msgid" not in block:
            continue
        fields = _po_fields(block)
        msgstrs = [v for k, v in fields.items() if k.startswith("msgstr")]
        if not msgstrs or not all(msgstrs):
            missing.append(fields.get("msgid"))
    assert not missing, missing
    with translation.override("en"):
        assert translation.gettext("돌봄시설 찾기") == "Care finder"


def test_staff_pages_stay_korean_for_an_english_browser(world, client):
    """Accept-Language counts on the public finder only; the portal staff work in is Korean."""
    client.force_login(world.staff)
    html = client.get(
        reverse("portal:dashboard", args=[world.council.slug]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'lang="ko"' in html and "새 회의 만들기" in html
    public = client.get(
        reverse("finder:index", args=[world.council.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert 'lang="en"' in public.content.decode()
