"""The README's single-server nginx site (deploy/nginx.conf), run as written.

Debian's nginx runs the file with a private prefix; only its ports and the
certificate paths are replaced (a self-signed certificate for the site's
name). In front of gunicorn started from config/gunicorn.conf.py, a visitor
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
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.deploy.support import (
    BASE_DIR,
    HOST,
    Gunicorn,
    django_script,
    free_port,
    manage,
    new_database,
    portal_env,
    require_tool,
    stop,
    wait_for_port,
)

pytestmark = pytest.mark.deploy

SITE = BASE_DIR / "deploy" / "nginx.conf"
USERNAME, PASSWORD = "nginx-site-admin", "nginx-site-password-2026"
# The literal values of deploy/nginx.conf the test swaps, each found exactly so often.
SWAPS = {
    "listen 80;": 1,
    "listen 443 ssl http2;": 1,
    "/etc/ssl/dolbom/fullchain.pem": 1,
    "/etc/ssl/dolbom/privkey.pem": 1,
    "server 127.0.0.1:8001;": 1,
}
WRAPPER = """worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/site.conf;
}}
"""


@dataclass
class Site:
    env: dict
    http_port: int
    https_port: int
    certificate: Path


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
    prefix = tmp / "nginx"
    prefix.mkdir()
    certificate, key = tmp / "fullchain.pem", tmp / "privkey.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    app, http_port, https_port = free_port(), free_port(), free_port()
    text = SITE.read_text()
    for literal, times in SWAPS.items():
        assert text.count(literal) == times, f"deploy/nginx.conf no longer says {literal!r}"
    text = (
        text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        .replace("/etc/ssl/dolbom/fullchain.pem", str(certificate))
        .replace("/etc/ssl/dolbom/privkey.pem", str(key))
        .replace("server 127.0.0.1:8001;", f"server 127.0.0.1:{app};")
    )
    (prefix / "site.conf").write_text(text)
    (prefix / "nginx.conf").write_text(WRAPPER.format(prefix=prefix))
    with new_database("site") as database_url:
        env = portal_env(tmp / "data", database_url, DJANGO_TRUSTED_PROXIES="127.0.0.1")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        django_script(
            env,
            "from django.contrib.auth.models import User\n"
            f"User.objects.create_superuser({USERNAME!r}, 'admin@example.com', {PASSWORD!r})",
        )
        with Gunicorn(env, app, tmp / "gunicorn.log"):
            proxy = subprocess.Popen(
                [nginx, "-c", str(prefix / "nginx.conf"), "-p", str(prefix), "-g", "daemon off;"],
                stdout=(tmp / "nginx.out").open("wb"),
                stderr=subprocess.STDOUT,
            )
            try:
                wait_for_port(https_port, proxy, tmp / "nginx.out")
                yield Site(env, http_port, https_port, certificate)
            finally:
                stop(proxy)


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
