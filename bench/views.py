"""The throughput baseline: a view that renders a trivial template and nothing else."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bare(request: HttpRequest) -> HttpResponse:
    # Login-required like every portal page, so both sides pay the same
    # middleware (session, auth, CSRF, CSP, no-store) and differ only in the view.
    return render(request, "bench/bare.html", {"name": request.user.get_username()})


@login_not_required
def bare_public(request: HttpRequest) -> HttpResponse:
    # The public pages' baseline: the same middleware for a visitor without a session.
    return render(request, "bench/bare.html", {"name": ""})
