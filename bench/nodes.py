"""The deadline spike through nginx in front of two app servers on one PostgreSQL.

    python -m bench.nodes NGINX_PORT NODE_A_PORT NODE_B_PORT

Run by bench/run.py under scripts/with-postgres.sh (DATABASE_URL set). nginx
runs the README's site file deploy/nginx.conf over HTTPS (bench/nginx_site.py:
only ports, the upstream list and certificate paths swapped), with a private
prefix in the foreground; each node is gunicorn with 2 workers and the bench
settings, the data directory is shared. After the spike, a rolling update
(each server's gunicorn reloaded with SIGHUP in turn, 6 s apart) under steady
load counts failed requests and the longest wait. Prints one JSON document, or a SKIPPED line when
nginx or PostgreSQL is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def rolling_update(
    port: int,
    requests: list[tuple[str, dict]],
    masters: list[subprocess.Popen],
    *,
    settle: float = 6.0,
    clients: int = 4,
) -> dict:
    """Steady load through nginx while each app server is reloaded in turn, as the
    documented rolling update does (`systemctl reload` = SIGHUP to gunicorn's master:
    new workers with the new code, old ones finish what they hold).

    `clients` threads loop over `requests` (path, cookie jar; GET, idempotent) from
    `settle` seconds before the first reload until `settle` seconds after the last;
    servers are reloaded `settle` seconds apart. Returns the number of requests, how
    many failed (not 200, or no answer) and the longest wait."""
    import threading
    import time

    from bench.web import request

    stop = threading.Event()
    lock = threading.Lock()
    outcomes: list[tuple[int, float]] = []

    def client(offset: int) -> None:
        i = offset
        while not stop.is_set():
            path, jar = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            try:
                status, _h, _b, _e = request(port, "GET", path, jar, timeout=60)
            except OSError:
                status = 0
            with lock:
                outcomes.append((status, time.perf_counter() - started))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(settle)
    for master in masters:
        master.send_signal(signal.SIGHUP)
        time.sleep(settle)
    stop.set()
    for thread in threads:
        thread.join(timeout=90)
    failed = [status for status, _s in outcomes if status != 200]
    return {
        "requests": len(outcomes),
        "failed": len(failed),
        "failed_statuses": sorted(set(failed)),
        "longest_wait_ms": round(max(seconds for _s, seconds in outcomes) * 1000),
        "servers_reloaded": len(masters),
        "clients": clients,
        "seconds": round(settle * (len(masters) + 1), 1),
    }


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
    from bench import web
    from bench.nginx_site import NginxSite

    with (
        Gunicorn(node_a) as a,
        Gunicorn(node_b) as b,
        NginxSite(
            nginx_binary(),
            shutil.which("openssl"),
            upstreams=[node_a, node_b],
            static_root=ROOT / "static",
        ) as site,
    ):
        context = site.client_context()
        context.check_hostname = False  # the load generator connects to 127.0.0.1
        web.TLS_PORTS[site.https_port] = context
        results, baseline, span = rush_with_baseline(site.https_port, path, cookies, window)
        rolling = rolling_update(
            site.https_port, [(path, jar) for jar in cookies[:20]], [a.proc, b.proc]
        )
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
        "rolling_update": rolling,
    }


if __name__ == "__main__":
    if not nginx_binary() or not shutil.which("openssl"):
        print("SKIPPED: nginx or openssl is not installed (apt-get install nginx openssl)")
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
