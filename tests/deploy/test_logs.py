"""Logs an operator can read during an outage: one traceback per kind of failure and
minute (with a count of the rest), one access line per request, times with their offset,
and no password-reset token in the access log."""

from __future__ import annotations

import logging
import re
import time

import pytest

from config.access_log import mask_reset_tokens
from config.logs import RepeatsOncePerMinute
from tests.deploy.support import Browser, Gunicorn, free_port, portal_env


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def _failure(text: str) -> Exception:
    try:
        raise ConnectionError(text)
    except ConnectionError as exc:
        return exc


def test_the_same_error_is_logged_once_a_minute_with_a_count():
    logger = logging.getLogger("tests.repeats")
    logger.propagate = False
    handler = _Collect()
    repeats = RepeatsOncePerMinute()
    repeats.window = 0.3
    handler.addFilter(repeats)
    logger.addHandler(handler)
    try:
        outage = _failure("connection to server failed")
        for path in range(40):
            logger.error(
                "Internal Server Error: /page/%s", path, exc_info=(ConnectionError, outage, None)
            )
        logger.error(
            "Internal Server Error: %s", "/x", exc_info=(ValueError, ValueError("bug"), None)
        )
        logger.warning("Not Found: /a")
        logger.warning("Not Found: /a")
        assert [r.levelname for r in handler.records] == ["ERROR", "ERROR", "WARNING", "WARNING"]
        time.sleep(0.35)
        logger.error(
            "Internal Server Error: /page/%s", 41, exc_info=(ConnectionError, outage, None)
        )
        last = handler.records[-1]
        assert "같은 오류 39번 더" in last.getMessage()
        assert last.getMessage().startswith("Internal Server Error: /page/41")
    finally:
        logger.removeHandler(handler)


def test_reset_tokens_are_masked_but_the_set_password_step_is_kept():
    line = "GET /accounts/reset/MQ/dj7026-8085998a62a71effe2e633c139f05c34/ HTTP/1.1"
    assert mask_reset_tokens(line) == "GET /accounts/reset/MQ/********/ HTTP/1.1"
    kept = "GET /accounts/reset/MQ/set-password/ HTTP/1.1"
    assert mask_reset_tokens(kept) == kept


@pytest.mark.deploy
def test_a_database_outage_through_gunicorn_logs_one_traceback(tmp_path):
    """gunicorn in front of a PostgreSQL that is not there: every request is a Korean 500
    and one access line; the portal log has one error with its traceback for all of
    them (per worker process), and every line's time has its offset."""
    dead = free_port()
    env = portal_env(
        tmp_path / "data", f"postgres://portal:pw@127.0.0.1:{dead}/portal", TZ="Asia/Seoul"
    )
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with Gunicorn(env, port, log):
        visitor = Browser(port)
        statuses = [visitor.get(f"/archive/?page={n}")[0] for n in range(20)]
        token = "dj7026-8085998a62a71effe2e633c139f05c34"
        visitor.get(f"/accounts/reset/MQ/{token}/")
    text = log.read_text()
    assert statuses == [500] * 20
    assert len(re.findall(r'"GET /archive/\?page=\d+ HTTP/1\.1" 500 ', text)) == 20
    # Each of gunicorn's 2 workers (GUNICORN_WORKERS) keeps its own count: at most one
    # logged error with its traceback per worker for the 21 failed requests.
    errors = re.findall(r"^\S+ ERROR django\.request: .*$", text, re.M)
    assert 1 <= len(errors) <= 2, errors
    assert text.count("Traceback (most recent call last)") <= 2 * 3  # chained: 3 per error
    assert token not in text
    assert "/accounts/reset/MQ/********/" in text
    # gunicorn's access lines ([06/Dec/2026:19:12:03 +0900]) and the portal's
    # (2026-12-06T19:12:03+0900 ERROR …) carry the offset.
    assert re.search(r"\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0900\]", text)
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0900 ERROR django\.request: ", text, re.M)
