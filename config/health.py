"""`/health/`: for load balancers and monitoring, no login.

django-health-check's checks run: the database answers `SELECT 1`, and the
file storage (uploaded materials, published results) can write, read and
delete a small probe file. The answer names the checks and says ok or
unavailable, nothing more: no versions, host names, paths or error texts
(those go to the log, through the library's "health_check" logger).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check.checks import Database, Storage

CHECKS = {"database": Database, "storage": Storage}


async def _gather() -> list:
    # Each check has the library's own time limit (5 s) and logs its failure.
    return await asyncio.gather(*(check().get_result() for check in CHECKS.values()))


def run_checks() -> dict[str, bool]:
    """Name → healthy. The library's checks are asynchronous; they run on an event
    loop of their own thread, so the view stays an ordinary synchronous one under
    gunicorn's sync workers (and beside any loop the calling thread may have)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="health") as pool:
        results = pool.submit(asyncio.run, _gather()).result()
    return {name: result.error is None for name, result in zip(CHECKS, results, strict=True)}


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    states = run_checks()
    healthy = all(states.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: "ok" if ok else "unavailable" for name, ok in states.items()},
        },
        status=200 if healthy else 503,
    )
