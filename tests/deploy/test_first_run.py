"""The README's "처음 시작하기 (first run)" block, word for word, on production settings.

No demo: a new data directory (and, on the PostgreSQL run, a new database),
DJANGO_DEBUG=false, `migrate` and `collectstatic` as the Production section
says, then the first-run block run by bash exactly as the README prints it.
The block reads the population file from `~/population.csv`: HOME is a
temporary folder holding an EUC-KR file in the statistics site's layout with
금정구's 16 동 and their official codes. Then the new staff member follows the
printed one-time link, sets a password, signs in through gunicorn, adds a
member and opens a round — no admin, no shell. A second district's council
made the same way sees nothing of the first.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest

from tests.deploy.support import (
    BASE_DIR,
    Browser,
    Gunicorn,
    free_port,
    manage,
    new_database,
    portal_env,
)

pytestmark = pytest.mark.deploy

README = BASE_DIR / "README.md"
CODES = BASE_DIR / "portal" / "demo_data" / "geumjeong-dong-codes.csv"
PASSWORD = "Haneul-Quartz-8147"


def first_run_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## 처음 시작하기 \(first run\)\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert section, "README.md has no '## 처음 시작하기 (first run)' section"
    [block] = re.findall(r"^```sh\n(.*?)^```", section.group(1), flags=re.S | re.M)
    return block


def _population_file(home) -> None:
    from tests.gaps.files import ages, population_header, population_row

    with CODES.open(encoding="utf-8") as handle:
        dongs = [(row["행정동"], row["행정기관코드"]) for row in csv.DictReader(handle)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(population_header())
    writer.writerow(population_row(("부산광역시", "2600000000"), ages(160)))
    writer.writerow(population_row(("부산광역시 금정구", "2641000000"), ages(160)))
    for name, code in dongs:
        writer.writerow(population_row((f"부산광역시 금정구 {name}", code), ages(10)))
    (home / "population.csv").write_bytes(buffer.getvalue().encode("euc-kr"))


def test_the_block_names_the_commands_it_documents():
    block = first_run_block()
    assert "createcouncil" in block and "import_dongs" in block
    assert "password" not in block.lower().replace("set-password", "")
    assert "loaddemo" not in block


def _set_password(browser: Browser, link_path: str) -> None:
    status, headers, _body = browser.get(link_path)
    assert status == 302, status  # Django swaps the token for a session and redirects
    form_path = headers["location"]
    status, _h, page = browser.get(form_path)
    assert status == 200
    status, _h, body = browser.post(
        form_path,
        {
            "csrfmiddlewaretoken": browser.csrf_token(page),
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert status == 302, body[:500]


def _post_form(browser: Browser, path: str, fields: dict) -> tuple[int, dict, bytes]:
    status, _h, page = browser.get(path)
    assert status == 200, (path, status)
    return browser.post(path, {"csrfmiddlewaretoken": browser.csrf_token(page), **fields})


def test_the_first_run_block_starts_a_council_that_opens_a_round(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    _population_file(home)
    with new_database("firstrun") as database_url:
        env = portal_env(tmp_path / "data", database_url, HOME=str(home))
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", first_run_block()],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        output = result.stdout
        assert "부산광역시 금정구" in output
        assert "행정동 16곳 — 새로 16" in output
        link = re.search(r"비밀번호 설정 링크: https?://[^/\s]+(/accounts/reset/\S+)", output)
        assert link, output

        port = free_port()
        with Gunicorn(env, port, tmp_path / "gunicorn.log"):
            staff = Browser(port)
            _set_password(staff, link.group(1))
            staff.cookies.clear()
            staff.login("gj-kim", PASSWORD)
            status, _h, body = staff.get("/c/geumjeong/")
            assert status == 200
            assert "금정구 지역 초등돌봄·교육 협의체" in body.decode()
            # The default categories are there to edit.
            status, _h, body = staff.get("/c/geumjeong/categories/")
            assert "저녁·방학·주말 돌봄" in body.decode()

            status, _h, body = _post_form(
                staff,
                "/c/geumjeong/members/add/",
                {
                    "name": "박위원",
                    "role": "member",
                    "affiliation": "부산금정교육지원청",
                    "term_start": "2026-01-01",
                    "term_end": "2031-12-31",
                    "email": "park@example.go.kr",
                    "username": "",
                },
            )
            assert status == 302, body[:500]
            status, _h, body = _post_form(
                staff,
                "/c/geumjeong/meetings/new/",
                {
                    "year": "2030",
                    "half": "1",
                    "method": "written",
                    "period_start": "2030-06-10",
                    "period_end": "2030-06-12",
                    "deadline_0": "2030-06-12",
                    "deadline_1": "18:00",
                },
            )
            assert status == 302, body[:500]
            meeting = "/c/geumjeong/meetings/2030-h1/"
            status, _h, body = _post_form(
                staff,
                meeting + "agenda/add/",
                {"kind": "discussion", "title": "첫 안건", "body": ""},
            )
            assert status == 302, body[:500]
            status, _h, page = staff.get(meeting)
            status, _h, body = staff.post(
                meeting + "open/", {"csrfmiddlewaretoken": staff.csrf_token(page)}
            )
            assert status == 302
            status, _h, body = staff.get(meeting)
            assert "의견 접수를 시작했습니다. 참석 대상 위원 1명이 확정되었습니다." in body.decode()

            # A second district follows the same path and sees nothing of the first.
            second = manage(
                env,
                "createcouncil",
                "haeundae",
                "--sido=부산광역시",
                "--district=해운대구",
                "--district-code=26350",
                "--name=해운대구 지역 초등돌봄·교육 협의체",
                "--staff-username=hd-lee",
                "--staff-name=이돌봄",
                "--staff-email=lee@example.go.kr",
            ).stdout
            other = Browser(port)
            _set_password(other, re.search(r"(/accounts/reset/\S+)", second).group(1))
            other.cookies.clear()
            other.login("hd-lee", PASSWORD)
            assert other.get("/c/haeundae/")[0] == 200
            assert other.get("/c/geumjeong/")[0] == 404
            assert other.get(meeting)[0] == 404
            assert staff.get("/c/haeundae/")[0] == 404
