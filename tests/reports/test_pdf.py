"""The PDF: the seed's content in order, the embedded font, no missing glyphs, no fetching."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

from lib.pdf import StaticOnlyFetcher, static_file_for_url
from portal.demo import load_demo
from reports.document import build_result_context
from reports.exporters import pdf_from_context
from tests.factories import make_answered_proposal, make_result_meeting
from tests.reports.test_document import MARKUP

# The reference document the portal reproduces (금정구, 2023 하반기), kept in the repository.
SEED = Path(settings.BASE_DIR) / "docs" / "seed" / "geumjeong-2023-h2-result.txt"
RUNNING_HEADER = "- 2023년 하반기 - 금정구 지역돌봄협의체 회의 결과"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_pieces() -> list[str]:
    """The seed's lines without tags, table cells split at their ○/▷ markers."""
    pieces = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"<[^>]+>", " ", line)
        if not line.strip() or line.strip() == RUNNING_HEADER:
            continue  # the running header is checked page by page
        for part in re.split(r"(?=[○▷])", line):
            if squash(part):
                pieces.append(squash(part))
    return pieces


def pdf_text(path: Path, *, page: int | None = None) -> str:
    args = ["pdftotext", "-raw"]
    if page:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])


def assert_in_order(pieces: list[str], text: str) -> None:
    position = 0
    for piece in pieces:
        found = text.find(piece, position)
        assert found >= 0, f"not found in order: {piece!r}"
        position = found + len(piece)


@pytest.mark.django_db
def test_it_exports_the_demo_pdf_with_every_seed_line_in_order(tmp_path, caplog):
    load_demo()
    output = tmp_path / "result.pdf"

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        call_command(
            "export_result",
            "2023-h2",
            "--council",
            "geumjeong",
            "--format",
            "pdf",
            "--output",
            str(output),
        )

    assert output.read_bytes().startswith(b"%PDF")
    assert_in_order(seed_pieces(), squash(pdf_text(output)))
    # The running header: not on the title page, on every later page.
    pages = page_count(output)
    assert pages >= 2
    assert squash(RUNNING_HEADER) not in squash(pdf_text(output, page=1))
    for page in range(2, pages + 1):
        assert squash(RUNNING_HEADER) in squash(pdf_text(output, page=page))
        assert f"-{page}-" in squash(pdf_text(output, page=page))
    fonts = subprocess.run(["pdffonts", str(output)], capture_output=True, text=True).stdout
    embedded = [line for line in fonts.splitlines() if "Noto-Sans-KR" in line]
    assert embedded and all(" yes " in line for line in embedded), fonts
    assert not [r for r in caplog.records if "notdef" in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


def test_it_escapes_markup_and_replaces_emoji_in_the_pdf(world, tmp_path, caplog):
    council = world.council
    council.purpose = MARKUP[0] + " 해소"
    council.save()
    meeting = make_result_meeting(council, proposals=0)
    meeting.agenda_items.update(title=MARKUP[2])
    make_answered_proposal(
        meeting,
        1,
        headline="좋아요 👍 " + MARKUP[1],
        details="\n".join(MARKUP),
        response_lines="\n".join([*MARKUP, "완료 🎉"]),
    )

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = pdf_from_context(build_result_context(meeting))
    path = tmp_path / "escaped.pdf"
    path.write_bytes(pdf)

    text = squash(pdf_text(path))
    for raw in MARKUP:
        assert squash(raw) in text
    assert "좋아요(이모지)" in text and "완료(이모지)" in text
    assert not [r for r in caplog.records if "notdef" in r.getMessage()]
    # Nothing the text names was fetched (a refused fetch would log a warning).
    assert not [r for r in caplog.records if "example.com" in r.getMessage()]


def test_it_would_draw_a_box_for_an_emoji_without_the_replacement(caplog):
    # The control for the test above: WeasyPrint does warn when a glyph is missing.
    from lib.pdf import render_pdf

    font = Path(finders.find("fonts/NotoSansKR-Regular.ttf")).as_uri()
    html = (
        f"<style>@font-face {{ font-family: K; src: url('{font}') }} body {{ font-family: K }}"
        "</style><p>좋아요 👍</p>"
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(html)
    assert [r for r in caplog.records if ".notdef glyph rendered" in r.getMessage()]


def test_it_serves_only_static_files_to_weasyprint():
    fetcher = StaticOnlyFetcher()
    font_path = Path(finders.find("fonts/NotoSansKR-Regular.ttf")).resolve()

    response = fetcher(font_path.as_uri())
    assert response.read(4) == font_path.read_bytes()[:4]
    response.close()
    assert static_file_for_url("/static/fonts/NotoSansKR-Regular.ttf") == font_path

    settings_file = Path(settings.BASE_DIR, "config", "settings.py")
    refused = [
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/font.ttf",
        "data:text/css,body{}",
        "ftp://example.com/x",
        settings_file.as_uri(),
        font_path.parent.as_uri() + "/../../config/settings.py",
        "/static/../config/settings.py",
        "/etc/passwd",
        "file://evil.example.com" + font_path.as_posix(),
    ]
    for url in refused:
        assert static_file_for_url(url) is None, url
        with pytest.raises(Exception, match="Refused|disallowed"):
            fetcher(url)


def test_it_refuses_network_urls_named_in_a_document(monkeypatch, caplog):
    # Even if a link reached WeasyPrint, the fetcher refuses it and rendering goes on.
    from lib import pdf as document

    asked = {}
    original = document.static_file_for_url

    def spy(url):
        asked[url] = original(url)
        return asked[url]

    monkeypatch.setattr(document, "static_file_for_url", spy)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = document.render_pdf(
            '<link rel="stylesheet" href="http://example.com/x.css">'
            '<img src="file:///etc/passwd" alt=""><p>ok</p>'
        )
    assert pdf.startswith(b"%PDF")
    assert asked == {"http://example.com/x.css": None, "file:///etc/passwd": None}
    assert "Refused" in caplog.text


# The seed's cells, where a word processor broke lines inside words ("시/범", "검/토").
WORDY = (
    "돌봄시설 간의 만남의 장을 통해 각 센터별 우수한 프로그램을 공유하고 지역 "
    "주민과 함께하는 시범 운영을 검토할 예정임. 방학 중 돌봄 공백을 줄이기 위해 "
    "다함께돌봄센터와 지역아동센터가 협력하여 일시돌봄 자리를 마련하는 방안을 "
    "관계 부서와 협의하여 추진 예정임."
)


def test_it_breaks_korean_lines_between_words_not_inside_them(world, tmp_path):
    meeting = make_result_meeting(world.council, proposals=0)
    make_answered_proposal(
        meeting, 1, headline="야간돌봄 확대", details=WORDY, response_lines=WORDY
    )
    path = tmp_path / "words.pdf"
    path.write_bytes(pdf_from_context(build_result_context(meeting)))

    words = set(WORDY.split())
    lines = [
        line.strip()
        for line in pdf_text(path, page=2).splitlines()
        if line.strip() and set(line.split()) & words
    ]
    # The cells wrap (several lines each), and every line holds whole words only.
    assert len(lines) >= 6, lines
    broken = [token for line in lines for token in line.split() if token not in words]
    broken = [t for t in broken if t not in ("▷", "○")]
    assert not broken, broken
