"""Page weight and load time of the login page and the member's opinion page, cold,
in Chromium on an emulated Slow 4G phone, against production settings.

    python -m bench.pageweight PORT

The portal runs as in production: `config.settings` with DJANGO_DEBUG=false,
`collectstatic` into the bench data directory, WhiteNoise serving the
compressed, hashed files, gunicorn on 127.0.0.1. Each page is loaded RUNS times
in a fresh browser context (empty cache) with Chrome DevTools' "Slow 4G"
network conditions (562.5 ms latency, 1.44 Mb/s down) through the DevTools
protocol; the figures are the medians. "Transferred" is what came over the
network for the page and everything it loaded (headers included: the sum of
Network.loadingFinished encodedDataLength). Prints one JSON document; prints
a SKIPPED line when Debian's Chromium is not installed.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

HOST = "127.0.0.1"
CHROMIUM = Path(os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"))
RUNS = 3
# Chrome DevTools' "Slow 4G" preset (front_end/core/sdk/NetworkManager.ts).
SLOW_4G = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
    "uploadThroughput": 750 * 1000 / 8 * 0.9,
}
PHONE = {"width": 360, "height": 740}
GOALS = {"bytes": 300 * 1024, "load_ms": 3000}
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": HOST,
    "DJANGO_SECURE_SSL_REDIRECT": "false",
}

if __name__ == "__main__":
    if not CHROMIUM.exists():
        print(f"SKIPPED: page weight (no Chromium at {CHROMIUM}; apt-get install chromium)")
        sys.exit(0)
    os.environ.update(PRODUCTION)
    import bench.boot  # noqa: F401  (Django on a fresh bench database, production settings)

ROOT = Path(__file__).resolve().parent.parent


def prepare() -> dict:
    """collectstatic (compressed, hashed) and the bench council; the member's session."""
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from bench.data import make_world
    from bench.web import opinion_url

    call_command("collectstatic", interactive=False, verbosity=0)
    world = make_world()
    client = Client()
    client.force_login(world.member.user)
    session = client.cookies["sessionid"].value
    path = opinion_url(world)
    connections.close_all()
    return {"session": session, "opinion_path": path}


def server(port: int):
    """gunicorn config.wsgi with production settings, 2 workers, loopback only."""
    from bench.web import Gunicorn

    return Gunicorn(port, env={**os.environ, **PRODUCTION, "PYTHONPATH": str(ROOT)})


def load_once(browser, base: str, path: str, cookies: list[dict]) -> dict:
    """One cold load: bytes over the network, requests, load event (ms)."""
    context = browser.new_context(
        base_url=base, viewport=PHONE, locale="ko-KR", timezone_id="Asia/Seoul"
    )
    try:
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        received: dict[str, float] = {}
        urls: dict[str, str] = {}
        cdp.on(
            "Network.requestWillBeSent",
            lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]),
        )
        response = page.goto(path, wait_until="load", timeout=60_000)
        status = response.status if response else 0
        timing = page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return {load: n.loadEventEnd, dcl: n.domContentLoadedEventEnd}; }"
        )
        page.wait_for_timeout(300)  # late loadingFinished events
        files = sorted(
            (urls.get(rid, "?").replace(base, ""), int(size)) for rid, size in received.items()
        )
        return {
            "status": status,
            "url": page.url.replace(base, ""),
            "bytes": int(sum(received.values())),
            "requests": len(received),
            "load_ms": round(timing["load"]),
            "dcl_ms": round(timing["dcl"]),
            "files": files,
        }
    finally:
        context.close()


def measure(port: int) -> dict:
    from playwright.sync_api import sync_playwright

    setup = prepare()
    base = f"http://{HOST}:{port}"
    member_cookie = [{"name": "sessionid", "value": setup["session"], "domain": HOST, "path": "/"}]
    pages = {
        "login page": ("/accounts/login/", []),
        "opinion page": (setup["opinion_path"], member_cookie),
    }
    out: dict = {"emulation": "Chrome DevTools Slow 4G (562.5 ms, 1.44 Mb/s), 360×740, cold"}
    with server(port), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"],
        )
        try:
            for label, (path, cookies) in pages.items():
                load_once(browser, base, path, cookies)  # warm the server, not the browser
                runs = [load_once(browser, base, path, cookies) for _ in range(RUNS)]
                if any(r["status"] != 200 or r["url"] != path for r in runs):
                    out[label] = {
                        "error": f"GET {path} gave {runs[-1]['status']} {runs[-1]['url']}"
                    }
                    continue
                out[label] = {
                    "path": path,
                    "bytes": int(statistics.median(r["bytes"] for r in runs)),
                    "requests": runs[-1]["requests"],
                    "load_ms": int(statistics.median(r["load_ms"] for r in runs)),
                    "dcl_ms": int(statistics.median(r["dcl_ms"] for r in runs)),
                    "files": runs[-1]["files"],
                }
        finally:
            browser.close()
    out["goals"] = GOALS
    return out


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1])), ensure_ascii=False))
