"""돌봄 공백: a metropolitan population file, and the gap page's queries.

    python -m bench.gaps import    # ~200 동 × 101 ages (계/남/여), CP949: read + preview + apply
    python -m bench.gaps queries   # the gap page at 10 and 200 동 (3 facilities each)

The import file is built in the statistics site's layout (every cell quoted,
thousands separators, the 시도 and 시군구 total rows) and imported into a council
holding all of its 동, so every row is matched and written. The baseline is
Python's csv module reading the same decoded text: the floor any CSV import
pays. Times are CPU seconds of this process; the import is timed cold (the
first upload a worker sees also imports charset-normalizer).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time

if __name__ == "__main__":
    import bench.boot  # noqa: F401  (Django on a fresh bench database)

DONGS = 200
QUERY_SIZES = (10, 200)


def _council(slug: str, n: int):
    from council.models import Council, Dong

    council = Council.objects.create(
        slug=slug, name=f"{slug} 협의체", district="벤치구", purpose="벤치"
    )
    Dong.objects.bulk_create(
        [
            Dong(
                council=council,
                name=f"벤치{i}동",
                order=i,
                code=f"{26 + i // 50}{(i % 50) + 1:03d}{510 + i % 90:03d}00",
            )
            for i in range(n)
        ]
    )
    return council


def _file(council) -> bytes:
    from council.models import Dong

    header = ["행정구역"]
    for sex in ("계", "남", "여"):
        prefix = f"2026년10월_{sex}_"
        header += [f"{prefix}총인구수", f"{prefix}연령구간인구수"]
        header += [f"{prefix}{a}세" for a in range(100)] + [f"{prefix}100세 이상"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerow(["부산광역시  (2600000000)", *["1,000"] * (len(header) - 1)])
    for i, dong in enumerate(Dong.objects.filter(council=council).order_by("order")):
        counts = [150 + (i * 7 + a * 3) % 120 for a in range(101)]
        men = [c // 2 for c in counts]
        women = [c - m for c, m in zip(counts, men, strict=True)]
        cells = [f"부산광역시 벤치구 {dong.name} ({dong.code})"]
        for part in (counts, men, women):
            cells += [f"{sum(part):,}", f"{sum(part):,}", *[f"{n:,}" for n in part]]
        writer.writerow(cells)
    return buffer.getvalue().encode("cp949")


def bench_import() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from facilities import population
    from facilities.models import PopulationFigure
    from lib.textfiles import decode_upload

    council = _council("bench-pop", DONGS)
    data = _file(council)
    # Timed cold: the first upload of a worker also pays charset-normalizer's import.
    upload = SimpleUploadedFile("population.csv", data)
    wall = time.perf_counter()
    cpu = time.process_time()
    parsed, encoding = population.read_population(upload)
    t_read = time.process_time() - cpu
    preview = population.judge_population(council=council, parsed=parsed)
    t_preview = time.process_time() - cpu - t_read
    payload = population.to_payload(parsed, source_name="population.csv", encoding=encoding)
    population.apply_population(council=council, user=None, payload=payload)
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    text = decode_upload(data).text
    start = time.process_time()
    rows = sum(1 for _ in csv.reader(io.StringIO(text)))
    baseline = time.process_time() - start
    return {
        "dongs": DONGS,
        "rows": rows,
        "columns": len(text.split("\r\n", 1)[0].split('","')),
        "bytes": len(data),
        "encoding": encoding,
        "baseline_csv_s": round(baseline, 3),
        "read_s": round(t_read, 3),
        "preview_s": round(t_preview, 3),
        "apply_s": round(cpu - t_read - t_preview, 3),
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "matched": len(preview.matched),
        "imported": PopulationFigure.objects.filter(dataset__council=council).count(),
    }


def bench_queries() -> dict:
    import datetime as dt

    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.queries import sql_count
    from council.models import Dong, Staff
    from facilities import population
    from facilities.models import Facility, FacilityFigures

    out = {}
    for n in QUERY_SIZES:
        council = _council(f"bench-gap{n}", n)
        dongs = list(Dong.objects.filter(council=council))
        kinds = list(Facility.Kind)
        Facility.objects.bulk_create(
            [
                Facility(
                    council=council,
                    code=f"G{n}-{i:04d}-{k}",
                    kind=kinds[k],
                    name=f"벤치 센터 {i}-{k}",
                    dong=dong,
                    closes_at=dt.time(19 + k, 0),
                    opened_on=dt.date(2020, 3, 1),
                )
                for i, dong in enumerate(dongs)
                for k in range(3)
            ]
        )
        FacilityFigures.objects.bulk_create(
            [
                FacilityFigures(facility_id=pk, as_of=dt.date(2026, 9, 1), capacity=30, enrolled=25)
                for pk in Facility.objects.filter(council=council).values_list("pk", flat=True)
            ]
        )
        parsed, encoding = population.read_population(SimpleUploadedFile("p.csv", _file(council)))
        population.apply_population(
            council=council,
            user=None,
            payload=population.to_payload(parsed, source_name="p.csv", encoding=encoding),
        )
        staff = User.objects.create(username=f"bench-gap-staff{n}", password="!")
        Staff.objects.create(user=staff, council=council, name="담당자")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(staff)
        url = reverse("facilities:gaps", args=[council.slug])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        out[str(n)] = {
            "url": url,
            "status": response.status_code,
            "queries": sql_count(ctx.captured_queries),
            "facilities": 3 * n,
        }
    return out


if __name__ == "__main__":
    which = sys.argv[1]
    print(json.dumps(bench_import() if which == "import" else bench_queries(), ensure_ascii=False))
