"""`/health/`: for load balancers and monitoring, no login.

django-health-check's checks run: the database answers `SELECT 1`, and the
file storage (uploaded materials, published results) can write, read and
delete a small probe file. Two of the portal's own follow: `static`, the
static files' manifest this process serves with is loaded (without it every
page is a 500: a restore or an update that skipped `collectstatic`), and
`disk`, the free space under DJANGO_DATA_DIR is at least
PORTAL_HEALTH_MIN_FREE_MB. The answer names the checks and says ok or
unavailable, nothing more: no versions, host names, paths, sizes or error
texts (those go to the log: the library's "health_check" logger, and
"config.health" for the portal's two).
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.files.storage import storages
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check.checks import Database, Storage

CHECKS = {"database": Database, "storage": Storage}
logger = logging.getLogger("config.health")


def static_manifest_loaded() -> bool:
    """This process found the manifest `collectstatic` writes (a storage without one,
    as in development, needs none)."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return True
    if storage.hashed_files:
        return True
    logger.error("static: no staticfiles manifest loaded; run collectstatic and restart")
    return False


def disk_has_room() -> bool:
    """Free space under DJANGO_DATA_DIR ≥ PORTAL_HEALTH_MIN_FREE_MB."""
    minimum = settings.HEALTH_MIN_FREE_MB * 1024 * 1024
    try:
        free = shutil.disk_usage(settings.DATA_DIR).free
    except OSError:
        logger.exception("disk: cannot read the free space of the data directory")
        return False
    if free < minimum:
        logger.error(
            "disk: %d MiB free under the data directory, below PORTAL_HEALTH_MIN_FREE_MB=%d",
            free // (1024 * 1024),
            settings.HEALTH_MIN_FREE_MB,
        )
        return False
    return True


PORTAL_CHECKS = {"static": static_manifest_loaded, "disk": disk_has_room}


async def _gather() -> list:
    # Each check has the library's own time limit (5 s) and logs its failure.
    return await asyncio.gather(*(check().get_result() for check in CHECKS.values()))


def run_checks() -> dict[str, bool]:
    """Name → healthy. The library's checks are asynchronous; they run on an event
    loop of their own thread, so the view stays an ordinary synchronous one under
    gunicorn's sync workers (and beside any loop the calling thread may have)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="health") as pool:
        results = pool.submit(asyncio.run, _gather()).result()
    states = {name: result.error is None for name, result in zip(CHECKS, results, strict=True)}
    states.update({name: check() for name, check in PORTAL_CHECKS.items()})
    return states


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
