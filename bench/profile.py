"""Profile what a benchmark found slow (needs the `bench` extra: pip install -e ".[bench]").

    python -m bench.profile page "opinion form" [N]   # N GETs of a main page, as its role
    python -m bench.profile import [ROWS]             # facility import (read + preview + apply)
    python -m bench.profile pdf [PROPOSALS]           # the result PDF of a synthetic meeting

Prints pyinstrument's call tree (CPU time) and the SQL statements per call,
on a throwaway bench database under /tmp/bench-*.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    from bench.web import SERVER_SETTINGS

    os.environ.update(SERVER_SETTINGS)  # DEBUG off, as served
    import bench.boot  # noqa: F401

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _profile(fn, repeat: int = 1) -> None:
    from pyinstrument import Profiler

    fn()  # warm
    profiler = Profiler(interval=0.001)
    with CaptureQueriesContext(connection) as ctx:
        profiler.start()
        for _ in range(repeat):
            fn()
        profiler.stop()
    print(f"{len(ctx.captured_queries) / repeat:.1f} SQL statements per call")
    print(profiler.output_text(unicode=True, color=False, time="percent_of_total"))


def page(label: str, n: int) -> None:
    from django.test import Client

    from bench.data import PAGES, grow, make_world, resolve

    world = grow(make_world(), 10)
    target = next(p for p in PAGES if p.label == label)
    url = resolve(target, world)
    from bench.web import session_cookie

    client = Client(HTTP_HOST="127.0.0.1")
    if world.user(target.role):
        client.cookies["sessionid"] = session_cookie(world.user(target.role))["sessionid"]
    _profile(lambda: client.get(url), n)


def import_rows(rows: int) -> None:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.utils import timezone

    from bench.sheets import _council, fill
    from facilities import importer
    from facilities.exporter import registry_workbook
    from facilities.services import apply_import

    source = _council("bench-src")
    fill(source, rows)
    _n, _t, content = registry_workbook(council=source, as_of=timezone.localdate())
    user = User.objects.create(username="bench-importer", password="!")
    target = _council("bench-dst")
    importer.MAX_ROWS = max(importer.MAX_ROWS, rows)

    def run() -> None:
        with transaction.atomic():
            rows_ = importer.read_rows(SimpleUploadedFile("r.xlsx", content))
            importer.judge_rows(council=target, rows=rows_)
            apply_import(council=target, user=user, rows=rows_)
            transaction.set_rollback(True)  # so the warm-up and the profiled run both add

    _profile(run)


def pdf(proposals: int) -> None:
    from bench.pdf import demo_meeting, export_pdf, synthetic_meeting

    demo_meeting()
    meeting = synthetic_meeting(proposals)
    _profile(lambda: export_pdf(meeting))


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "page":
        page(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 50)
    elif what == "import":
        import_rows(int(sys.argv[2]) if len(sys.argv) > 2 else 500)
    elif what == "pdf":
        pdf(int(sys.argv[2]) if len(sys.argv) > 2 else 200)
    else:
        raise SystemExit(__doc__)
