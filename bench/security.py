"""Issue 13's worst cases, measured: hostile uploads and the write wait while publishing.

    python -m bench.security uploads        # every worst upload × both imports
    python -m bench.security publish-wait   # longest unrelated write while 200 proposals publish

Uploads: each file (tests/hostile/xlsx_files.py WORST_CASES, the probe's files) is
posted to the facility import (as staff) and the response import (as a department
reviewer) in a fresh subprocess, which reports the CPU seconds of the request and
the process's peak RSS during it (VmHWM reset just before the request; it includes
Django itself, `before` is the RSS just before the request). The baseline is a legitimate upload measured the same way:
1,000 facility rows, and a department's 50 responses.

Publish wait: a writer process stores an unrelated row every 20 ms and times each
write, first while nothing else happens (the baseline), then while this process
publishes a meeting of 200 answered proposals (PDF, HTML, xlsx). SQLite, IMMEDIATE
transactions, as the portal runs by default.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITE_EVERY_S = 0.02


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mib() -> float:
    """The peak RSS since the last reset (VmHWM); ru_maxrss where that is missing."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_env() -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "bench.settings"}
    env["DJANGO_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-sec-", dir="/tmp")
    env.pop("DATABASE_URL", None)
    return env


# --- uploads ------------------------------------------------------------------------


def _files(directory: Path) -> dict[str, Path]:
    """Write every file once (building them is not what is measured)."""
    from facilities.columns import COLUMNS
    from tests.hostile import xlsx_files

    headers = [c.header for c in COLUMNS]
    files: dict[str, bytes] = {}
    for kind, (build, _code) in xlsx_files.WORST_CASES.items():
        files[f"response:{kind}"] = build()
        if kind == "wide_dimension":
            files[f"facility:{kind}"] = xlsx_files.wide_dimension_bytes(headers)
        elif kind == "rows_100000":
            files[f"facility:{kind}"] = xlsx_files.many_rows_bytes(100_000, headers)
        else:
            files[f"facility:{kind}"] = files[f"response:{kind}"]
    files["facility:baseline"] = _legit_facility_rows(1_000)
    files["response:baseline"] = b""  # exported by the child from its own proposals
    paths = {}
    for key, content in files.items():
        path = directory / (key.replace(":", "-") + ".xlsx")
        path.write_bytes(content)
        paths[key] = path
    return paths


def _legit_facility_rows(n: int) -> bytes:
    from tests.facilities.xlsx_helpers import row, workbook_bytes

    return workbook_bytes([row(code=f"BASE-{i:05d}", name=f"기준 센터 {i}") for i in range(n)])


def one(target: str, path: str) -> dict:
    """In a fresh process: set up a council, then time one upload request."""
    from django.test import Client
    from django.urls import reverse

    import bench.boot  # noqa: F401
    from council.models import Meeting
    from proposals import spreadsheet
    from tests import factories
    from tests.factories import make_proposal, make_response

    council = factories.make_council()
    department = factories.make_department(council)
    staff = factories.make_staff(council, "bench-staff")
    reviewer = factories.make_reviewer(department, "bench-reviewer")
    meeting = factories.make_meeting(council, status=Meeting.Status.CLOSED)
    for _ in range(50):
        make_response(make_proposal(meeting, department=department))
    content = Path(path).read_bytes()
    if not content:  # the response baseline: the department's own export
        content = spreadsheet.export_department(meeting=meeting, department=department)[2]
    client = Client(HTTP_HOST="127.0.0.1")
    if target == "facility":
        client.force_login(staff)
        url = reverse("facilities:import", args=[council.slug])
    else:
        client.force_login(reviewer)
        url = reverse("proposals:import_xlsx", args=[council.slug, meeting.slug])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("upload.xlsx", content)
    client.get(url)  # templates and imports warmed: the request alone is measured
    before = _rss_mib()
    # Reset the kernel's peak-RSS mark (VmHWM) so the setup above does not count.
    Path("/proc/self/clear_refs").write_text("5")
    cpu = time.process_time()
    response = client.post(url, {"file": upload})
    cpu = time.process_time() - cpu
    peak = _peak_mib()
    html = response.content.decode()
    # The upload field shows its error (the KRDS form pack) or the page its alert.
    refused = "form-hint-invalid" in html or "alert-danger" in html
    return {
        "status": response.status_code,
        "cpu_s": round(cpu, 3),
        "before_mib": round(before, 1),
        "peak_mib": round(peak, 1),
        "refused": refused,
        "bytes": len(content),
    }


def uploads() -> dict:
    import bench.boot  # noqa: F401  (the builders use the registry's columns)

    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as directory:
        paths = _files(Path(directory))
        results = {}
        for key, path in paths.items():
            target = key.split(":", 1)[0]
            env = _child_env()
            try:
                proc = subprocess.run(
                    [sys.executable, "-m", "bench.security", "one", target, str(path)],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
            finally:
                shutil.rmtree(env["DJANGO_DATA_DIR"], ignore_errors=True)
            lines = proc.stdout.strip().splitlines()
            if proc.returncode != 0 or not lines:
                results[key] = {"error": (proc.stderr or proc.stdout).strip()[-300:]}
            else:
                results[key] = json.loads(lines[-1])
    return results


# --- publish wait ---------------------------------------------------------------------


def writer(seconds: float) -> dict:
    """Store an unrelated row every 20 ms for `seconds`; report the slowest write."""
    os.environ["BENCH_SKIP_MIGRATE"] = "1"
    import bench.boot  # noqa: F401
    from council.models import AuditEvent

    waits = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.monotonic()
        AuditEvent.objects.create(action="bench_write", target="다른 저장")
        waits.append(time.monotonic() - start)
        time.sleep(WRITE_EVERY_S)
    return {"writes": len(waits), "max_s": max(waits), "p50_s": sorted(waits)[len(waits) // 2]}


def _start_writer(seconds: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "bench.settings"}
    return subprocess.Popen(
        [sys.executable, "-m", "bench.security", "writer", str(seconds)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def _writer_result(proc: subprocess.Popen) -> dict:
    out, _ = proc.communicate(timeout=600)
    return json.loads(out.strip().splitlines()[-1])


def publish_wait(proposals: int = 200) -> dict:
    import bench.boot  # noqa: F401
    from bench.pdf import demo_meeting, synthetic_meeting
    from reports.services import publish_meeting

    demo_meeting()
    meeting = synthetic_meeting(proposals)
    # A first publish, alone: warms fonts and templates and says how long it takes.
    started = time.monotonic()
    publish_meeting(meeting=meeting, user=None)
    alone_s = time.monotonic() - started
    baseline = _writer_result(_start_writer(3.0))
    proc = _start_writer(alone_s + 4.0)
    time.sleep(1.0)  # the writer is up and writing
    started = time.monotonic()
    result = publish_meeting(meeting=meeting, user=None)
    publish_s = time.monotonic() - started
    during = _writer_result(proc)
    return {
        "proposals": proposals,
        "publish_s": round(publish_s, 2),
        "version": result.version,
        "baseline_max_s": round(baseline["max_s"], 3),
        "during_max_s": round(during["max_s"], 3),
        "during_writes": during["writes"],
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "uploads":
        print(json.dumps(uploads(), ensure_ascii=False))
    elif command == "one":
        print(json.dumps(one(sys.argv[2], sys.argv[3])))
    elif command == "writer":
        print(json.dumps(writer(float(sys.argv[2]))))
    elif command == "publish-wait":
        print(json.dumps(publish_wait()))
    else:
        raise SystemExit(f"unknown command {command}")
