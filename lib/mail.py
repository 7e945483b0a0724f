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

logger = logging.getLogger("lib.mail")
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


def send_or_log(*, subject: str, message: str, recipient_list: list[str]) -> bool:
    """Send now; a mail server that is down is logged, never the user's error.

    Mail goes out after the work it reports has been saved (on commit): a failure
    there must not turn a saved opinion, a created member or a recorded reminder
    into an error page.
    """
    from django.conf import settings
    from django.core.mail import send_mail

    try:
        send_mail(
            subject=subject,
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipient_list,
        )
    except Exception:
        logger.exception("Failed to send mail (%s) to %d address(es)", subject, len(recipient_list))
        return False
    return True
