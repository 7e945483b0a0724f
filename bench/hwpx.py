"""The result document as HWPX, against the PDF of the same meeting, and its scaling.

    python -m bench.hwpx time       # demo meeting: HWPX vs PDF; 20 and 200 proposals

"Ours" is `reports.exporters.EXPORTERS["hwpx"]` (the code path of
`manage.py export_result MEETING --format hwpx`: database reads, the
ResultDocument, python-hwpx writing and checking the package). The baseline is
`EXPORTERS["pdf"]` on the same meeting in the same process, interleaved with
it, so the ratio says what the 한글 copy costs beside the PDF publishing
already makes.
"""

from __future__ import annotations

import json
import statistics
import sys

if __name__ == "__main__":
    import bench.boot  # noqa: F401  (Django on a fresh bench database)

from bench.pdf import RUNS, demo_meeting, export_pdf, synthetic_meeting, timed


def export_hwpx(meeting) -> bytes:
    from reports.exporters import EXPORTERS

    _name, _type, content = EXPORTERS["hwpx"](meeting, final_only=True)
    return content


def time_all() -> dict:
    meeting = demo_meeting()
    for _ in range(2):  # warm both: imports, fonts, templates, the library's schemas
        export_hwpx(meeting)
        export_pdf(meeting)
    hwpx, pdf = [], []
    for _ in range(RUNS):  # interleaved, so drift on a shared machine hits both
        hwpx.append(timed(export_hwpx, meeting))
        pdf.append(timed(export_pdf, meeting))
    out: dict = {
        "runs": RUNS,
        "demo": {
            "hwpx_s": statistics.median(hwpx),
            "pdf_s": statistics.median(pdf),
            "bytes": len(export_hwpx(meeting)),
        },
    }
    for n, runs in ((20, 3), (200, 2)):
        m = synthetic_meeting(n)
        hwpx = [timed(export_hwpx, m) for _ in range(runs)]
        out[str(n)] = {
            "hwpx_s": statistics.median(hwpx),
            "pdf_s": timed(export_pdf, m),  # once: 200 proposals take seconds
            "bytes": len(export_hwpx(m)),
        }
    return out


if __name__ == "__main__":
    if sys.argv[1] == "time":
        print(json.dumps(time_all()))
