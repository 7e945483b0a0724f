"""The axe helper itself: it must see a violation when there is one."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_check, axe_violations

pytestmark = pytest.mark.browser


def test_it_fails_on_a_page_with_a_violation(page, db):
    page.goto("/accounts/login/")
    # An unlabelled text box and an image without alt text, added after load.
    page.evaluate(
        "() => { const i = document.createElement('input'); i.type = 'text';"
        " document.querySelector('main').appendChild(i);"
        " const img = document.createElement('img'); img.src = 'data:,';"
        " document.querySelector('main').appendChild(img); }"
    )
    ids = {violation["id"] for violation in axe_violations(page)}
    assert {"label", "image-alt"} <= ids
    with pytest.raises(AssertionError, match="image-alt"):
        axe_check(page)


def test_it_fails_fast_instead_of_hanging_on_a_page_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    with pytest.raises(pytest.fail.Exception, match="JavaScript"):
        axe_violations(page)
    context.close()
