"""Facility spreadsheets: importing 5,000 rows, and export memory at 1,000 vs 10,000 rows.

    python -m bench.sheets import   # 5,000 new facilities: read + preview + apply
    python -m bench.sheets export   # registry export: time and peak Python memory at 1k / 10k

The import file is made by the portal's own exporter (so it is a file the
importer accepts) from a council holding the rows, then imported into an
empty council with the same dongs: every row is new. The timed path is the
one the upload pages take: `read_rows` (upload checks + openpyxl read-only),
`judge_rows` (the preview) and `apply_import` (confirm, which judges again and
writes all or nothing).
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
EXPORT_SIZES = (1_000, 10_000)


def _council(slug: str):
    from council.models import Council, Dong

    council = Council.objects.create(
        slug=slug, name=f"{slug} 지역돌봄협의체", district="벤치구", purpose="벤치"
    )
    for i, name in enumerate(["구서2동", "장전1동", "부곡3동", "서1동"], start=1):
        Dong.objects.create(council=council, name=name, order=i)
    return council


def fill(council, n: int, prefix: str = "BN") -> None:
    """n facilities with one dated figure each, bulk-created."""
    from council.models import Dong
    from facilities.models import Facility, FacilityFigures

    dongs = list(Dong.objects.filter(council=council))
    kinds = list(Facility.Kind)
    Facility.objects.bulk_create(
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
    FacilityFigures.objects.bulk_create(
        [
            FacilityFigures(facility_id=pk, as_of=dt.date(2023, 12, 1), capacity=30, enrolled=25)
            for pk in Facility.objects.filter(council=council).values_list("pk", flat=True)
        ],
        batch_size=2000,
    )


def bench_import() -> dict:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from facilities import importer
    from facilities.exporter import registry_workbook
    from facilities.models import Facility
    from facilities.services import apply_import

    source = _council("bench-src")
    fill(source, IMPORT_ROWS)
    _name, _type, content = registry_workbook(council=source, as_of=timezone.localdate())
    user = User.objects.create(username="bench-importer", password="!")
    limit = importer.MAX_ROWS
    # The importer refuses more than MAX_ROWS rows per upload; the benchmark lifts
    # the limit to time the code path at the asked-for size (reported as such).
    importer.MAX_ROWS = max(limit, IMPORT_ROWS)
    try:
        target = _council("bench-dst")
        upload = SimpleUploadedFile("registry.xlsx", content)
        start = time.perf_counter()
        cpu = time.process_time()
        rows = importer.read_rows(upload)
        t_read = time.perf_counter() - start
        preview = importer.judge_rows(council=target, rows=rows)
        t_preview = time.perf_counter() - start - t_read
        apply_import(council=target, user=user, rows=rows)
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu
    finally:
        importer.MAX_ROWS = limit
    return {
        "rows": IMPORT_ROWS,
        "file_bytes": len(content),
        "max_rows_per_upload": limit,
        "read_s": round(t_read, 3),
        "preview_s": round(t_preview, 3),
        "apply_s": round(wall - t_read - t_preview, 3),
        "total_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "new": sum(1 for r in preview if r.action == importer.Action.NEW),
        "errors": sum(1 for r in preview if r.action == importer.Action.ERROR),
        "imported": Facility.objects.filter(council=target).count(),
    }


def bench_export() -> dict:
    from django.utils import timezone

    from facilities.exporter import registry_workbook

    out = {}
    for n in EXPORT_SIZES:
        council = _council(f"bench-x{n}")
        fill(council, n, prefix=f"X{n}")
        times = []
        for _ in range(2):  # the first also warms imports and translations
            start = time.process_time()
            registry_workbook(council=council, as_of=timezone.localdate())
            times.append(time.process_time() - start)
        tracemalloc.start()
        _name, _type, content = registry_workbook(council=council, as_of=timezone.localdate())
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out[str(n)] = {
            "cpu_s": round(times[-1], 3),
            "peak_mib": round(peak / 2**20, 1),
            "bytes": len(content),
            "write_only_peak_mib": write_only_peak(council),
        }
    return out


def write_only_peak(council) -> float:
    """The baseline: the same rows through openpyxl's write-only mode, rows built beforehand
    (so only the workbook's memory is traced). Flat here means a streaming export can be."""
    import io

    from django.utils import timezone
    from openpyxl import Workbook

    from council.xlsx import safe_cell
    from facilities.columns import COLUMNS, facility_row
    from facilities.exporter import registry_as_of
    from facilities.importer import SHEET_TITLE

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
