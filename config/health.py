"""`/health/`: for load balancers and monitoring, no login.

django-health-check runs two checks: the database answers `SELECT 1`, and
the file storage (uploaded materials, published results) can write, read
and delete a small probe file. The answer names the checks and says ok or
unavailable, nothing more: no versions, host names, paths or error texts
(those go to the log, through the library's "health_check" logger).
"""

from __future__ import annotations

import asyncio

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from health_check.views import HealthCheckView

CHECKS = {
    "database": "health_check.checks.Database",
    "storage": "health_check.checks.Storage",
}


@method_decorator(login_not_required, name="dispatch")
class PortalHealthView(HealthCheckView):
    checks = tuple(CHECKS.values())

    async def get(self, request, *args, **kwargs):
        # Run the checks as the library's view does, but answer in one fixed shape only.
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        states = {
            name: "ok" if result.error is None else "unavailable"
            for name, result in zip(CHECKS, self.results, strict=True)
        }
        healthy = all(state == "ok" for state in states.values())
        return JsonResponse(
            {"status": "ok" if healthy else "unavailable", "checks": states},
            status=200 if healthy else 503,
        )
