"""School flyers: the facilities serving a 동 or a school on an A4 PDF (real WeasyPrint),
with a QR code that opens the finder filtered for that 동, and the share text."""

from __future__ import annotations

import logging
import subprocess
from urllib.parse import urlsplit

import pytest
import segno
from django.urls import reverse
from django.utils import timezone

from facilities import flyers
from tests.facilities.finder_data import make_area
from tests.factories import make_facility


@pytest.fixture
def area(world):
    return make_area(world)


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "flyer.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def page_url(target: str = "") -> str:
    url = reverse("finder_staff:flyers", args=["geumjeong"])
    return url + (f"?target={target}" if target else "")


def pdf_url(target: str) -> str:
    return reverse("finder_staff:flyer_pdf", args=["geumjeong"]) + f"?target={target}"


def short_url(dong) -> str:
    # PORTAL_BASE_URL, never the request's host (lib.links.portal_url).
    from django.conf import settings

    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "finder_short", args=["geumjeong", dong.pk]
    )


def test_the_short_address_opens_the_finder_for_that_dong(client, area):
    response = client.get(reverse("finder_short", args=["geumjeong", area.guseo.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("finder:index", args=["geumjeong"]) + (
        f"?dong={area.guseo.pk}"
    )
    names = client.get(response["Location"]).content.decode()
    assert "금빛아이 꿈마당" in names and "장전 지역아동센터" in names  # and its neighbour
    assert "남산 다함께돌봄센터" not in names


def test_a_short_address_of_another_council_is_a_404(client, area, world):
    other = world.other_council.dongs.first()
    assert client.get(reverse("finder_short", args=["geumjeong", other.pk])).status_code == 404


def test_the_flyer_page_gives_the_share_text_and_the_qr_code(client, area, world):
    client.force_login(world.staff)

    html = client.get(page_url(f"dong-{area.guseo.pk}")).content.decode()

    url = short_url(area.guseo)
    assert f'<p class="fw-bold">{url}</p>' in html
    share = html.split('id="share-text"', 1)[1].split("</textarea>", 1)[0]
    assert "[금정구] 우리 동네 방과후 돌봄시설 안내 (구서2동)" in share
    assert url in share
    assert 'src="data:image/svg+xml' in html
    assert "싣는 시설 3곳" in html
    assert pdf_url(f"dong-{area.guseo.pk}") in html


def test_the_flyer_page_warns_when_nothing_is_published_there(client, area, world):
    area.planned.is_public = False
    area.planned.save()
    client.force_login(world.staff)
    html = client.get(page_url(f"dong-{area.namsan.pk}")).content.decode()
    assert "공개된 시설이 없습니다" in html


def test_an_unknown_target_is_a_korean_error(client, area, world):
    client.force_login(world.staff)
    html = client.get(page_url("dong-999999")).content.decode()
    assert "올바르게 선택해 주세요" in html
    response = client.get(pdf_url("school-abc"), follow=True)
    assert "가정통신문을 만들 행정동 또는 학교를 골라 주세요." in response.content.decode()


def test_the_dong_flyer_pdf_lists_what_serves_the_dong(client, area, world, tmp_path, caplog):
    client.force_login(world.staff)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(pdf_url(f"dong-{area.guseo.pk}"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"geumjeong-flyer-dong-{area.guseo.pk}.pdf" in response["Content-Disposition"]
    pdf = response.content
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "우리 동네 방과후 돌봄시설 안내",
        "구서2동과 이웃 동(장전1동)의 시설",
        "금빛아이 꿈마당",
        "051-123-4567",
        "학기 중 13:00~20:00",
        "방학 중 09:00~18:00",
        "장전 지역아동센터",
        "야간돌봄 22:00까지",
        "구서초등학교 돌봄교실",
        "1~2학년",
        urlsplit(short_url(area.guseo)).netloc + urlsplit(short_url(area.guseo)).path,
    ):
        assert expected in text, expected
    for never in ("비공개 돌봄센터", "문 닫은 돌봄센터", "해운대 돌봄센터", "남산 다함께돌봄센터"):
        assert never not in text
    assert "NotoSansKR" in pdf_fonts(pdf, tmp_path).replace("-", "").replace(" ", "")
    assert not [r for r in caplog.records if "notdef" in r.getMessage()]


def test_the_school_flyer_puts_the_school_first(client, area, world, tmp_path):
    client.force_login(world.staff)
    response = client.get(pdf_url(f"school-{area.school.pk}"))

    text = pdf_text(response.content, tmp_path)
    assert "구서초등학교 돌봄교실" in text.split("\n", 3)[0] + text  # in the header line
    body = text.split("전화", 1)[1]
    assert body.index("구서초등학교 돌봄교실") < body.index("금빛아이 꿈마당")
    assert "이 학교" in body
    assert "geumjeong-flyer-school-GJ-SC-001.pdf" in response["Content-Disposition"]


def test_the_qr_code_encodes_the_short_address(area):
    """The SVG in the flyer is the QR symbol of the finder's short address for that 동
    (computed here from the URL, not taken from the code under test)."""
    url = short_url(area.guseo)
    context = flyers.flyer_context(
        council=area.council, dong=area.guseo, school=None, url=url, today=timezone.localdate()
    )
    html = flyers.flyer_html(context)

    expected = segno.make(url, error="m").svg_inline(scale=4, border=2)
    assert expected in html
    other = segno.make(short_url(area.jangjeon), error="m").svg_inline(scale=4, border=2)
    assert other not in html
    assert "localhost:8000/f/geumjeong/" in html  # printed beside it, without the scheme


def test_flyer_text_is_escaped_and_emoji_are_printable(area, tmp_path, caplog):
    make_facility(
        area.council,
        dong=area.guseo,
        is_public=True,
        name='<img src=x onerror="alert(1)"> 햇살 센터 👍',
        phone="051-000-1111",
    )
    area.council.finder_notice = "<script>alert(2)</script> 문의 051-000-0000"
    area.council.save()
    context = flyers.flyer_context(
        council=area.council,
        dong=area.guseo,
        school=None,
        url=short_url(area.guseo),
        today=timezone.localdate(),
    )
    html = flyers.flyer_html(context)
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    assert "&lt;img src=x" in html

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        _, _, pdf = flyers.render_flyer(
            council=area.council,
            dong=area.guseo,
            school=None,
            url=short_url(area.guseo),
            today=timezone.localdate(),
        )
    text = pdf_text(pdf, tmp_path)
    squashed = "".join(text.split())  # pdftotext wraps table cells
    assert "햇살센터(이모지)" in squashed
    assert '<imgsrc=xonerror="alert(1)">' in squashed  # the name, as text
    assert "<script>alert(2)</script> 문의" in text
    assert not [r for r in caplog.records if "notdef" in r.getMessage()]


def test_a_phone_reading_the_printed_qr_code_lands_on_the_finder_for_that_dong(
    client, area, world, tmp_path
):
    """The PDF as printed (rasterised at 150 dpi) read back by a QR decoder (Debian's
    zbar-tools), then followed: the finder filtered for the flyer's 동."""
    import os
    import shutil

    if not shutil.which("zbarimg") or not shutil.which("pdftoppm"):
        if os.environ.get("CI") == "true":
            pytest.fail("zbarimg (zbar-tools) and pdftoppm must be installed in CI")
        pytest.skip("install Debian's zbar-tools to read the flyer's QR code back")
    client.force_login(world.staff)
    pdf = client.get(pdf_url(f"dong-{area.jangjeon.pk}")).content
    (tmp_path / "flyer.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "flyer.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    image = next(tmp_path.glob("page*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    ).stdout.strip()

    assert decoded == short_url(area.jangjeon)
    client.logout()
    landing = client.get(urlsplit(decoded).path, follow=True)
    assert landing.request["QUERY_STRING"] == f"dong={area.jangjeon.pk}"
    html = landing.content.decode()
    assert "장전 지역아동센터" in html and "금빛아이 꿈마당" in html
