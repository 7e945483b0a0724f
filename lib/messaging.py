"""문자 (SMS/LMS) and 카카오 알림톡 transport, behind one setting (`NOTICE_URL`).

Like `EMAIL_URL`: the embedded default prints each message to the console
(`console://`); `folder:///absolute/folder` writes one JSON file per message;
`locmem://` keeps them in `outbox` (tests); `solapi://KEY:SECRET@api.solapi.com
?sender=0212345678&pf_id=KA01…` sends through Solapi's official SDK (the
optional `solapi` extra). config/env.py reads the URL into
`settings.NOTICE_BACKEND`.

A backend's `send()` returns the provider's message id, or raises
`ProviderUnavailable` (the provider did not answer: keep the message queued)
or `ProviderRejected` (the provider refused this message: its reason is kept).
A backend that can look a sent message up has `status(message_id)`, which
returns the provider's (status code, message) for it (the worker confirms
delivery reports with it when NOTICE_WEBHOOK_CONFIRM is on).
This module knows no council: the outbox (council.notices) decides what to
send, to whom and when.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

# An SMS holds 90 bytes in EUC-KR (45 Korean letters); longer text goes as LMS.
SMS_MAX_BYTES = 90
LMS_MAX_BYTES = 2000
VARIABLE = re.compile(r"#\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ProviderUnavailable(Exception):
    """The provider could not be reached or failed on its side: try again later."""


class ProviderRejected(Exception):
    """The provider refused this message (bad number, unregistered sender, …)."""


class MissingVariable(ValueError):
    """A template names a variable no value was given for: nothing is sent."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


def render(template: str, variables: dict[str, object]) -> str:
    """Fill `#{name}` placeholders (Kakao's template syntax); refuse a missing one."""
    missing = sorted(
        {name for name in VARIABLE.findall(template) if variables.get(name) in (None, "")}
    )
    if missing:
        raise MissingVariable(missing)
    return VARIABLE.sub(lambda m: str(variables[m.group(1)]), template)


def sms_type(text: str) -> str:
    """`SMS` up to 90 bytes (EUC-KR), `LMS` beyond."""
    size = len(text.encode("euc-kr", errors="replace"))
    return "SMS" if size <= SMS_MAX_BYTES else "LMS"


@dataclass(frozen=True)
class TextMessage:
    """One 문자 or 알림톡. For 알림톡, `text` is the filled template and is also what
    goes as 문자 when Kakao cannot deliver it (the provider's fallback)."""

    channel: str  # "sms" or "kakao"
    to: str  # normalized mobile number, 01012345678
    text: str
    subject: str = ""
    template_id: str = ""
    variables: dict[str, str] = field(default_factory=dict)
    reference: str = ""  # the outbox row, echoed back in delivery reports

    @property
    def sms_type(self) -> str:
        return sms_type(self.text)


class ConsoleBackend:
    def __init__(self, **options):
        self.stream = options.get("stream") or sys.stdout

    def send(self, message: TextMessage) -> str:
        message_id = f"console-{uuid.uuid4().hex[:12]}"
        kind = "알림톡" if message.channel == "kakao" else message.sms_type
        self.stream.write(f"[{kind}] → {message.to} ({message_id})\n{message.text}\n{'-' * 40}\n")
        self.stream.flush()
        return message_id


class FolderBackend:
    def __init__(self, *, path: str, **options):
        self.path = Path(path)

    def send(self, message: TextMessage) -> str:
        message_id = f"folder-{uuid.uuid4().hex[:12]}"
        self.path.mkdir(parents=True, exist_ok=True)
        data = {"id": message_id, "type": message.sms_type, **asdict(message)}
        (self.path / f"{message_id}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        return message_id


outbox: list[TextMessage] = []
_outbox_lock = threading.Lock()


class LocmemBackend:
    """Keeps messages in `outbox` (tests). `fail` makes the next sends raise;
    `statuses` answers `status()` (message id → (code, message))."""

    fail: Exception | None = None
    statuses: dict[str, tuple[str, str]] = {}

    def status(self, message_id: str) -> tuple[str, str]:
        if LocmemBackend.fail is not None:
            raise LocmemBackend.fail
        return LocmemBackend.statuses.get(message_id, ("", ""))

    def __init__(self, **options):
        pass

    def send(self, message: TextMessage) -> str:
        if LocmemBackend.fail is not None:
            raise LocmemBackend.fail
        with _outbox_lock:
            outbox.append(message)
        return f"locmem-{uuid.uuid4().hex[:12]}"


class SolapiBackend:
    """Solapi (solapi.com) through its official SDK: SMS/LMS and 알림톡 with the
    provider's own 문자 fallback (`disable_sms=False`)."""

    def __init__(self, *, api_key: str, api_secret: str, sender: str, pf_id: str = "", **options):
        from solapi import SolapiMessageService

        self.service = SolapiMessageService(api_key, api_secret)
        if options.get("base_url"):
            self.service.base_url = options["base_url"].rstrip("/")
        self.sender = sender
        self.pf_id = pf_id

    def send(self, message: TextMessage) -> str:
        from solapi.error.MessageNotReceiveError import MessageNotReceivedError
        from solapi.model import KakaoOption
        from solapi.model.request.message import Message

        fields = {
            "from": self.sender,
            "to": message.to,
            "text": message.text,
            "custom_fields": {"reference": message.reference} if message.reference else None,
        }
        if message.channel == "kakao":
            fields["kakao_options"] = KakaoOption(
                pf_id=self.pf_id,
                template_id=message.template_id,
                variables=message.variables,
                disable_sms=False,
            )
        elif message.sms_type == "LMS" and message.subject:
            fields["subject"] = message.subject[:40]
        try:
            response = self.service.send(Message(**fields))
        except MessageNotReceivedError as exc:
            reasons = "; ".join(f"{m.status_code} {m.status_message}" for m in exc.failed_messages)
            raise ProviderRejected(reasons) from None
        except Exception as exc:
            raise _translated(exc) from None
        items = response.message_list or []
        if not items:
            raise ProviderRejected("응답에 메시지 번호가 없습니다")
        return items[0].message_id

    def status(self, message_id: str) -> tuple[str, str]:
        """The provider's own status of a message it sent (GET
        /messages/v4/list-old?messageId=…, the SDK's `get_messages`): (status
        code, message), or ("", "") when the provider knows no such message."""
        from solapi.model.request.messages.get_messages import GetMessagesRequest

        try:
            response = self.service.get_messages(GetMessagesRequest(message_id=message_id, limit=1))
        except Exception as exc:
            raise _translated(exc) from None
        item = (response.message_list or {}).get(message_id)
        if item is None or not item.status_code:
            return "", ""
        return item.status_code, ""


def _translated(exc: Exception) -> Exception:
    """The SDK's errors as ours: no answer or a 5xx is an outage, the rest a refusal."""
    import httpx

    if isinstance(exc, httpx.HTTPError):
        return ProviderUnavailable(f"{type(exc).__name__}: {exc}")
    # The SDK raises bare Exception(code, message).
    code = exc.args[0] if exc.args else ""
    text = " ".join(str(a) for a in exc.args) or type(exc).__name__
    if code == "UnknownError":  # 5xx: the provider's side
        return ProviderUnavailable(text[:300])
    return ProviderRejected(text[:300])


BACKENDS = {
    "console": ConsoleBackend,
    "folder": FolderBackend,
    "locmem": LocmemBackend,
    "solapi": SolapiBackend,
}


def get_backend():
    config = dict(getattr(settings, "NOTICE_BACKEND", None) or {"backend": "console"})
    return BACKENDS[config.pop("backend")](**config)


def provider_name() -> str:
    return (getattr(settings, "NOTICE_BACKEND", None) or {"backend": "console"})["backend"]
