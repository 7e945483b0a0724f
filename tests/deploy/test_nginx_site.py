"""The README's nginx site (deploy/nginx.conf), run as written, in front of one server.

Debian's nginx runs the file with a private prefix; only its ports, upstream
address and the certificate and error-page paths are replaced
(bench/nginx_site.py; a self-signed certificate for the site's name). In front of gunicorn started from config/gunicorn.conf.py, a visitor
is sent from HTTP to HTTPS, gets compressed pages that Django knows came over
HTTPS (HSTS, Secure cookies), and a forged X-Forwarded-For never reaches the
login lockout. Without nginx or openssl it skips locally and fails under CI=true.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import socket
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bench.nginx_site import NginxSite
from tests.deploy.support import (
    HOST,
    Gunicorn,
    django_script,
    free_port,
    manage,
    new_database,
    portal_env,
    require_tool,
)

pytestmark = pytest.mark.deploy

USERNAME, PASSWORD = "nginx-site-admin", "nginx-site-password-2026"


@dataclass
class Site:
    env: dict
    http_port: int
    https_port: int
    certificate: Path
    proxy: NginxSite | None = None


class _TLSConnection(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 that checks the certificate against the site's name."""

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=HOST)


def _request(site: Site, method: str, path: str, *, tls=True, body=None, headers=None):
    sent = {"Host": HOST, **(headers or {})}
    data = None
    if body is not None:
        data = urlencode(body).encode()
        sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent["Origin"] = f"https://{HOST}"
        sent["Referer"] = f"https://{HOST}{path}"
    if tls:
        context = ssl.create_default_context(cafile=str(site.certificate))
        conn = _TLSConnection("127.0.0.1", site.https_port, timeout=60, context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=60)
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def _cookies(headers) -> dict[str, str]:
    return {value.split("=", 1)[0]: value for value in headers.get_all("Set-Cookie") or []}


def _login_form(site: Site) -> tuple[str, str]:
    """The login form's CSRF token and the CSRF cookie to send back with it."""
    _, headers, page = _request(site, "GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    return token, _cookies(headers)["csrftoken"].split(";", 1)[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    nginx = require_tool("nginx", "Debian's nginx, for the README's nginx site")
    openssl = require_tool("openssl", "to make the test's self-signed certificate")
    tmp = tmp_path_factory.mktemp("nginx-site")
    app = free_port()
    with new_database("site") as database_url:
        env = portal_env(tmp / "data", database_url, DJANGO_TRUSTED_PROXIES="127.0.0.1")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        django_script(
            env,
            "from django.contrib.auth.models import User\n"
            f"User.objects.create_superuser({USERNAME!r}, 'admin@example.com', {PASSWORD!r})",
        )
        with (
            Gunicorn(env, app, tmp / "gunicorn.log"),
            NginxSite(
                nginx, openssl, upstreams=[app], static_root=tmp / "data" / "staticfiles"
            ) as proxy,
        ):
            yield Site(env, proxy.http_port, proxy.https_port, proxy.certificate, proxy)


def test_plain_http_is_sent_to_https(site):
    status, headers, _ = _request(site, "GET", "/accounts/login/?next=/", tls=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/accounts/login/?next=/"


def test_pages_come_compressed_and_django_knows_they_came_over_https(site):
    status, headers, body = _request(
        site, "GET", "/accounts/login/", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    page = gzip.decompress(body).decode()
    assert "아이디" in page and "비밀번호" in page
    # HSTS is sent only for requests Django sees as HTTPS: the header nginx set arrived.
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["Server"] == "nginx"  # no version

    status, headers, body = _request(site, "GET", "/accounts/login/")
    assert status == 200 and headers["Content-Encoding"] is None
    assert "아이디" in body.decode()


def test_a_static_file_passes_through_already_compressed_and_cached(site):
    _, _, body = _request(site, "GET", "/accounts/login/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', body.decode()).group(1)
    status, headers, content = _request(
        site, "GET", stylesheet, headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert gzip.decompress(content)


def test_logging_in_through_nginx_gives_a_secure_session_cookie(site):
    token, csrf = _login_form(site)
    status, headers, _ = _request(
        site,
        "POST",
        "/accounts/login/",
        body={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Cookie": csrf},
    )
    assert status == 302
    session = _cookies(headers)["sessionid"]
    assert "Secure" in session and "HttpOnly" in session


def test_a_forged_forwarded_address_never_reaches_the_lockout(site):
    token, csrf = _login_form(site)
    status, _, body = _request(
        site,
        "POST",
        "/accounts/login/",
        body={"username": "nobody-here", "password": "wrong", "csrfmiddlewaretoken": token},
        headers={"Cookie": csrf, "X-Forwarded-For": "203.0.113.9"},
    )
    assert status == 200 and "맞지 않습니다" in body.decode()
    recorded = json.loads(
        django_script(
            site.env,
            "import json\nfrom axes.models import AccessAttempt\n"
            "print(json.dumps(sorted(set(AccessAttempt.objects.filter("
            "username='nobody-here').values_list('ip_address', flat=True)))))",
        )
        .strip()
        .splitlines()[-1]
    )
    assert recorded == ["127.0.0.1"]


def _korean_error_page(body: bytes) -> str:
    page = body.decode()
    assert '<html lang="ko">' in page
    # Not nginx's English page ("<center>nginx</center>", "413 Request Entity Too Large").
    assert "nginx" not in page.lower() and "Request Entity" not in page
    return page


def test_an_upload_over_the_limit_gets_the_korean_413_page(site):
    """nginx refuses a body over client_max_body_size from its Content-Length alone."""
    context = ssl.create_default_context(cafile=str(site.certificate))
    with (
        socket.create_connection(("127.0.0.1", site.https_port), timeout=30) as raw,
        context.wrap_socket(raw, server_hostname=HOST) as sock,
    ):
        sock.sendall(
            (
                f"POST /accounts/login/ HTTP/1.1\r\nHost: {HOST}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {26 * 1024 * 1024}\r\nConnection: close\r\n\r\n"
            ).encode()
        )
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = response.read()
    assert response.status == 413
    assert response.headers["Content-Type"].startswith("text/html")
    page = _korean_error_page(body)
    assert "보낸 파일이 너무 큽니다" in page and "20MB" in page


def test_no_app_server_answering_gets_the_korean_502_page(site, tmp_path):
    """The same site file in front of a server that is down: nginx's 502, in Korean."""
    nginx = require_tool("nginx", "Debian's nginx")
    openssl = require_tool("openssl", "for the certificate")
    static_root = Path(site.env["DJANGO_DATA_DIR"]) / "staticfiles"
    with NginxSite(nginx, openssl, upstreams=[free_port()], static_root=static_root) as down:
        site_down = Site(site.env, down.http_port, down.https_port, down.certificate)
        status, headers, body = _request(site_down, "GET", "/c/geumjeong/")
    assert status == 502
    assert headers["Cache-Control"] == "no-store"
    page = _korean_error_page(body)
    assert "잠시 후 다시 시도해 주세요" in page
    # The portal's own errors pass through nginx untouched: its Korean 404.
    status, _, body = _request(site, "GET", "/no-such-page/")
    assert status == 404 and "페이지를 찾을 수 없습니다" in body.decode()


def test_the_access_log_masks_reset_tokens_and_states_the_offset(site):
    token = "dj7026-8085998a62a71effe2e633c139f05c34"
    status, headers, _ = _request(site, "GET", f"/accounts/reset/MQ/{token}/")
    assert status in (200, 302)
    # nginx writes its log line after the response has left: wait for it (bounded).
    deadline = time.monotonic() + 5
    log = site.proxy.access_log()
    while "/accounts/reset/MQ/" not in log and time.monotonic() < deadline:
        time.sleep(0.05)
        log = site.proxy.access_log()
    assert token not in log
    assert '"GET /accounts/reset/MQ/******** HTTP/' not in log  # the slash is kept
    assert '"GET /accounts/reset/MQ/********/ HTTP/2.0"' in log or (
        '"GET /accounts/reset/MQ/********/ HTTP/1.1"' in log
    ), log[-1000:]
    assert re.search(r"\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]", log)
