"""The importer contract (lib.imports) on its own: cells cleaned per column, the preview's
counts, and the two view steps keeping, taking once and refusing a stale payload."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from lib import imports
from lib.errors import Refused


class NumberColumn(imports.Column):
    def clean(self, text: str) -> int:
        if not text.isdigit():
            raise ValidationError("숫자로 적어 주세요.")
        return int(text)


COLUMNS = (imports.Column("name", "이름", required=True), NumberColumn("count", "수"))


def test_each_cell_is_cleaned_by_its_column_and_errors_name_the_header():
    cleaned, errors = imports.clean_cells(COLUMNS, {"name": "가", "count": "열"}, row=7)
    assert cleaned == {"name": "가"}
    assert [str(e) for e in errors] == ["7행 [수]: 숫자로 적어 주세요."]
    cleaned, errors = imports.clean_cells(COLUMNS, {"name": "가", "count": "12"}, row=8)
    assert (cleaned, errors) == ({"name": "가", "count": 12}, [])


def test_a_preview_applies_only_without_errors_and_with_changes():
    assert imports.Preview(actions=["new", "unchanged"]).can_apply
    assert not imports.Preview(actions=["unchanged"]).can_apply
    assert not imports.Preview(actions=["new", "error"]).can_apply
    assert imports.Preview(actions=["new", "changed", "new"]).counts == {
        "new": 2,
        "changed": 1,
        "unchanged": 0,
        "error": 0,
    }


class Upload(forms.Form):
    file = forms.FileField()


class LinesImporter(imports.Importer):
    """One row per line of a text file; applying adds them to `self.store`."""

    kind = "lines_test"

    def __init__(self, scope: str, store: list):
        self.scope, self.store = scope, store

    def read(self, data):
        text = data["file"].read().decode()
        if not text.strip():
            raise imports.UploadRejected("빈 파일입니다.")
        return [{"row": n, "values": {"name": line}} for n, line in enumerate(text.split("\n"), 1)]

    def judge(self, payload):
        return imports.Preview(rows=payload, actions=["new"] * len(payload))

    def apply(self, payload, *, user, options):
        if any(r["values"]["name"] == "충돌" for r in payload):
            raise imports.ConflictsRemain("바뀐 행이 있어 아무것도 반영하지 않았습니다.")
        self.store.extend(r["values"]["name"] for r in payload)
        return len(payload)

    def applied(self, result):
        return f"{result}건", "/done/"


@pytest.fixture
def session_request(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    session = SessionStore()

    def make(method: str, data=None):
        factory = RequestFactory()
        request = factory.post("/", data or {}) if method == "POST" else factory.get("/")
        request.session = session
        request._messages = FallbackStorage(request)
        request.user = None
        return request

    return make


def _post_file(make, text: str):
    upload = SimpleUploadedFile("a.txt", text.encode())
    return make("POST", {"file": upload})


def test_upload_keeps_the_payload_and_confirm_applies_it_once(session_request):
    store: list[str] = []
    importer = LinesImporter("c1", store)
    step = imports.upload_step(_post_file(session_request, "가\n나"), importer, Upload)
    assert step.preview.can_apply and step.rejected is None
    answer = imports.confirm_step(session_request("POST"), importer, back="/back/")
    assert (answer.url, store) == ("/done/", ["가", "나"])
    again = imports.confirm_step(session_request("POST"), importer, back="/back/")
    assert again.url == "/back/" and store == ["가", "나"]


def test_a_preview_of_another_scope_is_not_applied(session_request):
    store: list[str] = []
    imports.upload_step(_post_file(session_request, "가"), LinesImporter("c1", store), Upload)
    answer = imports.confirm_step(session_request("POST"), LinesImporter("c2", store), back="/b/")
    assert answer.url == "/b/" and store == []


def test_a_refused_file_and_a_refused_apply_keep_nothing(session_request):
    store: list[str] = []
    importer = LinesImporter("c1", store)
    step = imports.upload_step(_post_file(session_request, " "), importer, Upload)
    assert str(step.rejected) == "빈 파일입니다." and step.form.errors["file"]
    imports.upload_step(_post_file(session_request, "충돌"), importer, Upload)
    request = session_request("POST")
    answer = imports.confirm_step(request, importer, back="/back/")
    assert answer.url == "/back/" and store == []
    assert [str(m) for m in get_messages(request)] == [
        "바뀐 행이 있어 아무것도 반영하지 않았습니다."
    ]
    assert issubclass(imports.ConflictsRemain, Refused)
