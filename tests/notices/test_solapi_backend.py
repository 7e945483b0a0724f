"""The Solapi backend through the official SDK, against a local HTTP server that
answers as Solapi's documented API does (POST /messages/v4/send-many/detail,
`Authorization: HMAC-SHA256 ApiKey=…, Date=…, salt=…, signature=…`)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from config.env import notice_from_env
from lib.messaging import ProviderRejected, ProviderUnavailable, SolapiBackend, TextMessage

KEY, SECRET = "NCSTESTKEY", "TESTSECRET0123456789"
AUTH = re.compile(
    r"^HMAC-SHA256 ApiKey=(?P<key>[^,]+), Date=(?P<date>[^,]+), salt=(?P<salt>[^,]+), "
    r"signature=(?P<signature>[0-9a-f]{64})$"
)


def _group(count_failed=0, total=1):
    cash = {"requested": 0, "replacement": 0, "refund": 0, "sum": 0}
    return {
        "count": {
            "total": total,
            "sentTotal": 0,
            "sentSuccess": 0,
            "sentPending": 0,
            "sentReplacement": 0,
            "refund": 0,
            "registeredFailed": count_failed,
            "registeredSuccess": total - count_failed,
        },
        "countForCharge": {},
        "balance": cash,
        "point": cash,
        "app": {"profit": {}, "appId": None},
        "log": [],
        "status": "SENDING",
        "allowDuplicates": False,
        "isRefunded": False,
        "accountId": "20000101",
        "masterAccountId": None,
        "apiVersion": "4",
        "groupId": "G4V20991201140000ABCDEF",
        "price": {},
        "dateCreated": "2099-12-01T05:00:00.000Z",
        "dateUpdated": "2099-12-01T05:00:00.000Z",
    }


class FakeSolapi(BaseHTTPRequestHandler):
    requests: list[dict] = []
    lookups: list[str] = []
    mode = "ok"
    # Messages the provider knows (GET /messages/v4/list-old): id → status code.
    statuses: dict[str, str] = {}

    def log_message(self, *args):
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _signed(self) -> bool:
        match = AUTH.match(self.headers.get("Authorization", ""))
        expected = (
            hmac.new(
                SECRET.encode(), (match["date"] + match["salt"]).encode(), hashlib.sha256
            ).hexdigest()
            if match
            else None
        )
        return bool(match) and match["key"] == KEY and match["signature"] == expected

    def do_GET(self):
        """The message list (`GET /messages/v4/list-old?messageId=…&limit=1`):
        {limit, messageList: {id: message}, startKey, nextKey}."""
        if not self._signed():
            return self._answer(401, {"errorCode": "InvalidAPIKey", "errorMessage": "잘못된 인증"})
        path, _, query = self.path.partition("?")
        if path != "/messages/v4/list-old":
            return self._answer(404, {"errorCode": "NotFound", "errorMessage": path})
        if FakeSolapi.mode == "down":
            return self._answer(503, {"errorCode": "ServiceUnavailable"})
        message_id = parse_qs(query).get("messageId", [""])[0]
        FakeSolapi.lookups.append(message_id)
        found = {}
        if message_id in FakeSolapi.statuses:
            found[message_id] = {
                "messageId": message_id,
                "groupId": "G4V20991201140000ABCDEF",
                "to": "01012345678",
                "from": "0212345678",
                "type": "SMS",
                "country": "82",
                "statusCode": FakeSolapi.statuses[message_id],
                "dateCreated": "2099-12-01T05:00:00.000Z",
                "dateUpdated": "2099-12-01T05:00:05.000Z",
            }
        return self._answer(
            200, {"limit": 1, "messageList": found, "startKey": None, "nextKey": None}
        )

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if not self._signed():
            return self._answer(401, {"errorCode": "InvalidAPIKey", "errorMessage": "잘못된 인증"})
        if self.path != "/messages/v4/send-many/detail":
            return self._answer(404, {"errorCode": "NotFound", "errorMessage": self.path})
        FakeSolapi.requests.append(body)
        if FakeSolapi.mode == "down":
            return self._answer(503, {"errorCode": "ServiceUnavailable"})
        message = body["messages"][0]
        if FakeSolapi.mode == "reject":
            failed = {
                "to": message["to"],
                "from": message["from"],
                "type": "SMS",
                "statusMessage": "발신번호 미등록",
                "country": "82",
                "messageId": "M4V-FAILED",
                "statusCode": "1062",
                "accountId": "20000101",
            }
            return self._answer(200, {"groupInfo": _group(1), "failedMessageList": [failed]})
        item = {
            "messageId": "M4V20991201140000ABCDEF",
            "statusCode": "2000",
            "statusMessage": "정상 접수",
        }
        return self._answer(200, {"groupInfo": _group(), "messageList": [item]})


@pytest.fixture
def solapi_server():
    FakeSolapi.requests, FakeSolapi.lookups, FakeSolapi.mode = [], [], "ok"
    FakeSolapi.statuses = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSolapi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _backend(url, secret=SECRET):
    return SolapiBackend(
        api_key=KEY, api_secret=secret, sender="02-123-4567", pf_id="KA01PF1", base_url=url
    )


def test_sms_is_sent_signed_with_the_sender_and_text(solapi_server):
    text = "김위원님, 의견 접수를 시작합니다."
    message_id = _backend(solapi_server).send(
        TextMessage(channel="sms", to="01012345678", text=text, reference="7")
    )
    assert message_id == "M4V20991201140000ABCDEF"
    [body] = FakeSolapi.requests
    sent = body["messages"][0]
    assert (sent["to"], sent["from"], sent["text"]) == ("01012345678", "021234567", text)
    assert sent["customFields"] == {"reference": "7"}
    assert "kakaoOptions" not in sent


def test_alimtalk_carries_the_channel_template_and_variables_with_sms_fallback(solapi_server):
    message = TextMessage(
        channel="kakao",
        to="01012345678",
        text="김위원님, …",
        template_id="KA01TP1",
        variables={"name": "김위원", "link": "http://x/"},
    )
    _backend(solapi_server).send(message)
    kakao = FakeSolapi.requests[0]["messages"][0]["kakaoOptions"]
    assert kakao["pfId"] == "KA01PF1" and kakao["templateId"] == "KA01TP1"
    assert kakao["variables"] == {"#{name}": "김위원", "#{link}": "http://x/"}
    assert kakao["disableSms"] is False


def test_a_wrong_secret_is_refused_by_the_server(solapi_server):
    with pytest.raises(ProviderRejected, match="InvalidAPIKey"):
        _backend(solapi_server, secret="wrong").send(
            TextMessage(channel="sms", to="01012345678", text="x")
        )
    assert FakeSolapi.requests == []


def test_a_refused_message_carries_the_provider_s_reason(solapi_server):
    FakeSolapi.mode = "reject"
    with pytest.raises(ProviderRejected, match="1062 발신번호 미등록"):
        _backend(solapi_server).send(TextMessage(channel="sms", to="01012345678", text="x"))


def test_a_provider_error_or_no_server_is_an_outage(solapi_server):
    FakeSolapi.mode = "down"
    with pytest.raises(ProviderUnavailable):
        _backend(solapi_server).send(TextMessage(channel="sms", to="01012345678", text="x"))
    with pytest.raises(ProviderUnavailable):
        _backend("http://127.0.0.1:9").send(TextMessage(channel="sms", to="01012345678", text="x"))


def test_the_worker_sends_through_notice_url(solapi_server, world, settings, monkeypatch):
    from council.notices import events, worker
    from council.notices.models import Notice
    from tests.factories import make_open_meeting
    from tests.notices.support import DAY, give_contact

    port = solapi_server.rsplit(":", 1)[1]
    monkeypatch.setenv(
        "NOTICE_URL",
        f"solapi://{KEY}:{SECRET}@127.0.0.1:{port}?sender=0212345678&pf_id=KA01PF1&insecure=true",
    )
    settings.NOTICE_BACKEND = notice_from_env("NOTICE_URL")
    give_contact(world.member)
    events.round_opened(meeting=make_open_meeting(world.council, invite=[world.member]), now=DAY)
    assert worker.drain(now=DAY) == {"sent": 1}
    assert Notice.objects.get().provider_id == "M4V20991201140000ABCDEF"
    assert FakeSolapi.requests[0]["messages"][0]["from"] == "0212345678"


@pytest.mark.parametrize(
    "value",
    [
        "smtp://x",
        "solapi://key@api.solapi.com?sender=1",
        "solapi://k:s@api.solapi.com",
        "folder://relative",
    ],
)
def test_a_malformed_notice_url_stops_start_up(value, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("NOTICE_URL", value)
    with pytest.raises(ImproperlyConfigured) as exc:
        notice_from_env("NOTICE_URL")
    assert "NOTICE_URL must look like" in str(exc.value) and ":s@" not in str(exc.value)
