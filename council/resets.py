"""Password-reset requests: at most a few per address and per client in a window.

Counted whether or not the address belongs to anyone, so a refusal tells
nothing about which addresses exist. A refused request is not counted (the
window does not slide forward for someone who keeps trying).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import PasswordResetRequest
from lib import mail, ratelimit
from lib.errors import Refused


class TooManyResets(Refused):
    """Over the limit for this address or this client."""


def address_digest(email: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def client_key(ip_address: str) -> str:
    """The client, known only by a keyed hash of its address (lib.ratelimit)."""
    return ratelimit.client_key(ip_address, purpose="council.resets.client")


def window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)


@transaction.atomic
def note_reset_request(*, email: str, ip_address: str | None, now: dt.datetime | None = None):
    """Count one request, or raise TooManyResets (nothing counted, nothing sent)."""
    now = now or timezone.now()
    recent = PasswordResetRequest.objects.filter(at__gte=now - window())
    digest = address_digest(email)
    over_address = (
        recent.filter(address_digest=digest).count() >= settings.PASSWORD_RESET_PER_ADDRESS
    )
    client = client_key(ip_address) if ip_address is not None else ""
    over_client = bool(client) and ratelimit.over_limit(
        recent.filter(client_key=client).values_list("at", flat=True),
        [(settings.PASSWORD_RESET_PER_CLIENT, int(window().total_seconds()))],
        now=now,
    )
    if over_address or over_client:
        raise TooManyResets(
            _(
                "비밀번호 재설정 요청이 너무 많습니다. %(minutes)s분 뒤에 다시 시도하세요. "
                "이미 받은 안내 메일이 있다면 그 링크를 쓰세요."
            )
            % {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES}
        )
    PasswordResetRequest.objects.create(address_digest=digest, client_key=client, at=now)


def purge_reset_requests(*, now: dt.datetime | None = None) -> int:
    """Forget requests older than the window (the scheduled command calls this)."""
    cutoff = (now or timezone.now()) - window()
    return PasswordResetRequest.objects.filter(at__lt=cutoff).delete()[0]


class PortalPasswordResetForm(PasswordResetForm):
    """Django's form, but the page does the same work whether the address exists.

    The message goes out from a thread (lib.mail), and for an unknown address
    the same token and message are made and dropped, so neither the mail server
    nor the rendering shows in the response time.
    """

    def save(self, *args, **kwargs):
        self._matched = False
        super().save(*args, **kwargs)
        if not self._matched:
            stand_in = get_user_model()(email=self.cleaned_data["email"], password="!")
            context = {
                "email": stand_in.email,
                "domain": "",
                "site_name": "",
                "uid": "MA",  # a pk that no account has
                "user": stand_in,
                "token": default_token_generator.make_token(stand_in),
                "protocol": "https",
            }
            loader.render_to_string(
                kwargs.get("subject_template_name", "registration/password_reset_subject.txt"),
                context,
            )
            loader.render_to_string(
                kwargs.get("email_template_name", "registration/password_reset_email.html"),
                context,
            )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        self._matched = True
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(
                loader.render_to_string(html_email_template_name, context), "text/html"
            )
        mail.send_in_background(message)
