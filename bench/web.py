"""Throughput and the deadline spike, against gunicorn (2 workers) on 127.0.0.1.

    python -m bench.web throughput PORT   # opinion page, dashboard, public finder, bare views
    python -m bench.web spike PORT        # 200 members submit within 10 s
    python -m bench.web health PORT       # /health/ against the bare view

Each prints one JSON document. The database is the one bench.boot set up
(SQLite under /tmp/bench-*, or PostgreSQL when DATABASE_URL is set, e.g. by
scripts/with-postgres.sh). Every load loop is bounded in requests and time and
talks to 127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
# The server's settings: production-like (DEBUG off). The driver process uses the
# same ones, so the sessions it stores are signed with the server's key.
SERVER_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": HOST,
    "DJANGO_SECURE_SSL_REDIRECT": "false",
}

if __name__ == "__main__":
    os.environ.update(SERVER_SETTINGS)
    import bench.boot  # noqa: F401  (Django on a fresh bench database)

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 200_000
# Ports that speak HTTPS (the nginx site, bench/nginx_site.py) → the client's TLS context.
TLS_PORTS: dict[int, ssl.SSLContext] = {}
ROUNDS = 3  # interleaved rounds per page; a figure is their median


# --- the server ---------------------------------------------------------------


def server_env() -> dict:
    env = dict(os.environ)
    env.update(SERVER_SETTINGS, PYTHONPATH=str(ROOT))
    return env


class Gunicorn:
    """gunicorn config.wsgi with the bench settings (or `env`), 2 sync workers, loopback only."""

    def __init__(self, port: int, workers: int = 2, env: dict | None = None):
        self.port = port
        self.workers = workers
        self.env = env
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.proc = subprocess.Popen(
            [
                str(gunicorn),
                "config.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"{HOST}:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=self.env or server_env(),
            stdout=subprocess.DEVNULL,
            stderr=sys.stderr,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not listen on {HOST}:{self.port} within 30 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def request(
    port: int, method: str, path: str, cookies: dict, body: bytes | None = None, timeout=30
) -> tuple[int, list[tuple[str, str]], bytes, float]:
    """One request on a fresh connection: status, headers, body, seconds."""
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Host": HOST}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    tls = TLS_PORTS.get(port)
    if tls is None:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    else:
        # Through the nginx site over HTTPS: Django checks a POST's origin there.
        headers["Origin"] = f"https://{HOST}"
        conn = http.client.HTTPSConnection(HOST, port, timeout=timeout, context=tls)
    start = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        elapsed = time.perf_counter() - start
        return resp.status, resp.getheaders(), data, elapsed
    finally:
        conn.close()


def set_cookies(headers: list[tuple[str, str]]) -> dict:
    """Name → value of every Set-Cookie header of a response."""
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


# --- load generators ----------------------------------------------------------


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(port: int, path: str, cookies: dict, seconds: int, connections: int) -> dict:
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-H",
            f"Cookie: {cookie}",
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {
        "tool": "wrk",
        "rps": rps,
        "requests": total,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def run_python_load(port: int, path: str, cookies: dict, seconds: int, connections: int) -> dict:
    """The fallback when wrk is missing: threads with keep-alive http.client connections."""
    stop_at = time.monotonic() + seconds
    counts = {"ok": 0, "bad": 0, "errors": 0}
    lock = threading.Lock()
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        ok = bad = errors = 0
        while time.monotonic() < stop_at and ok + bad + errors < MAX_REQUESTS // connections:
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Host": HOST})
                resp = conn.getresponse()
                resp.read()
                if 200 <= resp.status < 400:
                    ok += 1
                else:
                    bad += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
        conn.close()
        with lock:
            counts["ok"] += ok
            counts["bad"] += bad
            counts["errors"] += errors

    start = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 30)
    elapsed = time.monotonic() - start
    total = counts["ok"] + counts["bad"]
    return {
        "tool": "python-threads",
        "rps": total / elapsed,
        "requests": total,
        "non_2xx": counts["bad"],
        "socket_errors": str(counts["errors"]) if counts["errors"] else "",
    }


def load(port: int, path: str, cookies: dict, seconds: int, connections: int = 4) -> dict:
    if wrk_available() and os.environ.get("BENCH_NO_WRK") != "1":
        return run_wrk(port, path, cookies, seconds, connections)
    return run_python_load(port, path, cookies, seconds, connections)


# --- the bench database ---------------------------------------------------------


def session_cookie(user) -> dict:
    """A logged-in session for `user`, stored in the bench database. Staff must pass
    the second factor before any page (council/two_factor.py): their session carries
    a confirmed authenticator, as after entering its code, so the bench measures the
    page and not the redirect to the code page."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from council import two_factor

    client = Client()
    client.force_login(user)
    if two_factor.required_for(user):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return {"sessionid": client.cookies["sessionid"].value}


def opinion_url(world) -> str:
    """The member's opinion page."""
    from django.urls import reverse

    return reverse(
        "council:my_opinion",
        kwargs={"council": world.council.slug, "meeting": world.open_meeting.slug},
    )


# --- throughput -----------------------------------------------------------------


def cpu_per_request(targets: dict, n: int = 100) -> dict:
    """CPU milliseconds per request in this process (Django test client, same settings as
    the server): immune to other programs on the machine, unlike requests per second."""
    from django.test import Client

    out = {}
    for label, (path, cookies) in targets.items():
        client = Client(HTTP_HOST=HOST)
        if "sessionid" in cookies:
            client.cookies["sessionid"] = cookies["sessionid"]
        for _ in range(10):
            client.get(path)
        start = time.process_time()
        for _ in range(n):
            client.get(path)
        out[label] = round((time.process_time() - start) * 1000 / n, 2)
    return out


def throughput(port: int, seconds: int) -> dict:
    from django.db import connections as db_connections
    from django.urls import reverse

    from bench.data import grow, make_world

    world = grow(make_world(), 10)
    member, staff = session_cookie(world.member.user), session_cookie(world.staff)
    opinion_path = opinion_url(world)
    targets = {
        "bare view (member)": (reverse("bench_bare"), member),
        "opinion page": (opinion_path, member),
        "bare view (staff)": (reverse("bench_bare"), staff),
        "staff dashboard": (reverse("portal:dashboard", args=[world.council.slug]), staff),
        # A parent without a session: the finder (its server copy, as in production).
        "bare view (anonymous)": (reverse("bench_bare_public"), {}),
        "public finder": (reverse("finder:index", args=[world.council.slug]), {}),
        # The registry as open data (a harvester polling the CSV, no session).
        "open-data list": (reverse("finder:open_data_csv", args=[world.council.slug]), {}),
    }
    results: dict = {"opinion_path": opinion_path}
    results["cpu_ms"] = cpu_per_request(targets)
    db_connections.close_all()
    with Gunicorn(port):
        for label, (path, cookies) in targets.items():
            status, _, _, _ = request(port, "GET", path, cookies)
            if status != 200:
                results[label] = {"error": f"GET {path} answered {status}"}
            else:
                load(port, path, cookies, 2)  # warm-up, not counted
        # Alternate page and baseline in short rounds, so drift on a shared machine
        # hits both alike; a figure is the median of its rounds.
        rounds: dict[str, list[dict]] = {label: [] for label in targets}
        for _ in range(ROUNDS):
            for label, (path, cookies) in targets.items():
                if "error" not in results.get(label, {}):
                    rounds[label].append(load(port, path, cookies, seconds // ROUNDS))
        for label, runs in rounds.items():
            if runs:
                results[label] = {
                    "path": targets[label][0],
                    "tool": runs[0]["tool"],
                    "rps": statistics.median(r["rps"] for r in runs),
                    "requests": sum(r["requests"] for r in runs),
                    "non_2xx": sum(r["non_2xx"] for r in runs),
                    "socket_errors": " ".join(r["socket_errors"] for r in runs).strip(),
                }
    return results


# --- the deadline spike ------------------------------------------------------------


class FormParser(HTMLParser):
    """The POST forms of a page: action, fields (name → value) and submit buttons."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "fields": [],
                "textareas": [],
                "submits": [],
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "submit":
                self._form["submits"].append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
            else:
                self._form["fields"].append((name, a.get("value", "")))
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            self._form["submits"].append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["textareas"].append([name, ""])
        elif tag == "select" and name:
            self._select = name
            self._form["fields"].append((name, ""))
        elif tag == "option" and self._select and "selected" in a:
            fields = self._form["fields"]
            fields[-1] = (self._select, a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["textareas"][-1][1] += data


def build_submission(html: str, page_path: str, text: str) -> tuple[str, bytes]:
    """Fill the opinion form like a member: write `text` into the first (empty) point
    and press the submit button (not the save-draft one)."""
    parser = FormParser()
    parser.feed(html)
    forms = [f for f in parser.forms if f["method"] == "post" and f["textareas"]]
    if not forms:
        raise RuntimeError(f"no POST form with a text area on {page_path}")
    form = forms[0]
    fields = list(form["fields"])
    filled = False
    for name, value in form["textareas"]:
        if not filled and not value.strip():
            fields.append((name, text))
            filled = True
        else:
            fields.append((name, value))
    if not filled:  # every text area already had text (an edited draft): replace the first
        fields = [(n, text if n == form["textareas"][0][0] else v) for n, v in fields]
    submits = form["submits"]
    chosen = next(
        (s for s in submits if "submit" in s[0].lower() or "submit" in s[1].lower()),
        submits[-1] if submits else None,
    )
    if chosen:
        fields.append(chosen)
    return form["action"] or page_path, urlencode(fields).encode()


def rush(
    port: int, prepared: list[tuple[dict, str, bytes | None]], window: float
) -> tuple[list[tuple[int, float] | None], float]:
    """Request i is sent at i × window / n seconds (POST when it has a body), one thread
    each; returns (status, seconds) per request and the span of the whole rush."""
    n = len(prepared)
    results: list[tuple[int, float] | None] = [None] * n
    start = time.monotonic() + 0.5

    def send(i: int) -> None:
        jar, path, data = prepared[i]
        delay = start + i * window / n - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        method = "GET" if data is None else "POST"
        try:
            status, _, _, elapsed = request(port, method, path, jar, data, timeout=30)
            results[i] = (status, elapsed)
        except (OSError, http.client.HTTPException):
            results[i] = (0, float("nan"))

    threads = [threading.Thread(target=send, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=window + 60)
    return results, time.monotonic() - start


def invite_spike_members(world, members: int) -> list:
    """`members` new members (no password, no e-mail) invited to the world's open meeting."""
    from django.contrib.auth.models import User

    from bench.data import UNUSABLE_PASSWORD
    from council.models import Invitation, Member

    User.objects.bulk_create(
        [User(username=f"spike{i:04d}", password=UNUSABLE_PASSWORD) for i in range(members)]
    )
    users = list(User.objects.filter(username__startswith="spike").order_by("pk"))
    Member.objects.bulk_create(
        [
            Member(
                user=u,
                council=world.council,
                name=f"위원{i:04d}",
                affiliation="학부모",
                term_start=world.member.term_start,
            )
            for i, u in enumerate(users)
        ]
    )
    spikers = list(Member.objects.filter(user__in=users).select_related("user").order_by("pk"))
    Invitation.objects.bulk_create(
        [Invitation(meeting=world.open_meeting, member=m) for m in spikers]
    )
    return spikers


def rush_with_baseline(port: int, path: str, cookies: list[dict], window: float):
    """Every member opens the form (GET), then all submit within `window`; then the bare
    view on the same schedule. Returns (results, baseline, span)."""
    from django.urls import reverse

    # Before the deadline rush: every member has the form open (GET, CSRF cookie).
    prepared: list[tuple[dict, str, bytes]] = []
    for i, jar in enumerate(cookies):
        status, headers, body, _ = request(port, "GET", path, jar)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status} for member {i}")
        jar = {**jar, **set_cookies(headers)}
        action, data = build_submission(
            body.decode(), path, f"마감 직전 제출 의견 {i}: 야간돌봄 확대가 필요함."
        )
        prepared.append((jar, action, data))

    # The rush: member i submits at i × window / members seconds, all within `window`.
    results, span = rush(port, prepared, window)
    # The baseline under the same arrival schedule: the bare view, GET.
    bare = reverse("bench_bare")
    baseline, _ = rush(port, [(jar, bare, None) for jar, _a, _d in prepared], window)
    return results, baseline, span


def percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def spike_summary(results, baseline, span: float, members: int, submitted: int) -> dict:
    """Errors, lost submissions and latencies of a rush, against its baseline."""
    ok = [r for r in results if r and 300 <= r[0] < 400]
    latencies = sorted(r[1] for r in results if r and r[0])
    bare_ok = sorted(r[1] for r in baseline if r and r[0] == 200)

    def ms(values: list[float], p: float) -> float | None:
        return round(percentile(values, p) * 1000, 1) if values else None

    return {
        "members": members,
        "span_s": round(span, 2),
        "redirected": len(ok),
        "errors": members - len(ok),
        "statuses": sorted({r[0] for r in results if r}),
        "submitted_in_db": submitted,
        "lost": len(ok) - submitted if len(ok) >= submitted else 0,
        "missing": members - submitted,
        "p50_ms": ms(latencies, 0.50),
        "p95_ms": ms(latencies, 0.95),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
        "bare_ok": len(bare_ok),
        "bare_p50_ms": ms(bare_ok, 0.50),
        "bare_p95_ms": ms(bare_ok, 0.95),
    }


def spike(port: int, members: int, window: float) -> dict:
    from django.db import connection
    from django.db import connections as db_connections

    from bench.data import make_world
    from council.models import Opinion

    world = make_world()
    spikers = invite_spike_members(world, members)
    path = opinion_url(world)
    cookies = [session_cookie(m.user) for m in spikers]
    vendor = connection.vendor
    db_connections.close_all()

    with Gunicorn(port):
        results, baseline, span = rush_with_baseline(port, path, cookies, window)

    db_connections.close_all()
    submitted = Opinion.objects.filter(
        meeting=world.open_meeting, member__in=spikers, status=Opinion.Status.SUBMITTED
    ).count()
    return {
        "database": vendor,
        "path": path,
        "window_s": window,
        **spike_summary(results, baseline, span, members, submitted),
    }


def health(port: int, rounds: int) -> dict:
    """/health/ (anonymous: database query and storage write/read/delete) against the bare
    view (a member's session, a trivial template), one request at a time, interleaved."""
    from django.db import connections as db_connections
    from django.urls import reverse

    from bench.data import make_world

    world = make_world()
    member = session_cookie(world.member.user)
    targets = {"health": (reverse("health"), {}), "bare": (reverse("bench_bare"), member)}
    db_connections.close_all()
    times: dict[str, list[float]] = {label: [] for label in targets}
    statuses: dict[str, set[int]] = {label: set() for label in targets}
    with Gunicorn(port):
        for _ in range(10):  # warm both workers
            for path, jar in targets.values():
                request(port, "GET", path, jar)
        for _ in range(rounds):
            for label, (path, jar) in targets.items():
                status, _, _, elapsed = request(port, "GET", path, jar)
                statuses[label].add(status)
                times[label].append(elapsed)
    out: dict = {"rounds": rounds}
    for label, values in times.items():
        values.sort()
        out[label] = {
            "statuses": sorted(statuses[label]),
            "p50_ms": round(percentile(values, 0.50) * 1000, 2),
            "p95_ms": round(percentile(values, 0.95) * 1000, 2),
        }
    return out


if __name__ == "__main__":
    what, port = sys.argv[1], int(sys.argv[2])
    if what == "throughput":
        out = throughput(port, int(os.environ.get("BENCH_SECONDS", "12")))
    elif what == "spike":
        out = spike(port, int(os.environ.get("BENCH_SPIKE_MEMBERS", "200")), 10.0)
    elif what == "health":
        out = health(port, int(os.environ.get("BENCH_HEALTH_ROUNDS", "300")))
    else:
        raise SystemExit(f"unknown benchmark {what!r}")
    print(json.dumps(out, ensure_ascii=False))
