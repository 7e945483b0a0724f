"""Mail that the request should not wait for.

The password-reset page answers in the same time whether or not the address
belongs to someone (otherwise the delay of talking to the mail server tells
an attacker which addresses exist): the message is handed to a thread and
the page returns at once. A message that fails is logged, as Django's own
reset form does.
"""

from __future__ import annotations

import logging
import threading

from django.core.mail import EmailMessage

logger = logging.getLogger("council.mail")
_threads: list[threading.Thread] = []
_lock = threading.Lock()


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:
        logger.exception("Failed to send mail to %s", len(message.to))


def send_in_background(message: EmailMessage) -> None:
    thread = threading.Thread(target=_send, args=(message,), daemon=True)
    with _lock:
        _threads[:] = [t for t in _threads if t.is_alive()]
        _threads.append(thread)
    thread.start()


def wait(timeout: float = 30.0) -> None:
    """Wait for the messages handed over so far (tests, management commands)."""
    with _lock:
        pending = list(_threads)
    for thread in pending:
        thread.join(timeout)
