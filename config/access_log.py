"""gunicorn's access log without password-reset tokens.

A set-password or reset link is `/accounts/reset/<uid>/<token>/`: whoever reads
the access log could use an unused token to take over the account. The logger
class below (config/gunicorn.conf.py `logger_class`) writes such paths as
`/accounts/reset/<uid>/********/` in the request line, the path and the referrer.
Django then redirects to `/accounts/reset/<uid>/set-password/` (the token moved
into the session), which is logged as it is.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

_RESET = re.compile(r"(/accounts/reset/[^/\s?]+/)(?!set-password/)[^/\s?]+")
MASK = "********"


def mask_reset_tokens(text: str) -> str:
    return _RESET.sub(lambda m: m.group(1) + MASK, text)


class MaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_reset_tokens(atoms[key])
        return atoms
