"""deploy/nginx.conf run as written, for the tests and the bench.

Debian's nginx runs the site file with a private prefix in the foreground; only
what a district changes is replaced: the ports it listens on, the upstream list
(one `server` line per app server, keeping the file's max_fails/fail_timeout),
the certificate paths (a self-signed certificate for the site's name, made
here with openssl), the folder of the error pages (the data directory's
collected static files) and the access log's path. Used by tests/deploy/test_nginx_site.py,
tests/deploy/test_two_nodes.py and bench/nodes.py.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx.conf"
SERVER_NAME = "dolbom.example.go.kr"
UPSTREAM_LINE = re.compile(r"^(\s*)server 127\.0\.0\.1:8001( [^;]*);$", re.M)
# The literal values of deploy/nginx.conf that are swapped, each found exactly once.
SWAPS = (
    "listen 80;",
    "listen 443 ssl http2;",
    "/etc/ssl/dolbom/fullchain.pem",
    "/etc/ssl/dolbom/privkey.pem",
    "alias /srv/dolbom/data/staticfiles/errors/;",
    "access_log /var/log/nginx/dolbom.access.log dolbom;",
)
WRAPPER = """{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_config(
    *,
    http_port: int,
    https_port: int,
    upstreams: list[int],
    certificate: Path,
    key: Path,
    static_root: Path,
    access_log: Path,
) -> str:
    text = SITE.read_text()
    for literal in SWAPS:
        assert text.count(literal) == 1, f"deploy/nginx.conf no longer says {literal!r} once"
    [upstream] = UPSTREAM_LINE.findall(text)
    indent, parameters = upstream
    servers = "\n".join(f"{indent}server 127.0.0.1:{port}{parameters};" for port in upstreams)
    return (
        UPSTREAM_LINE.sub(lambda _m: servers, text)
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        .replace("/etc/ssl/dolbom/fullchain.pem", str(certificate))
        .replace("/etc/ssl/dolbom/privkey.pem", str(key))
        .replace(
            "alias /srv/dolbom/data/staticfiles/errors/;",
            f"alias {static_root / 'errors'}/;",
        )
        .replace("/var/log/nginx/dolbom.access.log", str(access_log))
    )


class NginxSite:
    """`with NginxSite(nginx, openssl, upstreams=[…], static_root=…) as site:` —
    site.https_port, site.http_port, site.certificate, site.client_context()."""

    def __init__(self, nginx: str, openssl: str, *, upstreams: list[int], static_root: Path):
        self.nginx, self.openssl = nginx, openssl
        self.upstreams = upstreams
        self.static_root = static_root
        self.http_port, self.https_port = _free_port(), _free_port()
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> NginxSite:
        self.prefix = Path(tempfile.mkdtemp(prefix="nginx-site-"))
        self.certificate, key = self.prefix / "fullchain.pem", self.prefix / "privkey.pem"
        subprocess.run(
            [self.openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", f"/CN={SERVER_NAME}", "-addext", f"subjectAltName=DNS:{SERVER_NAME}",
             "-keyout", str(key), "-out", str(self.certificate)],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        (self.prefix / "site.conf").write_text(
            site_config(
                http_port=self.http_port,
                https_port=self.https_port,
                upstreams=self.upstreams,
                certificate=self.certificate,
                key=key,
                static_root=self.static_root,
                access_log=self.prefix / "site-access.log",
            )
        )
        # Run as root (CI), nginx's workers would be `nobody`, who cannot read the
        # private temporary folders the error pages are in; as another user the
        # workers are that user anyway.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.prefix / "nginx.conf").write_text(WRAPPER.format(prefix=self.prefix, user=user))
        self.log = self.prefix / "nginx.out"
        self.proc = subprocess.Popen(
            [self.nginx, "-c", str(self.prefix / "nginx.conf"), "-p", str(self.prefix),
             "-g", "daemon off;"],
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.log.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"nginx did not listen on {self.https_port}")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        shutil.rmtree(self.prefix, ignore_errors=True)

    def client_context(self) -> ssl.SSLContext:
        """Trusts the site's certificate (checked against SERVER_NAME by the caller's
        server_hostname, or by address-agnostic clients with check_hostname off)."""
        return ssl.create_default_context(cafile=str(self.certificate))

    def access_log(self) -> str:
        """The site's access log (deploy/nginx.conf's `access_log … dolbom`)."""
        return (self.prefix / "site-access.log").read_text()
