"""Parsed uploads waiting between preview and confirm: the one pending-upload store.

An import is two requests: the upload is parsed and previewed, then staff
confirm. The parsed rows wait in private storage (thousands of rows are
megabytes: in the session they would be rewritten on every request) under a
random token that only the uploader's session knows. `take` removes the token
before the caller applies the rows, so a double-clicked confirm applies once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpRequest
from django.utils import timezone

PENDING_DIR = "pending-uploads"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_SESSION_KEY = "pending_uploads"


def _name(token: str) -> str:
    return f"{PENDING_DIR}/{token}.json"


def keep(request: HttpRequest, *, kind: str, scope: str, payload: Any) -> str:
    """Store `payload` for this session's `kind` of import (replacing an earlier one)."""
    storage = storages["default"]
    forget(request, kind=kind)
    _sweep(storage)
    token = secrets.token_urlsafe(24)
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    storage.save(_name(token), ContentFile(data.encode()))
    pending = request.session.get(_SESSION_KEY, {})
    pending[kind] = {"token": token, "scope": scope}
    request.session[_SESSION_KEY] = pending
    return token


def take(request: HttpRequest, *, kind: str, scope: str) -> Any | None:
    """The payload kept for this session, `kind` and `scope`, removed from the store.

    None when there is none (never uploaded, already applied, another scope,
    or swept after a session's lifetime). Removing it first means a second
    confirm finds nothing.
    """
    pending = request.session.get(_SESSION_KEY, {})
    entry = pending.pop(kind, None)
    request.session[_SESSION_KEY] = pending
    if not isinstance(entry, dict) or entry.get("scope") != scope:
        if isinstance(entry, dict):
            _delete(entry.get("token"))
        return None
    token = entry.get("token")
    if not token or not _TOKEN_RE.match(token):
        return None
    storage = storages["default"]
    name = _name(token)
    try:
        with storage.open(name, "rb") as handle:
            payload = json.loads(handle.read())
    except FileNotFoundError:
        return None
    storage.delete(name)
    return payload


def forget(request: HttpRequest, *, kind: str) -> None:
    pending = request.session.get(_SESSION_KEY, {})
    entry = pending.pop(kind, None)
    if entry is not None:
        request.session[_SESSION_KEY] = pending
        if isinstance(entry, dict):
            _delete(entry.get("token"))


def _delete(token: str | None) -> None:
    if token and _TOKEN_RE.match(token):
        storages["default"].delete(_name(token))


def _sweep(storage) -> None:
    """Forget previews nobody confirmed within a session's lifetime."""
    cutoff = timezone.now() - dt.timedelta(seconds=max(settings.SESSION_COOKIE_AGE, 3600))
    try:
        _dirs, files = storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
        except FileNotFoundError:
            pass
