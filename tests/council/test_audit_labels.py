"""Every audit label names an action the portal records, and every recorded action has one."""

from __future__ import annotations

import re
from pathlib import Path

from council.audit_views import _RESULT_DOWNLOAD, KIND_LABELS, LOGIN_KINDS

ROOT = Path(__file__).resolve().parents[2]
APPS = ("council", "facilities", "proposals", "reports", "portal")
# audit.record(request, action=...), the archive's _record_staff(request, result, action=...)
# and a service's audit.record_by(user, action=...)
RECORD = re.compile(
    r"(?:audit\.record|_record_staff|audit\.record_by)\(\s*(?:request|by|user),\s*"
    r"(?:result,\s*)?action=f?\"([^\"]+)\"",
    re.S,
)


def _recorded_actions() -> set[str]:
    actions = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            actions.update(RECORD.findall(path.read_text(encoding="utf-8")))
    return actions


def test_every_label_is_for_an_action_that_is_recorded():
    recorded = _recorded_actions()
    assert recorded, "no audit.record(...) call found: the pattern is out of date"
    expanded = recorded | {
        action.replace("{fmt}", fmt)
        for action in recorded
        for fmt in ("hwpx", "pdf", "xlsx", "zip")
    }
    unused = set(KIND_LABELS) - set(LOGIN_KINDS) - expanded
    assert not unused


def test_every_recorded_action_has_a_label():
    # f-string actions (result_preview_{fmt}, result_v{n}_{fmt}) are named by a pattern.
    examples = {
        "result_preview_{fmt}": ["result_preview_pdf"],
        "result_v{result.version}_{fmt}": ["result_v2_pdf"],
        "result_v{result.version}_html": ["result_v2_html"],
        "archive_{fmt}": ["archive_pdf", "archive_xlsx", "archive_hwpx"],
        "request_letter_{fmt}": ["request_letter_hwpx", "request_letter_pdf", "request_letter_zip"],
    }
    for recorded in _recorded_actions():
        for action in examples.get(recorded, [recorded]):
            assert action in KIND_LABELS or _RESULT_DOWNLOAD.match(action), action
