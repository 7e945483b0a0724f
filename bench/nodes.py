"""The deadline spike through nginx in front of two app servers on one PostgreSQL.

    python -m bench.nodes NGINX_PORT NODE_A_PORT NODE_B_PORT

Run by bench/run.py under scripts/with-postgres.sh (DATABASE_URL set). nginx
runs deploy/nginx-two-nodes.conf as it is, with a private prefix in the
foreground; each node is gunicorn with 2 workers and the bench settings, the
data directory is shared. Prints one JSON document, or a SKIPPED line when
nginx or PostgreSQL is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx-two-nodes.conf"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


class Nginx:
    def __init__(self, port: int, nodes: tuple[int, int]):
        self.port = port
        self.nodes = nodes
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Nginx:
        self.prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        config = (
            TEMPLATE.read_text()
            .replace("@PREFIX@", str(self.prefix))
            .replace("@LISTEN@", f"127.0.0.1:{self.port}")
            .replace("@NODE_A@", f"127.0.0.1:{self.nodes[0]}")
            .replace("@NODE_B@", f"127.0.0.1:{self.nodes[1]}")
        )
        (self.prefix / "nginx.conf").write_text(config)
        self.proc = subprocess.Popen(
            [
                nginx_binary(),
                "-c",
                str(self.prefix / "nginx.conf"),
                "-p",
                str(self.prefix),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=sys.stderr,
        )
        import socket
        import time

        from bench.web import HOST

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"nginx did not listen on {self.port}")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        shutil.rmtree(self.prefix, ignore_errors=True)


def main(nginx_port: int, node_a: int, node_b: int, members: int, window: float) -> dict:
    from django.db import connection
    from django.db import connections as db_connections

    from bench.data import make_world
    from bench.web import (
        Gunicorn,
        invite_spike_members,
        opinion_url,
        rush_with_baseline,
        session_cookie,
        spike_summary,
    )
    from council.models import Opinion

    world = make_world()
    spikers = invite_spike_members(world, members)
    path = opinion_url(world)
    cookies = [session_cookie(m.user) for m in spikers]
    vendor = connection.vendor
    db_connections.close_all()
    with Gunicorn(node_a), Gunicorn(node_b), Nginx(nginx_port, (node_a, node_b)):
        results, baseline, span = rush_with_baseline(nginx_port, path, cookies, window)
    db_connections.close_all()
    submitted = Opinion.objects.filter(
        meeting=world.open_meeting, member__in=spikers, status=Opinion.Status.SUBMITTED
    ).count()
    return {
        "database": vendor,
        "path": path,
        "window_s": window,
        "nodes": 2,
        **spike_summary(results, baseline, span, members, submitted),
    }


if __name__ == "__main__":
    if not nginx_binary():
        print("SKIPPED: nginx is not installed (apt-get install nginx)")
        sys.exit(0)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("SKIPPED: two app servers need PostgreSQL (run under scripts/with-postgres.sh)")
        sys.exit(0)
    from bench.web import SERVER_SETTINGS

    os.environ.update(SERVER_SETTINGS)
    os.environ["DJANGO_TRUSTED_PROXIES"] = "127.0.0.1"
    import bench.boot  # noqa: F401  (Django on a fresh bench database)

    ports = [int(arg) for arg in sys.argv[1:4]]
    out = main(*ports, int(os.environ.get("BENCH_SPIKE_MEMBERS", "200")), 10.0)
    print(json.dumps(out, ensure_ascii=False))
