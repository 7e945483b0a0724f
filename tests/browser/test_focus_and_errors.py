"""Keyboard users see where they are, and a refused form says what to fix (issue 29, item 9).

- A keyboard pass: Tab through representative pages; every element that takes the
  focus draws a ring at least 2 px wide whose colour differs from the background
  behind it by at least 3:1 (WCAG 2.4.7, 1.4.11).
- An invalid submission moves the focus to a summary naming each field, marks the
  fields aria-invalid and puts "입력 오류" in the title.
- Public and error pages carry the same help line; the official-site masthead
  appears only when the setting turns it on.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import axe_check, login
from tests.factories import make_open_meeting

pytestmark = pytest.mark.browser

RING = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  // A KRDS checkbox is drawn by its label (the input itself is transparent).
  if (Number(getComputedStyle(el).opacity) === 0 && el.labels && el.labels.length) el = el.labels[0];
  const style = getComputedStyle(el);
  const parse = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = el.parentElement, bg = [255, 255, 255];
  while (node) {
    const c = getComputedStyle(node).backgroundColor;
    const v = c.match(/[\\d.]+/g);
    if (v && (v.length < 4 || Number(v[3]) > 0.5)) { bg = parse(c); break; }  // a faint tint is not the backdrop
    node = node.parentElement;
  }
  const ring = parse(style.outlineColor);
  const [a, b] = [lum(ring), lum(bg)].sort((x, y) => y - x);
  return {
    what: el.tagName + ' ' + (el.textContent || el.name || '').trim().slice(0, 20),
    width: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    contrast: (a + 0.05) / (b + 0.05),
  };
}"""


def _tab_through(page, stops: int = 25) -> list[str]:
    problems = []
    page.locator("body").focus()
    for _ in range(stops):
        page.keyboard.press("Tab")
        ring = page.evaluate(RING)
        if ring is None:
            continue
        if ring["width"] < 2 or ring["contrast"] < 3:
            problems.append(f"{page.url} {ring}")
    return problems


@pytest.fixture
def open_meeting_for_member(world):
    return make_open_meeting(
        world.council, invite=[world.member], deadline=timezone.now() + dt.timedelta(days=5)
    )


def test_every_tab_stop_shows_a_visible_ring(page, new_page, world, open_meeting_for_member):
    page.goto(reverse("login"))
    problems = _tab_through(page)
    login(page, world.staff.username)
    page.goto(reverse("portal:dashboard", args=["geumjeong"]))
    problems += _tab_through(page)
    member = new_page(width=360, height=800)
    login(member, world.member.user.username)
    member.goto(reverse("council:my_opinion", args=["geumjeong", open_meeting_for_member.slug]))
    problems += _tab_through(member)
    assert problems == []


def test_an_invalid_submission_focuses_a_summary_and_marks_the_fields(page, world):
    login(page, world.staff.username)
    page.goto(reverse("council:meeting_create", args=["geumjeong"]))
    page.get_by_role("button", name="저장").first.click()
    page.wait_for_load_state()
    focused = page.evaluate("() => document.activeElement.className")
    assert "error-summary" in focused
    summary = page.locator(".error-summary")
    assert "입력한 내용을 확인해 주세요" in summary.inner_text()
    assert summary.locator("a").count() >= 1
    assert page.title().startswith("입력 오류: ")
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 1
    axe_check(page)


def test_public_and_error_pages_carry_the_help_line(page, settings, db):
    settings.PORTAL_HELP_CONTACT = "금정구청 아동청소년과 051-519-0000"
    for path in (reverse("login"), reverse("archive:index"), "/no-such-page/"):
        page.goto(path)
        footer = page.locator("footer").inner_text()
        assert "도움이 필요하면: 금정구청 아동청소년과 051-519-0000" in footer, path


def test_the_official_masthead_appears_only_when_turned_on(page, settings, db):
    page.goto(reverse("login"))
    assert page.locator("#krds-masthead").count() == 0
    settings.PORTAL_OFFICIAL_MASTHEAD = True
    page.goto(reverse("login"))
    assert (
        "이 누리집은 대한민국 공식 전자정부 누리집입니다."
        in page.locator("#krds-masthead").inner_text()
    )
    axe_check(page)
