"""The portal's log: times with their offset, and a burst of one failure logged once.

During a database outage every request fails the same way; logging each one's
traceback (about 118 lines) buried everything else. `RepeatsOncePerMinute`
lets the first error of a kind through, with its traceback, and drops the
same error again within the minute, counting it; the next one after the
minute is logged with the count of those dropped ("같은 오류 37번 더"). Errors
are "the same" when the logger, the message template and the exception (type
and text) are: every failed request of an outage, whatever its path. gunicorn's
access log still has one line per request.
"""

from __future__ import annotations

import logging
import threading
import time

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # 2026-12-06T19:12:03+0900: the offset is always there


class RepeatsOncePerMinute(logging.Filter):
    window = 60.0

    def __init__(self, name: str = ""):
        super().__init__(name)
        self._lock = threading.Lock()
        self._seen: dict[tuple, list] = {}  # key → [window start (monotonic), dropped]

    def forget(self) -> None:
        """Start counting afresh (tests that read the log)."""
        with self._lock:
            self._seen.clear()

    @staticmethod
    def _key(record: logging.LogRecord) -> tuple:
        exc = record.exc_info[1] if record.exc_info else None
        what = (type(exc).__name__, str(exc)[:300]) if exc is not None else record.getMessage()
        return (record.name, record.levelno, str(record.msg), what)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        key = self._key(record)
        now = time.monotonic()
        with self._lock:
            seen = self._seen.get(key)
            if seen is not None and now - seen[0] < self.window:
                seen[1] += 1
                return False
            dropped = seen[1] if seen is not None else 0
            self._seen[key] = [now, 0]
            if len(self._seen) > 1000:  # forget the oldest kinds; memory stays bounded
                for old in sorted(self._seen, key=lambda k: self._seen[k][0])[:500]:
                    del self._seen[old]
        if dropped:
            record.msg = f"{record.msg} [같은 오류 {dropped}번 더: 지난 1분 동안 기록하지 않음]"
        return True
