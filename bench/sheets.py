"""Facility spreadsheets: importing 5,000 rows, and export memory at 1,000 vs 10,000 rows.

    python -m bench.sheets import   # 5,000 new facilities: read + preview + apply
    python -m bench.sheets export   # registry export, today and a past day: time and peak
                                    # Python memory at 1k / 10k rows

The import file is made by the portal's own exporter (so it is a file the
importer accepts) from a council holding the rows, then imported into an
empty council with the same dongs: every row is new. The timed path is the
one the upload pages take: `read_rows` (upload checks + openpyxl read-only),
`judge_rows` (the preview) and `apply_import` (confirm, which judges again and
writes all or nothing). Its baseline is openpyxl alone reading the same file
(read-only, values only), measured in the same process between the imports:
the ratio, not the seconds, is comparable between machines.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import tracemalloc

if __name__ == "__main__":
    import bench.boot  # noqa: F401  (Django on a fresh bench database)

IMPORT_ROWS = 5_000
IMPORT_ROWS_ROUNDS = 3  # measured rounds, after one warm-up round
EXPORT_SIZES = (1_000, 10_000)


def _council(slug: str):
    from council.models import Council, Dong

    council = Council.objects.create(
        slug=slug, name=f"{slug} 지역돌봄협의체", district="벤치구", purpose="벤치"
    )
    for i, name in enumerate(["구서2동", "장전1동", "부곡3동", "서1동"], start=1):
        Dong.objects.create(council=council, name=name, order=i)
    return council


def fill(council, n: int, prefix: str = "BN", *, history: bool = False) -> None:
    """n facilities with one dated figure each, bulk-created. With `history`, each also
    gets a creation record dated 400 days ago, so a past day's export reads them."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from council.models import Dong
    from facilities.models import Facility, FacilityFigures

    dongs = list(Dong.objects.filter(council=council))
    kinds = list(Facility.Kind)
    create = (
        (lambda objs, batch_size: bulk_create_with_history(objs, Facility, batch_size=batch_size))
        if history
        else Facility.objects.bulk_create
    )
    create(
        [
            Facility(
                council=council,
                code=f"{prefix}-{i:05d}",
                kind=kinds[i % 3],
                name=f"벤치 돌봄센터 {i:05d}",
                dong=dongs[i % len(dongs)],
                address="부산광역시 금정구 벤치로 1",
                operator="벤치 법인",
                phone="051-000-0000",
                opens_at=dt.time(13, 0),
                closes_at=dt.time(20, 0),
                night_care=i % 5 == 0,
                night_care_until=dt.time(22, 0) if i % 5 == 0 else None,
                opened_on=dt.date(2020, 3, 1),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    if history:
        past = timezone.now() - dt.timedelta(days=400)
        Facility.history.filter(council_id=council.pk).update(history_date=past)
    FacilityFigures.objects.bulk_create(
        [
            FacilityFigures(facility_id=pk, as_of=dt.date(2023, 12, 1), capacity=30, enrolled=25)
            for pk in Facility.objects.filter(council=council).values_list("pk", flat=True)
        ],
        batch_size=2000,
    )


def openpyxl_alone(content: bytes) -> float:
    """The baseline: CPU seconds for openpyxl to read the same file's registry sheet,
    read-only and values only, with no checks and no validation."""
    import io

    from openpyxl import load_workbook

    from facilities.importer import SHEET_TITLE

    cpu = time.process_time()
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    for _row in workbook[SHEET_TITLE].iter_rows(values_only=True):
        pass
    workbook.close()
    return time.process_time() - cpu


def bench_import() -> dict:
    """The import of IMPORT_ROWS new rows against openpyxl reading the same file alone.

    Interleaved rounds (baseline, then import) in this one process; each import
    runs in a transaction rolled back afterwards, so every round imports into
    the same empty council. The figures are the medians of the rounds.
    """
    import statistics

    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.utils import timezone

    from facilities import importer
    from facilities.exporter import registry_workbook
    from facilities.models import Facility
    from facilities.services import apply_import

    source = _council("bench-src")
    fill(source, IMPORT_ROWS)
    _name, _type, content = registry_workbook(council=source, as_of=timezone.localdate())
    user = User.objects.create(username="bench-importer", password="!")
    target = _council("bench-dst")
    limit = importer.MAX_ROWS
    # The importer refuses more than MAX_ROWS rows per upload; the benchmark lifts
    # the limit to time the code path at the asked-for size (reported as such).
    importer.MAX_ROWS = max(limit, IMPORT_ROWS)
    rounds = []
    try:
        openpyxl_alone(content)  # warm: imports, the zip reader
        for index in range(IMPORT_ROWS_ROUNDS + 1):
            baseline = openpyxl_alone(content)
            with transaction.atomic():
                upload = SimpleUploadedFile("registry.xlsx", content)
                start = time.perf_counter()
                cpu = time.process_time()
                rows = importer.read_rows(upload)
                t_read = time.process_time() - cpu
                preview = importer.judge_rows(council=target, rows=rows)
                t_preview = time.process_time() - cpu - t_read
                apply_import(council=target, user=user, rows=rows)
                cpu = time.process_time() - cpu
                wall = time.perf_counter() - start
                imported = Facility.objects.filter(council=target).count()
                transaction.set_rollback(True)
            if index == 0:
                continue  # the first round warms translations, forms and the ORM
            rounds.append(
                {
                    "openpyxl_s": baseline,
                    "cpu_s": cpu,
                    "total_s": wall,
                    "read_s": t_read,
                    "preview_s": t_preview,
                    "apply_s": cpu - t_read - t_preview,
                    "ratio": cpu / baseline,
                    "imported": imported,
                    "new": sum(1 for r in preview if r.action == importer.Action.NEW),
                    "errors": sum(1 for r in preview if r.action == importer.Action.ERROR),
                }
            )
    finally:
        importer.MAX_ROWS = limit

    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in rounds), 3)

    return {
        "rows": IMPORT_ROWS,
        "rounds": len(rounds),
        "file_bytes": len(content),
        "max_rows_per_upload": limit,
        "openpyxl_s": median("openpyxl_s"),
        "read_s": median("read_s"),
        "preview_s": median("preview_s"),
        "apply_s": median("apply_s"),
        "total_s": median("total_s"),
        "cpu_s": median("cpu_s"),
        "ratio": median("ratio"),
        "ratios": [round(r["ratio"], 2) for r in rounds],
        "new": min(r["new"] for r in rounds),
        "errors": max(r["errors"] for r in rounds),
        "imported": min(r["imported"] for r in rounds),
    }


def export_peak(council, as_of: dt.date) -> tuple[float, float, int]:
    """CPU seconds (second of two runs) and tracemalloc peak (MiB) of one registry export."""
    from facilities.exporter import registry_workbook

    times = []
    for _ in range(2):  # the first also warms imports and translations
        start = time.process_time()
        registry_workbook(council=council, as_of=as_of)
        times.append(time.process_time() - start)
    tracemalloc.start()
    _name, _type, content = registry_workbook(council=council, as_of=as_of)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(times[-1], 3), round(peak / 2**20, 1), len(content)


def bench_export() -> dict:
    """Today's registry (the live rows) and a past day's (read from the change history)."""
    from django.utils import timezone

    today = timezone.localdate()
    past = today - dt.timedelta(days=30)
    out = {}
    for n in EXPORT_SIZES:
        council = _council(f"bench-x{n}")
        fill(council, n, prefix=f"X{n}", history=True)
        cpu_s, peak_mib, size = export_peak(council, today)
        past_cpu_s, past_peak_mib, _size = export_peak(council, past)
        out[str(n)] = {
            "cpu_s": cpu_s,
            "peak_mib": peak_mib,
            "bytes": size,
            "past_cpu_s": past_cpu_s,
            "past_peak_mib": past_peak_mib,
            "write_only_peak_mib": write_only_peak(council),
        }
    return out


def write_only_peak(council) -> float:
    """The baseline: the same rows through openpyxl's write-only mode, rows built beforehand
    (so only the workbook's memory is traced). Flat here means a streaming export can be."""
    import io

    from django.utils import timezone
    from openpyxl import Workbook

    from facilities.columns import COLUMNS, facility_row
    from facilities.exporter import registry_as_of
    from facilities.importer import SHEET_TITLE
    from lib.xlsx import safe_cell

    rows = [
        [safe_cell(v) for v in facility_row(f, figures)]
        for f, figures in registry_as_of(council=council, as_of=timezone.localdate())
    ]
    tracemalloc.start()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    workbook.save(io.BytesIO())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 2**20, 1)


if __name__ == "__main__":
    which = sys.argv[1]
    print(json.dumps(bench_import() if which == "import" else bench_export()))
