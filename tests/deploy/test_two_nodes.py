"""Two app servers behind nginx, on one PostgreSQL and one data directory.

The README's site file, deploy/nginx.conf (Debian's nginx, private prefix,
foreground; only ports, the upstream list and certificate and error-page paths
swapped: bench/nginx_site.py), over HTTPS in front of two gunicorn servers
started from config/gunicorn.conf.py. Runs on
the PostgreSQL pass of `make test` (scripts/with-postgres.sh gives the
cluster); without nginx it skips locally and fails under CI=true.
"""

from __future__ import annotations

import email
import hashlib
import json
import re
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from bench import web as bench_web
from bench.nginx_site import NginxSite
from tests.deploy.support import (
    BASE_DIR,
    Browser,
    Gunicorn,
    django_script,
    free_port,
    manage,
    new_database,
    portal_env,
    postgres_url,
    require_tool,
)

pytestmark = [pytest.mark.deploy, pytest.mark.postgres]

SPIKE_MEMBERS = 200
REMINDED_MEMBERS = 30

SEED = f"""
import datetime as dt, json
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from bench.data import UNUSABLE_PASSWORD, make_world
from council.models import AgendaItem, Invitation, Meeting, Member

world = make_world("twonodes")
term_start = world.member.term_start

def members(prefix, n, email):
    User.objects.bulk_create([
        User(username=f"{{prefix}}{{i:04d}}", password=UNUSABLE_PASSWORD,
             email=f"{{prefix}}{{i:04d}}@example.com" if email else "")
        for i in range(n)])
    users = User.objects.filter(username__startswith=prefix).order_by("pk")
    Member.objects.bulk_create([
        Member(user=u, council=world.council, name=f"위원{{u.username}}",
               affiliation="학부모", term_start=term_start) for u in users])
    return list(Member.objects.filter(user__in=users).select_related("user").order_by("pk"))

spikers = members("spike", {SPIKE_MEMBERS}, email=False)
Invitation.objects.bulk_create([Invitation(meeting=world.open_meeting, member=m) for m in spikers])

# A meeting whose deadline is 20 hours away: the 24-hour reminder is due.
now = timezone.now()
soon = Meeting.objects.create(
    council=world.council, year=now.year + 1, half=1,
    period_start=now.date(), period_end=(now + dt.timedelta(days=1)).date(),
    deadline=now + dt.timedelta(hours=20), status=Meeting.Status.OPEN, opened_at=now)
AgendaItem.objects.create(meeting=soon, order=1, title="안건")
reminded = members("remind", {REMINDED_MEMBERS}, email=True)
Invitation.objects.bulk_create([Invitation(meeting=soon, member=m) for m in reminded])

cookies = []
for member in spikers:
    client = Client()
    client.force_login(member.user)
    cookies.append(client.cookies["sessionid"].value)
print(json.dumps({{
    "cookies": cookies,
    "opinion_path": reverse("council:my_opinion", args=[world.council.slug, world.open_meeting.slug]),
    "open_meeting": world.open_meeting.pk,
    "staff": world.staff.username,
    "closed": world.closed_meeting.slug,
    "reminded": sorted(m.user.email for m in reminded),
}}))
"""

STAFF_PASSWORD = "two-nodes-staff-pw-2026"


@dataclass
class Cluster:
    env: dict
    data_dir: Path
    mail_dir: Path
    node_a: int
    node_b: int
    nginx: int
    seed: dict
    logs: Path
    tls: ssl.SSLContext  # trusts the nginx site's self-signed certificate
    masters: list[subprocess.Popen]  # the two gunicorn master processes


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    assert postgres_url(), "two app servers share one PostgreSQL (marker: postgres)"
    nginx = require_tool("nginx", "Debian's nginx, for the two-node test")
    openssl = require_tool("openssl", "for the nginx site's self-signed certificate")
    tmp = tmp_path_factory.mktemp("two-nodes")
    data_dir, mail_dir = tmp / "data", tmp / "mail"
    mail_dir.mkdir()
    with new_database("nodes") as database_url:
        env = portal_env(
            data_dir,
            database_url,
            DJANGO_SECURE_SSL_REDIRECT="false",  # nginx speaks plain HTTP on loopback here
            DJANGO_TRUSTED_PROXIES="127.0.0.1",
            EMAIL_URL=f"filemail:///{mail_dir}",
            PORTAL_BASE_URL="https://dolbom.example.go.kr",
            GUNICORN_WORKERS="2",
        )
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        seed = json.loads(django_script(env, SEED).strip().splitlines()[-1])
        django_script(
            env,
            "from django.contrib.auth.models import User\n"
            f"u = User.objects.get(username={seed['staff']!r}); "
            f"u.set_password({STAFF_PASSWORD!r}); u.save()",
        )
        node_a, node_b = free_port(), free_port()
        with (
            Gunicorn(env, node_a, tmp / "node-a.log") as gunicorn_a,
            Gunicorn(env, node_b, tmp / "node-b.log") as gunicorn_b,
            NginxSite(
                nginx, openssl, upstreams=[node_a, node_b], static_root=data_dir / "staticfiles"
            ) as site,
        ):
            # bench.web's load generator connects to 127.0.0.1: trust the certificate
            # without matching its name there (the Browser checks the name).
            loose = site.client_context()
            loose.check_hostname = False
            bench_web.TLS_PORTS[site.https_port] = loose
            try:
                yield Cluster(
                    env, data_dir, mail_dir, node_a, node_b, site.https_port, seed, tmp,
                    site.client_context(), [gunicorn_a.proc, gunicorn_b.proc],
                )  # fmt: skip
            finally:
                bench_web.TLS_PORTS.pop(site.https_port, None)


def _count(cluster: Cluster, expression: str) -> object:
    return json.loads(
        django_script(cluster.env, f"import json\n{expression}").strip().splitlines()[-1]
    )


def test_a_session_started_on_one_node_works_on_the_other(cluster):
    staff = Browser(cluster.node_a)
    staff.login(cluster.seed["staff"], STAFF_PASSWORD)
    staff.port = cluster.node_b
    status, _, body = staff.get("/c/twonodes/")
    assert status == 200
    assert "벤치구" in body.decode()
    # Through nginx, whichever node answers, the session holds.
    staff.port, staff.tls = cluster.nginx, cluster.tls
    for _ in range(6):
        assert staff.get("/c/twonodes/")[0] == 200


def test_published_through_one_node_downloaded_through_the_other(cluster):
    staff = Browser(cluster.node_a)
    staff.login(cluster.seed["staff"], STAFF_PASSWORD)
    closed = cluster.seed["closed"]
    status, _, page = staff.get(f"/c/twonodes/meetings/{closed}/result/")
    assert status == 200
    status, _, body = staff.post(
        f"/c/twonodes/meetings/{closed}/result/publish/",
        {"csrfmiddlewaretoken": staff.csrf_token(page), "confirm_incomplete": "1"},
    )
    assert status == 302, body[:300]

    status, headers, pdf = Browser(cluster.node_b).get(f"/archive/twonodes/{closed}/result.pdf")
    assert status == 200
    assert headers["content-type"] == "application/pdf"
    [stored] = (cluster.data_dir / "private").rglob(f"*{closed}*.pdf")
    assert hashlib.sha256(pdf).hexdigest() == hashlib.sha256(stored.read_bytes()).hexdigest()


def test_send_reminders_on_both_nodes_at_once_sends_each_reminder_once(cluster):
    start_at = time.time() + 3  # both processes are up by then, and start together
    code = (
        "import os, time, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'config.settings'); django.setup()\n"
        "from django.core.management import call_command\n"
        f"time.sleep(max(0, {start_at} - time.time()))\n"
        "call_command('send_reminders')\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=BASE_DIR,
            env=cluster.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in ("node a", "node b")
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    sent = [int(out.split("sent ")[1].split()[0]) for out, _ in outputs]
    assert sum(sent) == REMINDED_MEMBERS, outputs

    # The reminders only: the worker step of send_reminders also sends what other
    # tests queued (the result published above, outside quiet hours).
    recipients = []
    for message_file in cluster.mail_dir.iterdir():
        for chunk in message_file.read_text().split("-" * 79):
            message = email.message_from_string(chunk.strip())
            subject = str(make_header(decode_header(message.get("Subject", ""))))
            if "의견서 제출을 부탁드립니다" in subject:
                recipients.append(message["To"].strip())
    assert sorted(recipients) == cluster.seed["reminded"]


def test_200_members_submit_through_nginx_within_10_seconds_none_lost(cluster):
    path = cluster.seed["opinion_path"]
    prepared = []
    for i, session in enumerate(cluster.seed["cookies"]):
        jar = {"sessionid": session}
        status, headers, body, _ = bench_web.request(cluster.nginx, "GET", path, jar)
        assert status == 200, (i, status)
        jar = {**jar, **bench_web.set_cookies(headers)}
        action, data = bench_web.build_submission(
            body.decode(), path, f"마감 직전 제출 의견 {i}: 두 서버로 나뉘어 들어옴."
        )
        prepared.append((jar, action, data))

    results, span = bench_web.rush(cluster.nginx, prepared, 10.0)
    statuses = [r[0] if r else None for r in results]
    errors = [s for s in statuses if s != 302]
    assert errors == [], sorted(set(map(str, errors)))
    submitted = _count(
        cluster,
        "from council.models import Opinion\n"
        f"print(Opinion.objects.filter(meeting_id={cluster.seed['open_meeting']}, "
        "status='submitted', member__user__username__startswith='spike').count())",
    )
    assert submitted == SPIKE_MEMBERS  # 0 lost
    # nginx spread the rush over both servers (their access logs).
    for node in ("node-a", "node-b"):
        log = (cluster.logs / f"{node}.log").read_text()
        posts = len(re.findall(rf'"POST {re.escape(path)} HTTP/1\.1" 302', log))
        assert posts > SPIKE_MEMBERS // 4, (node, posts)
    assert span < 10.0 + 30  # every request answered; the schedule itself spans 10 s


def test_the_client_address_is_the_one_nginx_saw(cluster):
    # The visitor connects from 127.0.0.2 and forges X-Forwarded-For; nginx
    # replaces the header with the address it saw, which the nodes believe
    # because DJANGO_TRUSTED_PROXIES names nginx (127.0.0.1).
    visitor = Browser(cluster.nginx, tls=cluster.tls, source="127.0.0.2", forwarded_for="6.6.6.6")
    status, _, page = visitor.get("/accounts/login/")
    assert status == 200
    status, _, _ = visitor.post(
        "/accounts/login/",
        {
            "username": cluster.seed["staff"],
            "password": "wrong",
            "csrfmiddlewaretoken": visitor.csrf_token(page),
        },
    )
    assert status == 200  # the form again, with an error
    addresses = _count(
        cluster,
        "from axes.models import AccessFailureLog\n"
        "print(json.dumps(sorted(set(AccessFailureLog.objects.values_list('ip_address', "
        "flat=True)))))",
    )
    assert addresses == ["127.0.0.2"]

    # A download the audit log records: the staff's preview PDF.
    staff = Browser(cluster.nginx, tls=cluster.tls, source="127.0.0.2")
    staff.login(cluster.seed["staff"], STAFF_PASSWORD)
    preview = f"/c/twonodes/meetings/{cluster.seed['closed']}/result/preview.pdf"
    assert staff.get(preview)[0] == 200
    audited = _count(
        cluster,
        "from council.models import AuditEvent\n"
        "print(json.dumps(AuditEvent.objects.latest('pk').ip_address))",
    )
    assert audited == "127.0.0.2"


def test_a_rolling_update_under_steady_load_fails_no_request(cluster):
    """The documented update: each server reloaded in turn (SIGHUP to gunicorn's master,
    what `systemctl reload dolbom-portal` sends), 6 s apart, while members keep opening
    their pages through nginx. No request fails; each server really started new workers."""
    from bench.nodes import rolling_update

    booted = {
        node: (cluster.logs / f"{node}.log").read_text().count("Booting worker")
        for node in ("node-a", "node-b")
    }
    path = cluster.seed["opinion_path"]
    jars = [{"sessionid": cookie} for cookie in cluster.seed["cookies"][:20]]
    result = rolling_update(cluster.nginx, [(path, jar) for jar in jars], cluster.masters)
    assert result["failed"] == 0, result
    assert result["requests"] >= 20, result  # steady load all along (timings: make bench)
    for node, before in booted.items():
        after = (cluster.logs / f"{node}.log").read_text().count("Booting worker")
        assert after >= before + 2, (node, before, after)  # 2 workers each (GUNICORN_WORKERS)
